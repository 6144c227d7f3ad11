// The offline structural check of manifest.xml, used by `npm run validate` when Microsoft's online validator
// cannot be reached and by test/manifest.test.ts on every `npm test`. It checks what makes Office refuse or
// misload this add-in: required elements in order, resource ids that resolve, one shared runtime used
// everywhere, https URLs, a real GUID, the OPP namespace and the requirement sets.
import { child, childrenNamed, descendants, parseXml, XmlSyntaxError, type XmlElement } from "./manifest-xml";

export interface ManifestCheckOptions {
  /** The custom functions namespace the formulas are documented with. */
  namespace?: string;
  /** Requirement sets the add-in relies on, with their minimum versions. */
  requiredSets?: Record<string, string>;
  /** Whether a file behind an https URL of the manifest exists locally (e.g. icons under assets/); omit to skip. */
  fileExists?: (url: URL) => boolean | undefined;
  /** Where the add-in is served ("https://host/path/"): every URL must start with it (a production manifest). */
  baseUrl?: string;
}

export interface ManifestReport {
  problems: string[];
  /** What was found, for printing: id, version, namespace, runtime URL. */
  summary: Record<string, string>;
}

const APP_NS = "http://schemas.microsoft.com/office/appforoffice/1.1";
const OVERRIDES_NS = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const BT_NS = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// The generators' sample ids: a copied template id would clash with every other copy in Office's cache.
const TEMPLATE_IDS = new Set([
  "ca968be6-628b-4f14-ba3c-3e614effa9bd",
  "05c2e1c9-3e1d-406e-9a91-e9ac64854143",
]);
const TOP_LEVEL_ORDER = [
  "Id",
  "AlternateId",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "VersionOverrides",
];
const REQUIRED_TOP_LEVEL = [
  "Id",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "VersionOverrides",
];
const PERMISSIONS = new Set([
  "Restricted",
  "ReadDocument",
  "ReadAllDocument",
  "WriteDocument",
  "ReadWriteDocument",
]);
const DEFAULT_SETS: Record<string, string> = { SharedRuntime: "1.1" };

type ResourceKind = "image" | "url" | "short" | "long";
const RESOURCE_GROUPS: [string, ResourceKind][] = [
  ["bt:Images", "image"],
  ["bt:Urls", "url"],
  ["bt:ShortStrings", "short"],
  ["bt:LongStrings", "long"],
];
const LIMITS: Partial<Record<ResourceKind, number>> = { short: 125, long: 250 };

/** Which kind of resource each resid-bearing element must point to. */
function expectedKind(element: XmlElement, parent: XmlElement | undefined): ResourceKind | ResourceKind[] {
  switch (element.name) {
    case "bt:Image":
      return "image";
    case "Runtime":
    case "SourceLocation":
    case "FunctionFile":
    case "LearnMoreUrl":
      return "url";
    case "Label":
    case "Title":
    case "Namespace":
      return "short";
    case "Description":
      return parent?.name === "Supertip" || parent?.name === "GetStarted" ? "long" : ["short", "long"];
    default:
      return ["image", "url", "short", "long"];
  }
}

function versionAtLeast(actual: string, minimum: string): boolean {
  const a = actual.split(".").map(Number);
  const m = minimum.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, m.length); i++) {
    const x = a[i] ?? 0;
    const y = m[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function parentMap(root: XmlElement): Map<XmlElement, XmlElement> {
  const parents = new Map<XmlElement, XmlElement>();
  for (const e of descendants(root)) for (const c of e.children) parents.set(c, e);
  return parents;
}

export function checkManifest(xml: string, options: ManifestCheckOptions = {}): ManifestReport {
  const problems: string[] = [];
  const summary: Record<string, string> = {};
  const namespace = options.namespace ?? "OPP";
  const requiredSets = options.requiredSets ?? DEFAULT_SETS;

  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    return {
      problems: [`Not well-formed XML: ${err instanceof XmlSyntaxError ? err.message : String(err)}`],
      summary,
    };
  }
  if (root.name !== "OfficeApp") problems.push(`The root element is <${root.name}>, expected <OfficeApp>.`);
  if (root.attributes.xmlns !== APP_NS) problems.push(`<OfficeApp> must declare xmlns="${APP_NS}".`);
  if (root.attributes["xsi:type"] !== "TaskPaneApp")
    problems.push('<OfficeApp> must be xsi:type="TaskPaneApp".');
  if (root.attributes["xmlns:bt"] !== BT_NS) problems.push(`<OfficeApp> must declare xmlns:bt="${BT_NS}".`);

  // Top level: required elements, in the schema's order.
  const names = root.children.map((c) => c.name);
  for (const name of REQUIRED_TOP_LEVEL) {
    if (!names.includes(name)) problems.push(`Missing <${name}>.`);
  }
  const known = names.filter((n) => TOP_LEVEL_ORDER.includes(n));
  const ordered = [...known].sort((a, b) => TOP_LEVEL_ORDER.indexOf(a) - TOP_LEVEL_ORDER.indexOf(b));
  if (known.join() !== ordered.join()) {
    problems.push(`Top-level elements are out of order: expected ${ordered.join(", ")}.`);
  }

  const id = child(root, "Id")?.text ?? "";
  summary.id = id;
  if (id && !GUID.test(id)) problems.push(`<Id> "${id}" is not a GUID.`);
  if (TEMPLATE_IDS.has(id.toLowerCase()))
    problems.push(`<Id> ${id} is a template's sample id: generate a new GUID.`);
  const version = child(root, "Version")?.text ?? "";
  summary.version = version;
  if (version && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version))
    problems.push(`<Version> "${version}" is not n.n.n.n.`);
  for (const name of ["DisplayName", "Description", "IconUrl"]) {
    const e = child(root, name);
    if (e && !e.attributes.DefaultValue) problems.push(`<${name}> has no DefaultValue.`);
  }
  const permissions = child(root, "Permissions")?.text;
  if (permissions !== undefined && !PERMISSIONS.has(permissions)) {
    problems.push(`<Permissions> "${permissions}" is not one of ${[...PERMISSIONS].join(", ")}.`);
  }

  // Hosts and requirement sets.
  const hosts = childrenNamed(child(root, "Hosts"), "Host").map((h) => h.attributes.Name);
  if (!hosts.includes("Workbook")) problems.push('<Hosts> must include <Host Name="Workbook"/> (Excel).');
  const sets = child(child(root, "Requirements"), "Sets");
  const defaultMin = sets?.attributes.DefaultMinVersion ?? "1.1";
  const declared = new Map<string, string>();
  for (const set of childrenNamed(sets, "Set")) {
    if (!set.attributes.Name) problems.push(`<Set> on line ${set.line} has no Name.`);
    else declared.set(set.attributes.Name, set.attributes.MinVersion ?? defaultMin);
  }
  for (const [name, min] of Object.entries(requiredSets)) {
    const have = declared.get(name);
    if (have === undefined) problems.push(`<Requirements> does not declare the ${name} requirement set.`);
    else if (!versionAtLeast(have, min))
      problems.push(`<Requirements> declares ${name} ${have}; ${min} is needed.`);
  }
  summary.requirements = [...declared].map(([n, v]) => `${n} ${v}`).join(", ");

  // Resources: unique ids, lengths, https.
  const overrides = child(root, "VersionOverrides");
  if (overrides) {
    if (overrides.attributes.xmlns !== OVERRIDES_NS)
      problems.push(`<VersionOverrides> must declare xmlns="${OVERRIDES_NS}".`);
    if (overrides.attributes["xsi:type"] !== "VersionOverridesV1_0") {
      problems.push('<VersionOverrides> must be xsi:type="VersionOverridesV1_0".');
    }
  }
  const resources = new Map<string, { kind: ResourceKind; value: string }>();
  const resourcesElement = child(overrides, "Resources");
  if (overrides && !resourcesElement) problems.push("<VersionOverrides> has no <Resources>.");
  for (const [group, kind] of RESOURCE_GROUPS) {
    for (const entry of childrenNamed(
      child(resourcesElement, group),
      kind === "image" ? "bt:Image" : kind === "url" ? "bt:Url" : "bt:String",
    )) {
      const rid = entry.attributes.id;
      const value = entry.attributes.DefaultValue;
      if (!rid) {
        problems.push(`A resource in <${group}> (line ${entry.line}) has no id.`);
        continue;
      }
      if (rid.length > 32) problems.push(`Resource id "${rid}" is longer than 32 characters.`);
      if (resources.has(rid)) problems.push(`Resource id "${rid}" is defined twice.`);
      if (value === undefined || value === "") problems.push(`Resource "${rid}" has no DefaultValue.`);
      const limit = LIMITS[kind];
      if (limit !== undefined && value !== undefined && value.length > limit) {
        problems.push(`Resource "${rid}" is ${value.length} characters; ${group} allow ${limit}.`);
      }
      resources.set(rid, { kind, value: value ?? "" });
    }
  }

  // Every URL the manifest gives must be https (Office refuses http outside localhost debugging).
  const urls: { where: string; value: string }[] = [];
  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    const e = child(root, name);
    if (e?.attributes.DefaultValue) urls.push({ where: `<${name}>`, value: e.attributes.DefaultValue });
  }
  const defaultSource = child(child(root, "DefaultSettings"), "SourceLocation")?.attributes.DefaultValue;
  if (!defaultSource) problems.push("<DefaultSettings> has no <SourceLocation DefaultValue=...>.");
  else urls.push({ where: "<DefaultSettings><SourceLocation>", value: defaultSource });
  for (const [rid, r] of resources) {
    if (r.kind === "image" || r.kind === "url") urls.push({ where: `resource "${rid}"`, value: r.value });
  }
  for (const { where, value } of urls) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      problems.push(`${where} is not a URL: "${value}".`);
      continue;
    }
    if (url.protocol !== "https:") problems.push(`${where} must use https: "${value}".`);
    if (options.baseUrl !== undefined && !value.startsWith(options.baseUrl))
      problems.push(`${where} is not served from ${options.baseUrl}: "${value}".`);
    if (options.fileExists && options.fileExists(url) === false)
      problems.push(`${where} points to a missing file: ${value}.`);
  }

  // Every resid resolves, to the right kind of resource.
  const parents = parentMap(root);
  for (const e of descendants(root)) {
    const rid = e.attributes.resid;
    if (rid === undefined) continue;
    const r = resources.get(rid);
    if (!r) {
      problems.push(`<${e.name} resid="${rid}"> (line ${e.line}) refers to no resource.`);
      continue;
    }
    const kinds = [expectedKind(e, parents.get(e))].flat();
    if (!kinds.includes(r.kind)) {
      problems.push(
        `<${e.name} resid="${rid}"> (line ${e.line}) must refer to ${kinds.join(" or ")} resources, not ${r.kind}.`,
      );
    }
  }

  // The Excel host: <Runtimes> first, one long-lived runtime, the same resid for every page.
  const host = childrenNamed(child(overrides, "Hosts"), "Host").find(
    (h) => h.attributes["xsi:type"] === "Workbook",
  );
  if (!host) {
    problems.push('<VersionOverrides><Hosts> has no <Host xsi:type="Workbook">.');
    return { problems, summary };
  }
  if (host.children[0]?.name !== "Runtimes")
    problems.push("<Runtimes> must be the first element inside the Workbook <Host>.");
  const runtimes = childrenNamed(child(host, "Runtimes"), "Runtime");
  if (runtimes.length !== 1)
    problems.push(`Expected one <Runtime> (the shared runtime), found ${runtimes.length}.`);
  const runtime = runtimes[0];
  const runtimeResid = runtime?.attributes.resid;
  if (runtime && runtime.attributes.lifetime !== "long")
    problems.push('<Runtime> must have lifetime="long" to be shared.');
  summary.runtime = runtimeResid ? (resources.get(runtimeResid)?.value ?? runtimeResid) : "";

  const functionsPoint = descendants(host).find(
    (e) => e.name === "ExtensionPoint" && e.attributes["xsi:type"] === "CustomFunctions",
  );
  if (!functionsPoint) {
    problems.push('No <ExtensionPoint xsi:type="CustomFunctions">.');
  } else {
    for (const part of ["Script", "Page", "Metadata"]) {
      if (!child(child(functionsPoint, part), "SourceLocation")?.attributes.resid) {
        problems.push(`The CustomFunctions extension point has no <${part}><SourceLocation resid=...>.`);
      }
    }
    const pageResid = child(child(functionsPoint, "Page"), "SourceLocation")?.attributes.resid;
    if (runtimeResid && pageResid && pageResid !== runtimeResid) {
      problems.push(
        `The custom functions <Page> uses "${pageResid}" but the shared <Runtime> uses "${runtimeResid}".`,
      );
    }
    const nsResid = child(functionsPoint, "Namespace")?.attributes.resid;
    const ns = nsResid ? resources.get(nsResid)?.value : undefined;
    summary.namespace = ns ?? "";
    if (!nsResid) problems.push("The CustomFunctions extension point has no <Namespace resid=...>.");
    else if (ns !== undefined && ns !== namespace)
      problems.push(`The functions namespace is "${ns}", expected "${namespace}".`);
  }
  const functionFile = descendants(host).find((e) => e.name === "FunctionFile");
  if (runtimeResid && functionFile && functionFile.attributes.resid !== runtimeResid) {
    problems.push(
      `<FunctionFile> uses "${functionFile.attributes.resid}" but the shared <Runtime> uses "${runtimeResid}".`,
    );
  }
  const taskpaneActions = descendants(host).filter(
    (e) => e.name === "Action" && e.attributes["xsi:type"] === "ShowTaskpane",
  );
  for (const action of taskpaneActions) {
    const resid = child(action, "SourceLocation")?.attributes.resid;
    if (runtimeResid && resid !== runtimeResid) {
      problems.push(
        `The ShowTaskpane action (line ${action.line}) uses "${resid}" but the shared <Runtime> uses "${runtimeResid}".`,
      );
    }
    if (!child(action, "TaskpaneId")?.text)
      problems.push(`The ShowTaskpane action (line ${action.line}) has no <TaskpaneId>.`);
  }
  const runtimeUrl = runtimeResid ? resources.get(runtimeResid)?.value : undefined;
  if (runtimeUrl && defaultSource && runtimeUrl !== defaultSource) {
    problems.push(`<DefaultSettings> loads ${defaultSource} but the shared runtime page is ${runtimeUrl}.`);
  }
  for (const icon of descendants(host).filter((e) => e.name === "Icon")) {
    const sizes = childrenNamed(icon, "bt:Image").map((i) => i.attributes.size);
    for (const size of ["16", "32", "80"]) {
      if (!sizes.includes(size)) problems.push(`<Icon> on line ${icon.line} has no ${size}px image.`);
    }
  }
  return { problems, summary };
}

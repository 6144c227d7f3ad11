// The OPC package of a workbook: finds the workbook part, its sheets and relationships, and resolves part names,
// reading only the parts a caller asks for.

import { FileFormatError } from "./errors";
import { findElement, findElements, getAttr, getPrefixedAttr } from "./xml";
import { getEntry, readEntryText, readZip, type ZipArchive, type ZipCodec } from "./zip";

export interface Relationship {
  id: string;
  type: string;
  /** Part name the target resolves to (no leading slash), or the raw target when external. */
  target: string;
  external: boolean;
}

export type SheetKind = "worksheet" | "chartsheet" | "dialogsheet" | "macrosheet" | "unknown";

export interface SheetInfo {
  name: string;
  /** 0-based position in the workbook's sheet list (what localSheetId refers to). */
  index: number;
  sheetId: string;
  relId: string;
  hidden: boolean;
  kind: SheetKind;
  /** The sheet's part name, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

export interface WorkbookPackage {
  zip: ZipArchive;
  workbookPath: string;
  workbookXml: string;
  workbookRels: Relationship[];
  sheets: SheetInfo[];
  date1904: boolean;
}

export const REL_OFFICE_DOCUMENT = "/officeDocument";

export function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf("/");
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that owns the relationship. */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target.replace(/\\/g, "/");
  if (t.startsWith("/")) t = t.slice(1);
  else t = sourcePart.slice(0, sourcePart.lastIndexOf("/") + 1) + t;
  const out: string[] = [];
  for (const seg of t.split("/")) {
    if (seg === "..") out.pop();
    else if (seg !== "." && seg !== "") out.push(seg);
  }
  return out.join("/");
}

export function partText(zip: ZipArchive, path: string, codec?: ZipCodec): string | undefined {
  let entry = getEntry(zip, path);
  if (!entry && path.includes("%")) {
    try {
      entry = getEntry(zip, decodeURIComponent(path));
    } catch {
      entry = undefined;
    }
  }
  return entry ? readEntryText(zip, entry, codec) : undefined;
}

export function parseRels(xml: string, sourcePart: string): Relationship[] {
  return findElements(xml, "Relationship").map((el) => {
    const target = getAttr(el.attrs, "Target") ?? "";
    const external = (getAttr(el.attrs, "TargetMode") ?? "").toLowerCase() === "external";
    return {
      id: getAttr(el.attrs, "Id") ?? "",
      type: getAttr(el.attrs, "Type") ?? "",
      target: external ? target : resolveTarget(sourcePart, target),
      external,
    };
  });
}

export function relsOf(zip: ZipArchive, partPath: string): Relationship[] {
  const xml = partText(zip, relsPathOf(partPath));
  return xml ? parseRels(xml, partPath) : [];
}

export function relOfType(rels: Relationship[], suffix: string): Relationship | undefined {
  return rels.find((r) => r.type.endsWith(suffix) && !r.external);
}

function sheetKind(type: string): SheetKind {
  if (type.endsWith("/worksheet")) return "worksheet";
  if (type.endsWith("/chartsheet")) return "chartsheet";
  if (type.endsWith("/dialogsheet")) return "dialogsheet";
  if (/macrosheet$/i.test(type)) return "macrosheet";
  return "unknown";
}

export function openPackage(data: Uint8Array): WorkbookPackage {
  const zip = readZip(data);
  const rootRels = relsOf(zip, "");
  const officeDoc = relOfType(rootRels, REL_OFFICE_DOCUMENT);
  const workbookPath = officeDoc && getEntry(zip, officeDoc.target) ? officeDoc.target : "xl/workbook.xml";
  const workbookXml = partText(zip, workbookPath);
  if (workbookXml === undefined) throw new FileFormatError("not an xlsx workbook (no xl/workbook.xml)");
  const workbookRels = relsOf(zip, workbookPath);
  const byId = new Map(workbookRels.map((r) => [r.id, r]));
  const sheetsEl = findElement(workbookXml, "sheets");
  const sheets: SheetInfo[] = [];
  if (sheetsEl && !sheetsEl.selfClosing) {
    for (const el of findElements(workbookXml, "sheet", sheetsEl.openEnd, sheetsEl.closeStart)) {
      const relId = getPrefixedAttr(el.attrs, "id") ?? "";
      const rel = byId.get(relId);
      const state = getAttr(el.attrs, "state") ?? "visible";
      sheets.push({
        name: getAttr(el.attrs, "name") ?? "",
        index: sheets.length,
        sheetId: getAttr(el.attrs, "sheetId") ?? "",
        relId,
        hidden: state !== "visible",
        kind: rel ? sheetKind(rel.type) : "unknown",
        path: rel ? rel.target : "",
      });
    }
  }
  const pr = findElement(workbookXml, "workbookPr");
  const d1904 = pr ? getAttr(pr.attrs, "date1904") : undefined;
  return {
    zip,
    workbookPath,
    workbookXml,
    workbookRels,
    sheets,
    date1904: d1904 === "1" || d1904 === "true",
  };
}

export function sheetNamesList(pkg: WorkbookPackage): string {
  return pkg.sheets.map((s) => s.name).join(", ") || "(none)";
}

/** The named sheet (exact name first, then ignoring case as Excel does), or an error listing the sheets. */
export function findSheet(pkg: WorkbookPackage, name: string): SheetInfo {
  const sheet =
    pkg.sheets.find((s) => s.name === name) ??
    pkg.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!sheet) throw new FileFormatError(`sheet '${name}' not found; sheets are: ${sheetNamesList(pkg)}`);
  return sheet;
}

export function requireWorksheet(pkg: WorkbookPackage, name: string): SheetInfo {
  const sheet = findSheet(pkg, name);
  if (sheet.kind !== "worksheet") {
    const what = sheet.kind === "unknown" ? "not a worksheet" : `a ${sheet.kind.replace("sheet", " sheet")}`;
    throw new FileFormatError(`sheet '${sheet.name}' is ${what}, not a worksheet with cells`);
  }
  if (!getEntry(pkg.zip, sheet.path)) {
    throw new FileFormatError(
      `sheet '${sheet.name}' is missing its part ${sheet.path || "(no relationship)"}`,
    );
  }
  return sheet;
}

/** The first worksheet, preferring visible ones. */
export function firstWorksheet(pkg: WorkbookPackage): SheetInfo {
  const ws = pkg.sheets.filter((s) => s.kind === "worksheet" && getEntry(pkg.zip, s.path));
  const sheet = ws.find((s) => !s.hidden) ?? ws[0];
  if (!sheet) throw new FileFormatError(`the workbook has no worksheet; sheets are: ${sheetNamesList(pkg)}`);
  return sheet;
}

// `npm run validate [dist/manifest.xml]`: checks a manifest (manifest.xml by default) with Microsoft's online
// validator when it can be reached, and always with the offline structural check (scripts/manifest-check.ts),
// which is all there is offline.
// Exit code 1 when either finds a problem.
import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkManifest } from "./manifest-check";
import { DEV_URL, localFiles } from "./manifest-files";

const VALIDATOR_HOST = "validationgateway.omex.office.net";
const PROBE_MS = 5_000;
const ONLINE_MS = 60_000;

type Online = { reachable: false; reason: string } | { reachable: true; valid: boolean; lines: string[] };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function validateOnline(manifestPath: string): Promise<Online> {
  try {
    await withTimeout(lookup(VALIDATOR_HOST), PROBE_MS, `looking up ${VALIDATOR_HOST}`);
  } catch (err) {
    return { reachable: false, reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    const { validateManifest } = await import("office-addin-manifest");
    const result = await withTimeout(validateManifest(manifestPath), ONLINE_MS, "the online validator");
    if (result.status !== undefined && result.report === undefined && !result.isValid) {
      return {
        reachable: false,
        reason: `the validator answered HTTP ${result.status} ${result.statusText ?? ""}`.trim(),
      };
    }
    const lines: string[] = [];
    for (const [label, issues] of [
      ["error", result.report?.errors],
      ["warning", result.report?.warnings],
    ] as const) {
      for (const issue of issues ?? []) {
        const at = issue.line ? ` (line ${issue.line})` : "";
        lines.push(`${label}: ${issue.title ?? ""}${at}: ${issue.content ?? ""}`);
      }
    }
    return { reachable: true, valid: result.isValid, lines };
  } catch (err) {
    return { reachable: false, reason: err instanceof Error ? err.message.split("\n")[0] : String(err) };
  }
}

async function main(): Promise<void> {
  const root = resolve(__dirname, "..");
  const manifestPath = resolve(root, process.argv[2] ?? "manifest.xml");
  const xml = readFileSync(manifestPath, "utf8");

  // The add-in's address is the folder of its page: the development server, or a production build's urlProd.
  // Every URL must be under it, and files there are looked up in the build beside the manifest (or dist/).
  const runtime = checkManifest(xml).summary.runtime;
  const baseUrl = URL.canParse(runtime ?? "") ? new URL(".", runtime).href : DEV_URL;
  const distDir = baseUrl === DEV_URL ? join(root, "dist") : dirname(manifestPath);
  const offline = checkManifest(xml, { fileExists: localFiles(root, distDir, baseUrl), baseUrl });
  console.log(`Manifest ${manifestPath}`);
  for (const [k, v] of Object.entries(offline.summary)) console.log(`  ${k}: ${v}`);
  if (offline.problems.length === 0) console.log("Offline structural check: passed.");
  else {
    console.log(`Offline structural check: ${offline.problems.length} problem(s):`);
    for (const p of offline.problems) console.log(`  - ${p}`);
  }

  const online = await validateOnline(manifestPath);
  let failed = offline.problems.length > 0;
  if (!online.reachable) {
    console.log(
      `Online validator not reachable (${online.reason}): the offline structural check is the result.`,
    );
  } else {
    console.log(`Online validator (${VALIDATOR_HOST}): ${online.valid ? "valid" : "NOT valid"}.`);
    for (const line of online.lines) console.log(`  - ${line}`);
    failed ||= !online.valid;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

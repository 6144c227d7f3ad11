// Bundles a TypeScript entry point with esbuild the way the shells ship code (the CLI is built this way; webpack
// builds the same sources for the add-in), into bench/results/. Rebuilt on every call, so a benchmark always
// times the code in the working tree, never a bundle left over from an earlier run.
import { buildSync } from "esbuild";
import path from "node:path";

export const RESULTS = path.join(__dirname, "results");

/** Builds `entry` (relative to the repository root) into bench/results/<name>.cjs and returns that path. */
export function bundle(entry: string, name: string): string {
  const outfile = path.join(RESULTS, `${name}.cjs`);
  buildSync({
    entryPoints: [path.join(__dirname, "..", entry)],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

// The engine as the shells ship it: one bundle of src/model, built by esbuild as the CLI is built (webpack builds
// the same sources for the add-in). Benchmarks load it so they time shipped code, not a TypeScript loader that
// wraps every module and routes each cross-module call through a getter.
import { buildSync } from "esbuild";
import path from "node:path";

type Engine = typeof import("../src/model");

export function loadEngine(): Engine {
  const root = path.join(__dirname, "..");
  const outfile = path.join(root, "node_modules", ".cache", "opportunity-qualifier", "engine-bench.cjs");
  buildSync({
    entryPoints: [path.join(root, "src", "model", "index.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile,
    logLevel: "error",
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as Engine;
}

#!/usr/bin/env node
// Entry point for `npx qualify`. Bundles the TypeScript CLI once with esbuild (cached until a source file
// changes), then runs it in a child Node whose heap is sized to the input file, so a 100,000-row workbook stays
// near 300 MB instead of letting garbage pile up. Running through a TypeScript loader costs several hundred MB more.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.join(__dirname, "..");
const entry = path.join(root, "src", "cli", "bin.ts");
const bundle = path.join(root, "node_modules", ".cache", "opportunity-qualifier", "qualify.cjs");

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBundle() {
  const stale = !fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < newestSource(path.join(root, "src"));
  if (!stale) return;
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  require("esbuild").buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: tmp,
    logLevel: "error",
  });
  fs.renameSync(tmp, bundle);
}

try {
  ensureBundle();
} catch (e) {
  process.stderr.write(`qualify: cannot build the CLI (${e.message})\n`);
  process.exit(2);
}
// The live data is about ten times the file's size; the old generation gets room for sixteen, and at least 256 MB.
const args = process.argv.slice(2);
const inputMB = Math.max(
  0,
  ...args.map((a) => (fs.existsSync(a) && fs.statSync(a).isFile() ? fs.statSync(a).size / 2 ** 20 : 0)),
);
const heapMB = Math.max(256, Math.ceil(16 * inputMB));
const r = spawnSync(
  process.execPath,
  ["--max-semi-space-size=4", `--max-old-space-size=${heapMB}`, bundle, ...args],
  {
    stdio: "inherit",
  },
);
if (r.status === null || r.status === 134) {
  process.stderr.write(
    `qualify: stopped (${r.signal ?? "out of memory"}); nothing was written over any file\n`,
  );
  process.exit(2);
}
process.exit(r.status);

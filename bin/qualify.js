#!/usr/bin/env node
// Entry point for `npx qualify`. Bundles the TypeScript CLI once with esbuild (cached until a source file
// changes), then runs it in a child Node tuned for a small footprint, so a 100,000-row workbook stays
// within a few hundred MB. Running through a TypeScript loader instead costs several hundred MB more.
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
const r = spawnSync(process.execPath, ["--optimize-for-size", bundle, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status === null ? 2 : r.status);

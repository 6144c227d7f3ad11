#!/usr/bin/env node
// Entry point for `npx qualify`: bundles the TypeScript CLI (src/cli/bin.ts) with esbuild and runs it in this
// very process. The bundle is cached under a hash of the content of every source file, the lock file, tsconfig.json
// and this file, never under modification times: copies (cp -a, tar, rsync) restore old times, and trees sharing
// node_modules share its cache, so a time-keyed bundle could silently run another tree's code.
// One process and no worker: a signal that stops qualify stops the work, and nothing is written after it.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const entry = path.join(root, "src", "cli", "bin.ts");
const cacheDir = path.join(root, "node_modules", ".cache", "opportunity-qualifier");
const STALE_DAYS = 7; // other trees' and older bundles are removed after a week without use

/** Every file under `dir`, in a fixed order. */
function filesUnder(dir, out = []) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** What the bundle is made of: each input's path (relative to the tree) and its bytes. */
function sourceHash() {
  const inputs = [
    ...filesUnder(path.join(root, "src")),
    path.join(root, "package-lock.json"),
    path.join(root, "tsconfig.json"),
    __filename,
  ];
  const hash = crypto.createHash("sha256");
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

function removeStaleBundles(keep) {
  const cutoff = Date.now() - STALE_DAYS * 24 * 3600 * 1000;
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (file === keep || !/^qualify(-[0-9a-f]+)?\.cjs$/.test(name)) continue;
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

function ensureBundle() {
  const bundle = path.join(cacheDir, `qualify-${sourceHash()}.cjs`);
  if (fs.existsSync(bundle)) {
    const now = new Date();
    fs.utimesSync(bundle, now, now); // in use: not stale
    return bundle;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
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
  removeStaleBundles(bundle);
  return bundle;
}

let bundle;
try {
  bundle = ensureBundle();
} catch (e) {
  process.stderr.write(`qualify: cannot build the CLI (${e.message})\n`);
  process.exit(2);
}
require(bundle);

// `npx qualify` runs exactly the checkout's code. Two copies of the tree share one node_modules (and so its
// bundle cache); one has a changed CLI. Each runs its own code, whichever ran first, even when the other copy's
// sources carry old modification times (as cp -a, tar and rsync restore them) beside a newer bundle.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const ORIGINAL = "file not found";
const CHANGED = "FILE GONE (changed tree)";

/** Sets every file's times under `dir` to 1 January 2000. */
function ageTree(dir: string): void {
  const old = new Date("2000-01-01T00:00:00Z");
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) utimesSync(path.join(e.parentPath, e.name), old, old);
  }
}

/** A copy of the tree's CLI sources in `dir`, its node_modules a link to `modules`. */
function copyTree(dir: string, modules: string): void {
  mkdirSync(dir);
  for (const part of ["bin", "src", "package.json", "package-lock.json", "tsconfig.json"]) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(modules, path.join(dir, "node_modules"));
}

/** What `qualify score <missing file>` prints from a tree: the catalogue's words for a missing input. */
function missingFileLine(tree: string): string {
  const r = spawnSync(process.execPath, [path.join(tree, "bin", "qualify.js"), "score", "nowhere.csv"], {
    cwd: tree,
    encoding: "utf8",
  });
  expect(r.status, r.stderr).to.equal(2);
  return r.stderr.trim();
}

describe("bin/qualify.js: the code that runs is the checkout's", function () {
  this.timeout(120_000);

  it("two trees sharing node_modules each run their own sources, old modification times or not", function () {
    const base = mkdtempSync(path.join(tmpdir(), "qualify-build-"));
    // A node_modules of its own (links to the real packages), so the shared cache is the test's, not the repo's.
    const modules = path.join(base, "node_modules");
    mkdirSync(modules);
    for (const name of readdirSync(path.join(ROOT, "node_modules"))) {
      if (name !== ".cache") symlinkSync(path.join(ROOT, "node_modules", name), path.join(modules, name));
    }
    const real = path.join(base, "real");
    const changed = path.join(base, "changed");
    copyTree(real, modules);
    copyTree(changed, modules);
    const messages = path.join(changed, "src", "model", "messages.ts");
    writeFileSync(messages, readFileSync(messages, "utf8").replace(`"${ORIGINAL}"`, `"${CHANGED}"`));

    expect(missingFileLine(changed)).to.equal(`qualify: nowhere.csv: ${CHANGED}`);
    // The real sources, restored with old times beside the newer bundle of the changed tree.
    ageTree(path.join(real, "src"));
    expect(statSync(path.join(real, "src", "model", "messages.ts")).mtime.getUTCFullYear()).to.equal(2000);
    expect(missingFileLine(real)).to.equal(`qualify: nowhere.csv: ${ORIGINAL}`);
    // And back: each tree's bundle is found again, neither taken for the other.
    expect(missingFileLine(changed)).to.equal(`qualify: nowhere.csv: ${CHANGED}`);
    ageTree(path.join(changed, "src"));
    expect(missingFileLine(real)).to.equal(`qualify: nowhere.csv: ${ORIGINAL}`);
    expect(missingFileLine(changed)).to.equal(`qualify: nowhere.csv: ${CHANGED}`);
  });
});

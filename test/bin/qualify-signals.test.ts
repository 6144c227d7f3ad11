// Stopping `qualify` stops the work: after SIGTERM or SIGINT to its pid no process is left to write the output
// (a worker once wrote it, or with --in-place the input, seconds later). A temporary file a killed run left
// beside the output is removed by the next run, which says so.
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "qualify.js");
const ROWS = 300_000; // seconds of work even at the 100k rows/s the CLI aims for: the kill comes first

/** The example pipeline's rows repeated to ROWS rows: long enough to be stopped half way. */
function bigCsv(dir: string): string {
  const [header, ...rows] = readFileSync(path.join(ROOT, "examples", "pipeline.csv"), "utf8")
    .trim()
    .split(/\r?\n/);
  const lines = [header];
  while (lines.length <= ROWS) lines.push(...rows);
  const file = path.join(dir, "big.csv");
  writeFileSync(file, `${lines.slice(0, ROWS + 1).join("\n")}\n`);
  return file;
}

/** Pids of live processes whose command line names `text`. */
function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(text)) pids.push(Number(name));
    } catch {
      // It ended while we looked.
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("bin/qualify.js: stopped by a signal", function () {
  this.timeout(120_000);
  let dir: string;
  let input: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "qualify-signals-"));
    input = bigCsv(dir);
    // Build the bundle first, so the runs below spend their time scoring.
    spawnSync(process.execPath, [BIN, "score", path.join(dir, "missing.csv")]);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} to qualify's pid: it ends, nothing else keeps running, nothing is written`, async function () {
      const out = path.join(dir, `out-${signal}.csv`);
      const child = spawn(process.execPath, [BIN, "score", input, "--out", out, "--as-of", "2026-11-28"], {
        stdio: "ignore",
      });
      const ended = new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_code, sig) => r(sig)));
      await sleep(400);
      child.kill(signal);
      expect(await ended, "stopped by the signal, not finished before it").to.equal(signal);
      expect(processesNaming(out), "processes still working on the output").to.deep.equal([]);
      await sleep(1000);
      expect(existsSync(out), "output written after the kill").to.equal(false);
    });
  }

  it("removes a temporary file a killed run left beside the output, with a note", function () {
    const out = path.join(dir, "small.qualified.csv");
    const stale = path.join(dir, ".small.qualified.csv.0a1b2c3d.tmp");
    writeFileSync(stale, "half a file");
    const other = path.join(dir, ".other.csv.0a1b2c3d.tmp"); // another output's: not this run's to remove
    writeFileSync(other, "x");
    const r = spawnSync(
      process.execPath,
      [BIN, "score", path.join(ROOT, "examples", "pipeline.csv"), "--out", out, "--as-of", "2026-11-28"],
      { encoding: "utf8", cwd: dir },
    );
    expect(r.status, r.stderr).to.equal(0);
    expect(existsSync(stale)).to.equal(false);
    expect(existsSync(other)).to.equal(true);
    expect(r.stderr.split("\n")[0]).to.equal(
      "qualify: note: removed .small.qualified.csv.0a1b2c3d.tmp, a temporary file left by an interrupted run",
    );
    // Only this output's temporary files are this run's to remove (a streamed CSV writes its temporary file from
    // the start, so the runs killed above left theirs, for the next run on their outputs to remove).
    expect(readdirSync(dir).filter((f) => f.startsWith(".small.qualified.csv."))).to.deep.equal([]);
  });
});

// What qualify prints to a terminal never carries a control character: a file name, a sheet name or a cell's
// text holding escape sequences (set the title, clear the screen) is printed inert, and JSON Lines stay the
// same JSON values with those characters escaped.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { terminalJson, terminalText } from "../../src/cli/terminal";

const ROOT = path.join(__dirname, "..", "..");
const ESCAPES = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\r\u0000\u007f";
// Any C0 control but tab and newline, DEL, or a C1 control.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function qualify(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "qualify.js"), ...args], {
    cwd,
    encoding: "utf8",
  });
}

describe("cli/terminal: the one printer for the terminal", function () {
  this.timeout(120_000);

  it("strips control characters and keeps the text around them, tabs, newlines and any script", function () {
    expect(terminalText(`Pipe${ESCAPES}line`)).to.equal("Pipe]0;pwned[2J31mline");
    expect(terminalText("Société Générale\t€2.5M\n日本 ✓")).to.equal("Société Générale\t€2.5M\n日本 ✓");
  });

  it("JSON Lines: the same values, with DEL and C1 controls escaped as JSON does the others", function () {
    const line = JSON.stringify({ id: `A${ESCAPES}` });
    const safe = terminalJson(line);
    expect(safe).not.to.match(CONTROL);
    expect(JSON.parse(safe)).to.deep.equal(JSON.parse(line));
  });

  it("a file name with escape sequences: the summary names it without them", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "qualify-term-"));
    const name = `deals${ESCAPES.replace("\u0000", "")}.csv`; // a file name cannot hold NUL
    copyFileSync(path.join(ROOT, "examples", "pipeline.csv"), path.join(dir, name));
    const r = qualify(dir, "score", name, "--as-of", "2026-11-28");
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).not.to.match(CONTROL);
    expect(r.stdout).to.include("Wrote deals]0;pwned[2J31m.qualified.csv");
    expect(readdirSync(dir)).to.include(`deals${ESCAPES.replace("\u0000", "")}.qualified.csv`);
  });

  it("an error quoting a sheet name with escape sequences prints it inert", function () {
    const r = qualify(
      ROOT,
      "score",
      "examples/pipeline.xlsx",
      "--sheet",
      `X${ESCAPES.replace("\u0000", "")}`,
    );
    expect(r.status).to.equal(2);
    expect(r.stderr).not.to.match(CONTROL);
    expect(r.stderr).to.match(/^qualify: examples\/pipeline\.xlsx: sheet 'X\]0;pwned\[2J31m' not found/);
  });

  it("commander's own errors too (an unknown option echoes what was typed)", function () {
    const r = qualify(ROOT, "score", "examples/pipeline.csv", `--x${ESCAPES.replace("\u0000", "")}`);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include("unknown option");
    expect(r.stderr).not.to.match(CONTROL);
  });
});

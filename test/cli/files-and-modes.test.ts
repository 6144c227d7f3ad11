// The CLI and the files around it: the output keeps the input's permissions, --in-place refuses a read-only file
// unless --force, and every failure is one line naming the file it is about (never a bare "unexpected error").
import { expect } from "chai";
import { zipSync } from "fflate";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const CSV = path.join(ROOT, "examples", "pipeline.csv");
const XLSX = path.join(ROOT, "examples", "pipeline.xlsx");

function qualify(cwd: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, "bin", "qualify.js"), "score", ...args, "--as-of", "2026-11-28"],
    {
      cwd,
      encoding: "utf8",
    },
  );
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("qualify: permissions and file names", function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), "qualify-modes-"));
  });

  for (const [source, name] of [
    [CSV, "deals.csv"],
    [XLSX, "deals.xlsx"],
  ]) {
    it(`${name} at 0600: the output beside it is 0600 too, and so is the file after --in-place`, function () {
      const input = path.join(dir, name);
      copyFileSync(source, input);
      chmodSync(input, 0o600);
      const r = qualify(dir, name);
      expect(r.status, r.stderr).to.equal(0);
      const ext = path.extname(name);
      expect(modeOf(path.join(dir, `deals.qualified${ext}`))).to.equal(0o600);
      const again = qualify(dir, name, "--in-place");
      expect(again.status, again.stderr).to.equal(0);
      expect(modeOf(input)).to.equal(0o600);
    });
  }

  it("--out takes the input's mode (0640), whatever the umask would give", function () {
    const input = path.join(dir, "deals.csv");
    copyFileSync(CSV, input);
    chmodSync(input, 0o640);
    const r = qualify(dir, "deals.csv", "--out", "elsewhere.csv");
    expect(r.status, r.stderr).to.equal(0);
    expect(modeOf(path.join(dir, "elsewhere.csv"))).to.equal(0o640);
  });

  it("--in-place refuses a read-only file, which stays as it was; --force replaces it, still read-only", function () {
    const input = path.join(dir, "locked.csv");
    copyFileSync(CSV, input);
    chmodSync(input, 0o444);
    const before = readFileSync(input, "utf8");
    const r = qualify(dir, "locked.csv", "--in-place");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal(
      "qualify: locked.csv: the file is read-only; pass --force to replace it anyway\n",
    );
    expect(readFileSync(input, "utf8")).to.equal(before);
    const forced = qualify(dir, "locked.csv", "--in-place", "--force");
    expect(forced.status, forced.stderr).to.equal(0);
    expect(readFileSync(input, "utf8")).to.match(
      /^.*Verdict,Score,Grade,Risk,Effort \(pd\),Confidence \(%\),Rationale,Next step/,
    );
    expect(modeOf(input)).to.equal(0o444);
  });

  it("a --model that cannot be read (a folder) is named, with the reason", function () {
    mkdirSync(path.join(dir, "model.json"));
    const r = qualify(dir, CSV, "--model", "model.json");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal("qualify: model.json: cannot read (EISDIR)\n");
  });

  it("reads the CSV a .zip holds (as data sets ship), writing the same CSV as the file alone gives, beside it", function () {
    const plain = path.join(dir, "plain");
    mkdirSync(plain);
    copyFileSync(CSV, path.join(plain, "deals.csv"));
    const alone = qualify(plain, "deals.csv");
    expect(alone.status, alone.stderr).to.equal(0);
    writeFileSync(
      path.join(dir, "deals.csv.zip"),
      zipSync({ "export/": new Uint8Array(0), "export/deals.csv": readFileSync(CSV) }),
    );
    const zipped = qualify(dir, "deals.csv.zip");
    expect(zipped.status, zipped.stderr).to.equal(0);
    expect(zipped.stdout.split("\n")[0]).to.match(
      /^Assessed \d+ opportunities \(CSV, export\/deals\.csv in the zip archive\):$/,
    );
    expect(zipped.stdout.split("\n").slice(1)).to.deep.equal(alone.stdout.split("\n").slice(1));
    expect(readFileSync(path.join(dir, "deals.qualified.csv"))).to.deep.equal(
      readFileSync(path.join(plain, "deals.qualified.csv")),
    );
  });

  it("a .zip: --in-place is refused, and an archive with no CSV or several says what it holds", function () {
    writeFileSync(path.join(dir, "deals.zip"), zipSync({ "deals.csv": readFileSync(CSV) }));
    const inPlace = qualify(dir, "deals.zip", "--in-place");
    expect(inPlace.status).to.equal(2);
    expect(inPlace.stderr).to.equal(
      "qualify: deals.zip: --in-place cannot write into a zip archive; the qualified CSV is written beside it, or to --out\n",
    );
    writeFileSync(
      path.join(dir, "years.zip"),
      zipSync({ "2019.csv": readFileSync(CSV), "2020.csv": readFileSync(CSV) }),
    );
    const many = qualify(dir, "years.zip");
    expect(many.status).to.equal(2);
    expect(many.stderr).to.equal(
      "qualify: years.zip: a zip archive with 2 CSV files (2019.csv, 2020.csv); unzip it and pass the one to read\n",
    );
    writeFileSync(path.join(dir, "docs.zip"), zipSync({ "README.md": new Uint8Array([35]) }));
    expect(qualify(dir, "docs.zip").stderr).to.equal(
      "qualify: docs.zip: a zip archive with no .csv or .txt file in it (it holds README.md)\n",
    );
  });

  it("a failure no check foresaw still names the input file, on one line", function () {
    // A 3 GB file (sparse: it takes no disk) that the reader cannot take whole.
    const input = path.join(dir, "huge.xlsx");
    const fd = openSync(input, "w");
    ftruncateSync(fd, 3 * 2 ** 30);
    closeSync(fd);
    const r = qualify(dir, "huge.xlsx");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/^qualify: huge\.xlsx: [^\n]+\n$/);
  });
});

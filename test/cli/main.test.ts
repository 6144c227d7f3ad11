// The qualify CLI end to end on real files: outputs equal the engine's, nothing else in the workbook changes,
// re-runs update in place, and every failure is one line naming the file, with exit code 2.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import {
  assessTable,
  defaultModel,
  loadModel,
  OUTPUT_COLUMNS,
  outputRow,
  partsToSerial,
  type Cell,
} from "../../src/model";
import { readCsv } from "../../src/files/csv";
import { readWorkbookTable } from "../files/adapter";
import { runScore } from "../../src/cli/main";
import { CliError } from "../../src/cli/score";
import {
  makeRichWorkbook,
  makeWorkbookWithChart,
  PIPELINE_HEADERS,
  PIPELINE_ROWS,
  unzipParts,
} from "../files/fixtures";

const ROOT = path.join(__dirname, "..", "..");
const AS_OF = "2026-11-28";
const asOf = partsToSerial(2026, 11, 28)!;

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), "qualify-"));
}

/** Runs the CLI in-process; returns what it printed, or the CliError it raised. */
function run(file: string, opts: Record<string, unknown> = {}) {
  let out = "";
  let err = "";
  const io = {
    out: { write: (s: string) => ((out += s), true) },
    err: { write: (s: string) => ((err += s), true), isTTY: false },
  } as unknown as Parameters<typeof runScore>[2];
  try {
    runScore(file, { asOf: AS_OF, ...opts }, io);
    return { out, err, error: null as CliError | null };
  } catch (e) {
    return { out, err, error: e as CliError };
  }
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "qualify.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
  });
}

function expectedOutputs(headers: Cell[], rows: Cell[][]) {
  return assessTable({ headers, rows }, defaultModel, { asOf }).results.map((a) => (a ? outputRow(a) : null));
}

describe("qualify CLI", function () {
  this.timeout(60_000);

  it("scores the example workbook with exactly the engine's results, beside the data", () => {
    const dir = tmp();
    const out = path.join(dir, "out.xlsx");
    const r = run(path.join(ROOT, "examples", "pipeline.xlsx"), { out });
    expect(r.error).to.equal(null);
    expect(r.out).to.match(/Qualified 50 opportunities/);
    expect(r.out).to.include("Wrote");
    const input = readWorkbookTable(
      new Uint8Array(readFileSync(path.join(ROOT, "examples", "pipeline.xlsx"))),
    );
    const output = readWorkbookTable(new Uint8Array(readFileSync(out)));
    expect(output.headers.slice(0, input.headers.length)).to.deep.equal(input.headers);
    expect(output.headers.slice(input.headers.length)).to.deep.equal([...OUTPUT_COLUMNS]);
    const expected = expectedOutputs(input.headers, input.rows);
    output.rows.forEach((row, i) => {
      expect(row.slice(0, input.headers.length), `row ${i + 2} inputs`).to.deep.equal(input.rows[i]);
      expect(row.slice(input.headers.length), `row ${i + 2} outputs`).to.deep.equal(expected[i]);
    });
    const count = (v: string) => +new RegExp(`^\\s+${v}\\s+(\\d+)`, "m").exec(r.out)![1];
    const verdicts = expected.map((e) => e![0]);
    for (const v of ["Qualified", "Conditional", "Not qualified"])
      expect(count(v), v).to.equal(verdicts.filter((x) => x === v).length);
  });

  it("gives the same verdicts for the CSV twin of the example as for the workbook", () => {
    const dir = tmp();
    run(path.join(ROOT, "examples", "pipeline.xlsx"), { out: path.join(dir, "a.xlsx") });
    run(path.join(ROOT, "examples", "pipeline.csv"), { out: path.join(dir, "a.csv") });
    const x = readWorkbookTable(new Uint8Array(readFileSync(path.join(dir, "a.xlsx"))));
    const c = readCsv(readFileSync(path.join(dir, "a.csv"), "utf8"));
    const tail = (r: Cell[]) => r.slice(-6, -1).map(String);
    expect(c.rows.map(tail)).to.deep.equal(x.rows.map(tail));
  });

  it("keeps every other part of the workbook: charts, pivots, images, macros, formulas, names", () => {
    for (const wb of [
      makeWorkbookWithChart(PIPELINE_ROWS, PIPELINE_HEADERS),
      makeRichWorkbook(),
      makeRichWorkbook({ table: true }),
    ]) {
      const dir = tmp();
      const input = path.join(dir, "in.xlsx");
      writeFileSync(input, wb);
      expect(run(input).error).to.equal(null);
      const before = unzipParts(wb);
      const after = unzipParts(new Uint8Array(readFileSync(path.join(dir, "in.qualified.xlsx"))));
      expect(Object.keys(after)).to.include.members(Object.keys(before));
      const touched = new Set(["xl/workbook.xml", "xl/styles.xml"]);
      for (const name of Object.keys(before)) {
        if (touched.has(name) || /^xl\/worksheets\/sheet1\.xml$|^xl\/tables\//.test(name)) continue;
        expect(Buffer.from(after[name]).equals(Buffer.from(before[name])), name).to.equal(true);
      }
      expect(Object.keys(before).some((n) => n.startsWith("xl/charts/"))).to.equal(true);
    }
  });

  it("updates its own columns on a second run instead of adding new ones", () => {
    const dir = tmp();
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    run(path.join(ROOT, "examples", "pipeline.xlsx"), { out: first });
    run(first, { out: second });
    const a = readWorkbookTable(new Uint8Array(readFileSync(first)));
    const b = readWorkbookTable(new Uint8Array(readFileSync(second)));
    expect(b.headers).to.deep.equal(a.headers);
    expect(b.rows).to.deep.equal(a.rows);
  });

  it("re-scores with a changed model, in place, without growing the table", () => {
    const dir = tmp();
    const file = path.join(dir, "p.xlsx");
    writeFileSync(file, readFileSync(path.join(ROOT, "examples", "pipeline.xlsx")));
    run(file, { inPlace: true });
    const modelFile = path.join(dir, "strict.json");
    writeFileSync(modelFile, JSON.stringify({ thresholds: { qualified: { minScore: 85 } } }));
    expect(run(file, { inPlace: true, model: modelFile }).error).to.equal(null);
    const t = readWorkbookTable(new Uint8Array(readFileSync(file)));
    expect(t.headers.filter((h) => h === "Verdict")).to.have.length(1);
    const strict = loadModel({ thresholds: { qualified: { minScore: 85 } } }, defaultModel);
    const inputs = t.rows.map((r) => r.slice(0, -6));
    const expected = assessTable({ headers: t.headers.slice(0, -6), rows: inputs }, strict, { asOf }).results;
    t.rows.forEach((r, i) => expect(r[r.length - 6]).to.equal(expected[i]!.verdict));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).to.deep.equal([]);
  });

  it("never overwrites a user's column that happens to be called Score", () => {
    const dir = tmp();
    const input = path.join(dir, "mine.xlsx");
    const wb = makeWorkbookWithChart(
      PIPELINE_ROWS.map((r) => [...r, 7]),
      [...PIPELINE_HEADERS, "Score"],
    );
    writeFileSync(input, wb);
    const r = run(input);
    expect(r.error).to.be.instanceOf(CliError);
    expect(r.error!.message).to.match(
      /mine\.xlsx: column 'Score' \(G1\) already exists and was not written by qualify/,
    );
    expect(readdirSync(dir)).to.deep.equal(["mine.xlsx"]);
    expect(Buffer.from(readFileSync(input)).equals(Buffer.from(wb))).to.equal(true);
  });

  it("writes CSV with formula-like text neutralised", () => {
    const dir = tmp();
    const input = path.join(dir, "p.csv");
    writeFileSync(
      input,
      'Opportunity ID,Customer,Deal Value,Financing\n=cmd|calc,@evil,"$1.2M",Secured\nOPP-2,-Acme,-5,Partial\n',
    );
    expect(run(input).error).to.equal(null);
    const text = readFileSync(path.join(dir, "p.qualified.csv"), "utf8");
    const t = readCsv(text);
    expect(t.headers.slice(-6)).to.deep.equal([...OUTPUT_COLUMNS]);
    for (const row of t.rows) {
      for (const cell of row) if (typeof cell === "string") expect(cell).to.not.match(/^[=@]/);
    }
    expect(t.rows[0][0]).to.equal("'=cmd|calc");
    expect(t.rows[1][1]).to.equal("'-Acme");
  });

  it("prints JSON Lines with the row, id, verdict, numbers, rationale, counterfactual, drivers and missing", () => {
    const dir = tmp();
    const r = run(path.join(ROOT, "examples", "pipeline.csv"), { out: path.join(dir, "o.csv"), json: true });
    const lines = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).to.have.length(50);
    expect(lines[0]).to.have.all.keys(
      "row",
      "id",
      "verdict",
      "score",
      "grade",
      "risk",
      "effort",
      "rationale",
      "counterfactual",
      "drivers",
      "missing",
    );
    expect(lines[0].row).to.equal(2);
    expect(lines[0].id).to.equal("OPP-1001");
    // An xlsx names the same sheet rows (header on row 1).
    const x = run(path.join(ROOT, "examples", "pipeline.xlsx"), {
      out: path.join(dir, "o.xlsx"),
      json: true,
    });
    const xlsxRows = x.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).row);
    expect(xlsxRows.slice(0, 3)).to.deep.equal([2, 3, 4]);
    const sum =
      lines[1].drivers.reduce((s: number, d: { points: number }) => s + Math.round(d.points * 10), 0) / 10;
    expect(sum).to.equal(lines[1].score);
  });

  it("fails with one line naming the file, exit code 2 and no stack trace", () => {
    const dir = tmp();
    const notWorkbook = path.join(dir, "notes.xlsx");
    writeFileSync(notWorkbook, "hello");
    const noFields = path.join(dir, "nofields.csv");
    writeFileSync(noFields, "Foo,Bar,Baz\n1,2,3\n");
    const badModel = path.join(dir, "model.json");
    writeFileSync(badModel, JSON.stringify({ weights: { financing: "high" } }));
    const cases: [string[], RegExp][] = [
      [["score", path.join(dir, "missing.xlsx")], /missing\.xlsx: file not found/],
      [["score", notWorkbook], /notes\.xlsx: not an xlsx workbook/],
      [
        ["score", "examples/pipeline.xlsx", "--sheet", "Nope", "--out", path.join(dir, "x.xlsx")],
        /pipeline\.xlsx: sheet 'Nope' not found; sheets are: Pipeline, Notes/,
      ],
      [["score", noFields], /nofields\.csv: No opportunity fields found in: Foo, Bar, Baz/],
      [
        ["score", "examples/pipeline.csv", "--model", badModel],
        /model\.json: invalid model: weights\.financing: expected number, received string/,
      ],
      [["score", "examples/pipeline.csv", "--as-of", "yesterday"], /--as-of: expected a date/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(" ")).to.equal(2);
      expect(r.stderr.trim().split("\n"), r.stderr).to.have.length(1);
      expect(r.stderr).to.match(message);
      expect(r.stderr).to.not.match(/\n\s+at /);
    }
  });

  it("never writes over its input unless asked to", () => {
    const dir = tmp();
    const input = path.join(dir, "p.csv");
    writeFileSync(input, readFileSync(path.join(ROOT, "examples", "pipeline.csv")));
    const r = run(input, { out: input });
    expect(r.error!.message).to.match(/--out names the input file; pass --in-place/);
    expect(readFileSync(input, "utf8")).to.equal(
      readFileSync(path.join(ROOT, "examples", "pipeline.csv"), "utf8"),
    );
  });

  it("colours verdicts and sets a filter that Excel can use", async () => {
    const dir = tmp();
    const out = path.join(dir, "o.xlsx");
    run(path.join(ROOT, "examples", "pipeline.xlsx"), { out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Pipeline")!;
    const xml = Buffer.from(
      unzipParts(new Uint8Array(readFileSync(out)))["xl/worksheets/sheet1.xml"],
    ).toString("utf8");
    expect(xml).to.include("<conditionalFormatting");
    expect(xml).to.include('"Qualified"');
    expect(xml).to.include("<colorScale>");
    expect(ws.getCell("W1").value).to.equal("Verdict");
    expect(ws.getCell("W2").value).to.be.oneOf(["Qualified", "Conditional", "Not qualified"]);
  });
});

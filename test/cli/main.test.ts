// The qualify CLI end to end on real files, read back with ExcelJS (not the CLI's own reader): outputs are the
// golden results, nothing else in the workbook changes, re-runs update in place, and every failure is one line
// naming the file, with exit code 2.
import { runInProcess } from "./run-in-process";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { OUTPUT_COLUMNS } from "../../src/model";
import { readCsv } from "../../src/files/csv";
import { CliError } from "../../src/cli/score";
import {
  buildWorkbook,
  makeRichWorkbook,
  makeWorkbookWithChart,
  PIPELINE_HEADERS,
  PIPELINE_ROWS,
  unzipParts,
} from "../files/fixtures";
import { asWritten, outputsOf, readGolden } from "../golden/pipeline-golden";

const ROOT = path.join(__dirname, "..", "..");
const golden = readGolden();

/** Every cell of a sheet as ExcelJS reads it, row by row (1-based rows as arrays from column A). */
async function sheetCells(file: string, sheet = "Pipeline"): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const out: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= ws.columnCount; c++) row.push(ws.getCell(r, c).value ?? null);
    out.push(row);
  }
  return out;
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), "qualify-"));
}

const run = runInProcess;

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "qualify.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
  });
}

describe("qualify CLI", function () {
  this.timeout(60_000);

  it("writes the golden results beside the data, and leaves the data as it was", async () => {
    const dir = tmp();
    const out = path.join(dir, "out.xlsx");
    const r = run(path.join(ROOT, "examples", "pipeline.xlsx"), { out });
    expect(r.error).to.equal(null);
    expect(r.out).to.match(/Assessed 47 opportunities/);
    expect(r.out).to.include("Wrote");
    const input = await sheetCells(path.join(ROOT, "examples", "pipeline.xlsx"));
    const output = await sheetCells(out);
    const width = input[0].length;
    expect(output[0]).to.deep.equal([...input[0], ...OUTPUT_COLUMNS]);
    output.slice(1).forEach((row, i) => {
      expect(row.slice(0, width), `row ${i + 2} inputs`).to.deep.equal(input[i + 1]);
      expect(row.slice(width).map(asWritten), `row ${i + 2} outputs`).to.deep.equal(outputsOf(golden[i]));
    });
    const count = (v: string) => +new RegExp(`^\\s+${v}\\s+(\\d+)`, "m").exec(r.out)![1];
    for (const v of ["Qualified", "Conditional", "Needs information", "Not qualified"])
      expect(count(v), v).to.equal(golden.filter((g) => g.closed === null && g.verdict === v).length);
  });

  it("gives the golden results for the CSV twin of the example", async () => {
    const dir = tmp();
    run(path.join(ROOT, "examples", "pipeline.csv"), { out: path.join(dir, "a.csv") });
    const wb = new ExcelJS.Workbook();
    const ws = await wb.csv.readFile(path.join(dir, "a.csv"), { parserOptions: { delimiter: "," } });
    const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(text);
    expect(header.slice(-OUTPUT_COLUMNS.length)).to.deep.equal([...OUTPUT_COLUMNS]);
    golden.forEach((g, i) => {
      const values = (ws.getRow(i + 2).values as unknown[]).slice(1);
      const row = Array.from({ length: header.length }, (_, c) => values[c]); // a trailing empty field too
      expect(row.slice(header.length - OUTPUT_COLUMNS.length).map(text), `row ${i + 2}`).to.deep.equal(
        outputsOf(g).map(text),
      );
    });
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

  it("updates its own columns on a second run instead of adding new ones", async () => {
    const dir = tmp();
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    run(path.join(ROOT, "examples", "pipeline.xlsx"), { out: first });
    run(first, { out: second });
    expect(await sheetCells(second)).to.deep.equal(await sheetCells(first));
  });

  it("re-scores with a changed model, in place, without growing the table", async () => {
    const dir = tmp();
    const file = path.join(dir, "p.xlsx");
    writeFileSync(file, readFileSync(path.join(ROOT, "examples", "pipeline.xlsx")));
    run(file, { inPlace: true });
    const modelFile = path.join(dir, "strict.json");
    writeFileSync(modelFile, JSON.stringify({ thresholds: { qualified: { minScore: 80 } } }));
    expect(run(file, { inPlace: true, model: modelFile }).error).to.equal(null);
    const [header, ...rows] = await sheetCells(file);
    expect(header.filter((h) => h === "Verdict")).to.have.length(1);
    const verdict = header.indexOf("Verdict");
    // Only the bar for Qualified moved: a qualified row below 80 meets the conditional thresholds instead; one
    // above it with data missing stays Qualified only if its worst case clears 80 too.
    const expected = golden.map((g, i) =>
      g.closed !== null
        ? null // no verdict: an empty cell
        : g.verdict === "Qualified" && g.score < 80
          ? "Conditional"
          : g.verdict === "Qualified" && (g as unknown as { missing: string[] }).missing.length > 0
            ? ["Qualified", "Conditional"].find((v) => v === rows[i][verdict])
            : g.verdict,
    );
    expect(rows.map((r) => r[verdict])).to.deep.equal(expected);
    expect(expected.filter((v) => v === "Qualified").length).to.be.within(1, 21);
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

  it("prints one line per column of values it did not recognise, and what the mapping could not decide", () => {
    const dir = tmp();
    const input = path.join(dir, "crm.csv");
    const rows = ["Topic,Budget,Status,Status Reason,Notes"];
    for (let i = 0; i < 7; i++) rows.push(`Deal ${i},${i < 5 ? "Board OK" : "Later"},Open,In Progress,x`);
    rows.push("Deal 8,Will Buy,Open,In Progress,\u001b[31mred");
    rows.push("Deal 9,\u001b[2Jgone,Open,In Progress,x");
    writeFileSync(input, rows.join("\n"));
    const r = run(input);
    expect(r.error).to.equal(null);
    // On stderr: stdout stays the summary.
    expect(r.out).not.to.contain("Notes:");
    const notes = r.err.trimEnd().split("\n");
    expect(notes).to.deep.equal([
      "Notes:",
      "  'Status', 'Status Reason' both name Stage: 'Status' is read; choose the column in the mapping",
      "  Budget: 'Board OK' (5 rows), 'Later' (2), '?[2Jgone' (1) not recognised as Financing; map them in the model's vocabulary",
    ]);
    // With --json too, apart from the JSON.
    const j = run(input, { json: true, out: path.join(dir, "j.csv") });
    expect(j.err).to.contain("Budget: 'Board OK' (5 rows)");
    expect(
      j.out
        .split("\n")
        .filter((l) => l !== "")
        .every((l) => l.startsWith("{")),
    ).to.equal(true);
  });

  it("never overwrites a user's column inside its output block, even with --in-place (issue 11 item 1)", () => {
    // Excel grew the hidden marker over a column the user inserted inside the block and headed "Rationale" too.
    const out = [...OUTPUT_COLUMNS];
    const wb = buildWorkbook({
      sheets: [
        {
          name: "Pipeline",
          rows: [
            [...PIPELINE_HEADERS, ...out.slice(0, 5), "Rationale", "Rationale"],
            ...PIPELINE_ROWS.map((r, i) => [...r, "Old", 1, "D", 9, 9, `my note ${i}`, "old"]),
          ],
        },
      ],
      definedNames: [{ name: "_OppQualifier_Output", value: "Pipeline!$G$1:$M$1", localSheetId: 0 }],
    });
    const dir = tmp();
    const input = path.join(dir, "grown.xlsx");
    writeFileSync(input, wb);
    const r = run(input, { inPlace: true });
    expect(r.error!.message).to.equal(
      `${input}: column 'Rationale' (L1) already exists and was not written by qualify; rename it so its data is not overwritten`,
    );
    expect(Buffer.from(readFileSync(input)).equals(Buffer.from(wb))).to.equal(true);
    expect(readdirSync(dir)).to.deep.equal(["grown.xlsx"]);
  });

  it("leaves the user's formula-like CSV text byte for byte, and writes its own columns as text (item 5)", () => {
    const dir = tmp();
    const input = path.join(dir, "p.csv");
    const rows = ['=cmd|calc,@evil,"$1.2M",Secured', "'=x,+44 20 7946 0000,-2+3,Partial"];
    writeFileSync(input, `Opportunity ID,Customer,Deal Value,Financing\n${rows.join("\n")}\n`);
    expect(run(input).error).to.equal(null);
    const lines = readFileSync(path.join(dir, "p.qualified.csv"), "utf8").split("\n");
    expect(lines[0]).to.equal(`Opportunity ID,Customer,Deal Value,Financing,${OUTPUT_COLUMNS.join(",")}`);
    lines.slice(1, 3).forEach((line, i) => expect(line.startsWith(`${rows[i]},`), line).to.equal(true));
    const t = readCsv(lines.join("\n"));
    for (const row of t.rows)
      for (const cell of row.slice(4)) expect(cell).to.not.match(/^[=+@\t\r]|^-(?!\d)/);
    expect(t.rows.map((r) => r[0])).to.deep.equal(["=cmd|calc", "'=x"]);
  });

  it("prints JSON Lines with the row, id, verdict, numbers, rationale, counterfactual, drivers and missing", () => {
    const dir = tmp();
    const r = run(path.join(ROOT, "examples", "pipeline.csv"), { out: path.join(dir, "o.csv"), json: true });
    // JSON Lines are the output: no file is written beside them (issue 11 item 11).
    expect(readdirSync(dir)).to.deep.equal([]);
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
      "confidence",
      "closed",
      "crm",
      "rationale",
      "nextStep",
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
    expect(ws.getCell("Y1").value).to.equal("Verdict");
    expect(ws.getCell("Y2").value).to.be.oneOf([
      "Qualified",
      "Conditional",
      "Needs information",
      "Not qualified",
    ]);
  });
});

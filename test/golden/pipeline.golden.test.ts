// Golden results: the example pipeline's every verdict, score, grade, risk and its components, effort and its
// parts, drivers, rationale and counterfactual, as stored in test/golden/pipeline.jsonl. Each shell (CLI file and
// JSON Lines, formulas, the task pane on the workbench's file adapter) must give exactly these; the README's
// figures are asserted from them. Regenerate only with `npm run golden`, which prints the differences.
import { expect } from "chai";
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runScore } from "../../src/cli/main";
import { currentMessy, storedMessy } from "./messy-golden";
import { defaultModel, OUTPUT_COLUMNS } from "../../src/model";
import { runQualify, runEffort, runRisk } from "../../src/functions/spill";
import { pressQualify } from "../../src/taskpane/logic/qualify-press";
import { FileWorkbook } from "../../src/workbench/file-workbook";
import {
  currentGolden,
  GOLDEN_AS_OF,
  GOLDEN_AS_OF_TEXT,
  goldenDiff,
  outputsOf,
  asWritten,
  PIPELINE,
  pipelineAsExcelPasses,
  readGolden,
  ROOT,
  storedGolden,
} from "./pipeline-golden";

const golden = readGolden();

async function openXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function capture() {
  let out = "";
  const io = {
    out: { write: (s: string) => ((out += s), true) },
    err: { write: () => true, isTTY: false },
  } as unknown as Parameters<typeof runScore>[2];
  return { io, text: () => out };
}

describe("golden results for examples/pipeline.xlsx", function () {
  this.timeout(60_000);

  it("are what the engine gives today (run `npm run golden` to see and accept a change)", () => {
    const diff = goldenDiff(storedGolden(), currentGolden());
    if (diff.length > 0) expect.fail(`results changed:\n${diff.slice(0, 20).join("\n")}`);
    expect(golden).to.have.length(50);
  });

  it("hold the README's figures: 22 / 15 / 1 / 12 and the example rationale", () => {
    const count = (v: string) => golden.filter((g) => g.verdict === v).length;
    const counts = ["Qualified", "Conditional", "Needs information", "Not qualified"].map(count);
    expect(counts).to.deep.equal([22, 15, 1, 12]);
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    // The quoted example: consecutive "> " lines joined into one.
    const quoted = readme
      .split("\n")
      .filter((l) => l.startsWith("> "))
      .map((l) => l.slice(2))
      .join(" ");
    const quote = /^\*\*(\w[\w ]*)\*\*: (.*?) — \*(.*?)\*$/.exec(quoted);
    expect(quote, "the README's example rationale").to.not.equal(null);
    const [, verdict, rationale, counterfactual] = quote!;
    const row = golden.find((g) => g.rationale === `${verdict}: ${rationale}`);
    expect(row, `a row with the README's rationale: ${verdict}: ${rationale}`).to.not.equal(undefined);
    expect(row!.counterfactual).to.equal(counterfactual);
  });

  it("are what the CLI prints and writes: the README's summary, and the output columns read back with ExcelJS", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "golden-")), "pipeline.qualified.xlsx");
    const { io, text } = capture();
    runScore(PIPELINE, { asOf: GOLDEN_AS_OF_TEXT, out }, io);
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = readme.split(
      `$ npx qualify score examples/pipeline.xlsx --as-of ${GOLDEN_AS_OF_TEXT}\n`,
    )[1];
    const printed = text().replace(/^Wrote .*$/m, "Wrote examples/pipeline.qualified.xlsx");
    expect(block.startsWith(printed), `README shows:\n${block.slice(0, 400)}\nCLI printed:\n${printed}`).to.be
      .true;

    const ws = (await openXlsx(out)).getWorksheet("Pipeline")!;
    const header = ws.getRow(1).values as unknown[];
    const first = header.indexOf("Verdict");
    expect(header.slice(first, first + OUTPUT_COLUMNS.length)).to.deep.equal([...OUTPUT_COLUMNS]);
    for (const g of golden) {
      const row = ws.getRow(g.row).values as unknown[];
      expect(
        Array.from(OUTPUT_COLUMNS, (_, k) => asWritten(row[first + k])),
        `row ${g.row}`,
      ).to.deep.equal(outputsOf(g));
    }
  });

  it("are what the CLI's JSON Lines say", () => {
    const { io, text } = capture();
    const out = path.join(mkdtempSync(path.join(tmpdir(), "golden-")), "p.xlsx");
    runScore(PIPELINE, { asOf: GOLDEN_AS_OF_TEXT, out, json: true }, io);
    const lines = text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.row, l.id, l.verdict, l.score, l.grade, l.risk, l.effort])).to.deep.equal(
      golden.map((g) => [g.row, g.id, g.verdict, g.score, g.grade, g.risk, g.effort]),
    );
    expect(lines.map((l) => [l.rationale, l.counterfactual])).to.deep.equal(
      golden.map((g) => [g.rationale, g.counterfactual]),
    );
    expect(
      lines.map((l) =>
        (l.drivers as { factor: string; points: number; max: number; reason: string }[]).map((d) => [
          d.factor,
          d.points,
          d.max,
          d.reason,
        ]),
      ),
    ).to.deep.equal(golden.map((g) => g.drivers));
  });

  it("are what the formulas spill, from the cells as Excel passes them", async () => {
    const [headers, ...rows] = await pipelineAsExcelPasses();
    const at = (i: number) => golden.map((g) => outputsOf(g)[i]);
    const spill = (detail: string) =>
      runQualify(rows, [headers], detail, null, { asOf: GOLDEN_AS_OF }).map((r) => r[0]);
    expect(spill("verdict")).to.deep.equal(at(0));
    expect(spill("score")).to.deep.equal(at(1));
    expect(spill("grade")).to.deep.equal(at(2));
    expect(spill("risk")).to.deep.equal(at(3));
    expect(spill("effort")).to.deep.equal(at(4));
    expect(spill("confidence")).to.deep.equal(at(5));
    expect(spill("rationale")).to.deep.equal(at(6));
    expect(spill("next")).to.deep.equal(at(7));
    expect(spill("counterfactual")).to.deep.equal(golden.map((g) => g.counterfactual ?? ""));
    expect(runQualify(rows, [headers], "all", null, { asOf: GOLDEN_AS_OF })).to.deep.equal(
      golden.map(outputsOf),
    );
    expect(runRisk(rows, [headers], null, { asOf: GOLDEN_AS_OF }).map((r) => r[0])).to.deep.equal(at(3));
    expect(runEffort(rows, [headers], null, { asOf: GOLDEN_AS_OF }).map((r) => r[0])).to.deep.equal(at(4));
    // A label/value form of one opportunity gives that row's result.
    const g = golden[6];
    const form = headers.map((h, c) => [h, rows[g.row - 2][c]]);
    expect(runQualify(form, null, "all", null, { asOf: GOLDEN_AS_OF })).to.deep.equal([outputsOf(g)]);
  });

  it("are what the task pane writes through the workbench's file adapter", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", new Uint8Array(readFileSync(PIPELINE)));
    const found = await wbk.detect();
    const outcome = await pressQualify(wbk, found!.ref, {
      model: defaultModel,
      asOf: GOLDEN_AS_OF,
      mapping: null,
      allowUserColumns: false,
    });
    expect(outcome.kind).to.equal("done");
    const wb = new ExcelJS.Workbook();
    const bytes = wbk.bytes();
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const ws = wb.getWorksheet("Pipeline")!;
    const header = ws.getRow(1).values as unknown[];
    const first = header.indexOf("Verdict");
    for (const g of golden) {
      const row = ws.getRow(g.row).values as unknown[];
      expect(
        Array.from(OUTPUT_COLUMNS, (_, k) => asWritten(row[first + k])),
        `row ${g.row}`,
      ).to.deep.equal(outputsOf(g));
    }
  });
});

describe("golden results for messy rows under other models and days", function () {
  this.timeout(60_000);

  it("are what the engine gives today (run `npm run golden` to see and accept a change)", () => {
    const diff = goldenDiff(storedMessy(), currentMessy());
    if (diff.length > 0) expect.fail(`results changed:\n${diff.slice(0, 20).join("\n")}`);
    expect(storedMessy()).to.have.length(400);
  });
});

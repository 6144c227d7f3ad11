// The workbench's file adapter: the same Qualify the pane runs, on an xlsx or CSV file, checked by opening the
// resulting workbook with ExcelJS as a user's Excel would.
import { expect } from "chai";
import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import {
  OUTPUT_COLUMNS,
  ProblemError,
  defaultModel,
  outputRowAt,
  problem,
  qualifyTable,
  type Cell,
} from "../../src/model";
import { MAPPING_SHEET, MODEL_SHEET, TableChangedError } from "../../src/port/workbook";
import { planOutputColumns } from "../../src/port/plan";
import { pressQualify, type QualifyOptions } from "../../src/taskpane/logic/qualify-press";
import { buildWriteRequest } from "../../src/taskpane/logic/table-run";
import { FileWorkbook } from "../../src/workbench/file-workbook";
import { encodeAs } from "../files/encodings";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../taskpane/support/pipeline";
import { openXlsx, pipelineXlsx } from "../taskpane/support/xlsx";

const open = openXlsx;

const options = (extra: Partial<QualifyOptions> = {}): QualifyOptions => ({
  model: defaultModel,
  asOf: AS_OF,
  mapping: null,
  allowUserColumns: false,
  ...extra,
});

function expectedOutputs(rows: readonly (readonly unknown[])[]): unknown[][] {
  const cells = rows.map((row) => row.map((v) => (v === "" ? null : v)) as Cell[]);
  const { results } = qualifyTable(
    { headers: PIPELINE_HEADERS, rows: cells },
    { model: defaultModel, asOf: AS_OF, detail: "rationale", counterfactual: true },
  );
  // An empty text (no next step) is no cell at all in the saved workbook.
  return cells.map((_, i) =>
    (outputRowAt(results, i) ?? OUTPUT_COLUMNS.map(() => null)).map((v) => (v === "" ? null : v)),
  );
}

function cellsOf(ws: ExcelJS.Worksheet, from: number, to: number, c0: number, c1: number): unknown[][] {
  const out: unknown[][] = [];
  for (let r = from; r <= to; r++) {
    const row: unknown[] = [];
    for (let c = c0; c <= c1; c++) {
      const v = ws.getCell(r, c).value;
      row.push(v === undefined ? null : v);
    }
    out.push(row);
  }
  return out;
}

describe("workbench/file-workbook", () => {
  it("detects the table, qualifies it, and the saved workbook holds the engine's outputs beside it", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(30));
    const found = await wbk.detect();
    expect(found!.source).to.equal("table on the active sheet");
    expect(found!.ref).to.deep.equal({ kind: "table", name: "Deals", sheet: "Pipeline", address: "A1:P31" });
    const out = await pressQualify(wbk, found!.ref, options());
    expect(out.kind).to.equal("done");
    const saved = await open(wbk.bytes());
    const ws = saved.getWorksheet("Pipeline")!;
    expect(cellsOf(ws, 1, 1, 17, 24)[0]).to.deep.equal([...OUTPUT_COLUMNS]);
    expect(cellsOf(ws, 2, 31, 17, 24)).to.deep.equal(expectedOutputs(pipelineRows(30)));
    expect(saved.getWorksheet("Notes")!.getCell("A1").value).to.equal("keep me");
    const again = await wbk.detect();
    expect(again!.ownColumns).to.deep.equal([16, 17, 18, 19, 20, 21, 22, 23]);
    expect(again!.ref.address).to.equal("A1:X31");
  });

  it("is idempotent and updates its own columns on the next run", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(12));
    await pressQualify(wbk, (await wbk.detect())!.ref, options());
    const first = wbk.bytes();
    const second = await pressQualify(wbk, (await wbk.detect())!.ref, options());
    expect(second.kind).to.equal("done");
    if (second.kind === "done")
      expect(second.plan.columns.map((c) => c.origin)).to.deep.equal(Array(8).fill("own"));
    const a = await open(first);
    const b = await open(wbk.bytes());
    const wa = a.getWorksheet("Pipeline")!;
    const wb2 = b.getWorksheet("Pipeline")!;
    expect(wb2.columnCount).to.equal(wa.columnCount);
    expect(cellsOf(wb2, 1, 13, 1, 22)).to.deep.equal(cellsOf(wa, 1, 13, 1, 22));
  });

  it("asks before a user's column of the same name, and refuses a request that pretends it is its own", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Deals");
    ws.addRow(["Opportunity", "Deal Value", "Financing", "Score"]);
    ws.addRow(["A", 100000, "Secured", "my own score"]);
    const wbk = FileWorkbook.open("mine.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    const ref = (await wbk.detect())!.ref;
    const asked = await pressQualify(wbk, ref, options());
    expect(asked.kind).to.equal("needs-consent");
    const data = await wbk.readTable(ref);
    const before = wbk.bytes();
    const plan = planOutputColumns(data.headers, [3]);
    let error: unknown;
    try {
      await wbk.writeOutputs(buildWriteRequest(data, plan, []));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TableChangedError);
    expect(wbk.bytes()).to.equal(before);
  });

  it("keeps formula-like text as text in the file", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(2));
    const ref = (await wbk.detect())!.ref;
    const data = await wbk.readTable(ref);
    const request = buildWriteRequest(data, planOutputColumns(data.headers, []), []);
    request.values = [
      ["Qualified", 70, "B", 20, 5, '=HYPERLINK("http://evil")'],
      ["Conditional", 50, "C", 40, 8, "@SUM(A1)"],
    ];
    await wbk.writeOutputs(request);
    const ws = (await open(wbk.bytes())).getWorksheet("Pipeline")!;
    expect(ws.getCell("V2").value).to.equal('=HYPERLINK("http://evil")');
    expect(ws.getCell("V3").value).to.equal("@SUM(A1)");
    expect(ws.getCell("V2").formula).to.equal(undefined);
  });

  it("stores the model sheet and a very hidden mapping sheet, and reads them back", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(3));
    const ref = (await wbk.detect())!.ref;
    expect(await wbk.readModelSettings()).to.equal(null);
    const rows = [
      ["Setting", "Value"],
      ["weights.financing", 12],
      ["knockouts.negativeMargin.enabled", false],
      ["knockouts.negativeMargin.reason", "=margin below zero"],
    ];
    await wbk.writeModelSettings(rows);
    expect(await wbk.readModelSettings()).to.deep.equal(rows);
    await wbk.writeMapping(ref, { dealValue: "Deal Value", margin: null });
    expect(await wbk.readMapping(ref)).to.deep.equal({ dealValue: "Deal Value", margin: null });
    const saved = await open(wbk.bytes());
    expect(saved.getWorksheet(MODEL_SHEET)!.getCell("B2").value).to.equal(12);
    expect(saved.getWorksheet(MAPPING_SHEET)!.state).to.equal("veryHidden");
    expect(wbk.sheets()).to.not.include(MAPPING_SHEET);
    expect((await wbk.detect())!.ref.name).to.equal("Deals");
  });

  it("opens a CSV as a workbook and qualifies the region", async () => {
    const lines = [PIPELINE_HEADERS, ...pipelineRows(8)].map((r) =>
      r.map((v) => JSON.stringify(String(v))).join(","),
    );
    const wbk = FileWorkbook.open("deals.csv", new TextEncoder().encode(lines.join("\r\n")));
    expect(wbk.fileName).to.equal("deals.xlsx");
    const found = await wbk.detect();
    expect(found!.ref.kind).to.equal("range");
    expect(found!.rowCount).to.equal(8);
    const out = await pressQualify(wbk, found!.ref, options());
    expect(out.kind).to.equal("done");
    const ws = (await open(wbk.bytes())).getWorksheet("deals")!;
    expect(ws.getCell("D2").value).to.equal(pipelineRows(1)[0][3]); // numbers stay numbers
    expect(cellsOf(ws, 2, 9, 17, 24)).to.deep.equal(expectedOutputs(pipelineRows(8)));
  });

  it("reads a CSV as `qualify score` reads it: Windows-1252 (€, en dash) and UTF-16 without a BOM", async () => {
    // What Excel's "CSV (Comma delimited)" writes on Western-European Windows, and a UTF-16 export with no BOM:
    // read as UTF-8, the deal value was "\ufffd950k", which no model recognises.
    const text = "Opportunity ID;Deal Value;Financing\r\nOPP-1;€950k;–\r\nOPP-2;1200000;Secured\r\n";
    for (const [encoding, bom] of [
      ["windows-1252", false],
      ["utf-16le", false],
    ] as const) {
      const wbk = FileWorkbook.open("deals.csv", encodeAs(encoding, text, bom).bytes);
      const ws = (await open(wbk.bytes())).getWorksheet("deals")!;
      expect(cellsOf(ws, 1, 3, 1, 3), encoding).to.deep.equal([
        ["Opportunity ID", "Deal Value", "Financing"],
        ["OPP-1", "€950k", "–"],
        ["OPP-2", 1200000, "Secured"],
      ]);
    }
  });

  it("filters the view on Verdict and selects a row", async () => {
    const wbk = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(5));
    const ref = (await wbk.detect())!.ref;
    await pressQualify(wbk, ref, options());
    const r2 = (await wbk.detect())!.ref;
    await wbk.setVerdictFilter(r2, 16, ["Qualified"]);
    expect(wbk.filter).to.deep.equal({ sheet: "Pipeline", column: 16, verdicts: ["Qualified"] });
    await wbk.setVerdictFilter(r2, 16, null);
    expect(wbk.filter).to.equal(null);
    await wbk.selectRow(r2, 3);
    expect(wbk.selection).to.deep.equal({ sheet: "Pipeline", row: 4, col: 0 });
  });

  describe("a file whose content does not match its name is refused, with the problem named", () => {
    // Random bytes, as a damaged download or a renamed binary would be: fixed, so the test always sees the same.
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    const refusal = (name: string, bytes: Uint8Array) => {
      try {
        FileWorkbook.open(name, bytes);
      } catch (e) {
        return e instanceof ProblemError ? e.problem : e;
      }
      return "opened";
    };

    it("random bytes named .xlsx: not a zip package (they were opened as a CSV of garbage)", () => {
      expect(refusal("random.xlsx", garbage)).to.deep.equal({ code: "file.notZip", params: {} });
    });

    it("random bytes named .csv, or a workbook named .csv: not text", async () => {
      expect(refusal("random.csv", garbage)).to.deep.equal(problem("workbench.notText", {}));
      expect(refusal("book.csv", await pipelineXlsx(3))).to.deep.equal(problem("workbench.notText", {}));
    });

    it("opens the CSV a .zip holds, as the CLI does; refuses one with several, naming them", async () => {
      const text = "Opportunity ID;Deal Value\r\nOPP-1;€950k\r\n";
      const zip = zipSync({
        "export/": new Uint8Array(0),
        "export/deals.csv": encodeAs("windows-1252", text).bytes,
      });
      const wbk = FileWorkbook.open("deals.csv.zip", zip);
      expect(wbk.sheets()).to.deep.equal(["deals"]);
      expect(wbk.fileName).to.equal("deals.xlsx");
      const ws = (await open(wbk.bytes())).getWorksheet("deals")!;
      expect(cellsOf(ws, 1, 2, 1, 2)).to.deep.equal([
        ["Opportunity ID", "Deal Value"],
        ["OPP-1", "€950k"],
      ]);
      const two = zipSync({ "a.csv": new Uint8Array([65]), "b.csv": new Uint8Array([66]) });
      expect(refusal("two.zip", two)).to.deep.equal({
        code: "file.zipManyCsv",
        params: { names: ["a.csv", "b.csv"] },
      });
    });

    it("still opens a CSV (UTF-8, or UTF-16 with its byte order mark) and an xlsx under another name", async () => {
      const text = "Opportunity ID,Deal Value\nOPP-1,1000\n";
      expect(FileWorkbook.open("deals.csv", new TextEncoder().encode(text)).sheets()).to.deep.equal([
        "deals",
      ]);
      const utf16 = new Uint8Array(2 + text.length * 2);
      utf16.set([0xff, 0xfe]);
      for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
      expect(refusal("deals.csv", utf16)).to.equal("opened");
      expect(FileWorkbook.open("download", await pipelineXlsx(3)).sheets()).to.include("Pipeline");
    });
  });
});

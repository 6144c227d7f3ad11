// The pane over the Office adapter, as in Excel: one Qualify press, the filter, going to a row and storing the
// model, checked in the mocked workbook's cells, tables and names.
import { expect } from "chai";
import { modelToSettings, OUTPUT_COLUMNS, outputRowAt, qualifyTable } from "../../src/model";
import { learnedModel } from "../model/learned-model";
import { ExcelWorkbook } from "../../src/office/excel-workbook";
import { formatBox, parseBox } from "../../src/port/a1";
import { MODEL_SHEET, OUTPUT_MARKER } from "../../src/port/workbook";
import { PaneController } from "../../src/taskpane/logic/controller";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../taskpane/support/pipeline";
import { FakeExcel, type Value } from "./fake-excel";

function excel(rows: number): FakeExcel {
  const x = new FakeExcel();
  x.addSheet("Pipeline", [PIPELINE_HEADERS, ...pipelineRows(rows)] as Value[][]);
  x.addTable("Deals", "Pipeline", formatBox({ r0: 0, c0: 0, r1: rows, c1: PIPELINE_HEADERS.length - 1 }));
  x.selection = { sheet: "Pipeline", box: parseBox("C5") };
  return x;
}

describe("office: the pane in Excel", () => {
  it("qualifies the selected table, filters it and goes to an opportunity's row", async () => {
    const x = excel(30);
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    expect(pane.describeDetected()).to.equal("Table Deals on Pipeline (selected table) · 30 rows");
    await pane.qualify();
    expect(pane.state.message!.intent).to.equal("success");
    expect(x.values("Pipeline", "Q1:X1")[0]).to.deep.equal([...OUTPUT_COLUMNS]);
    expect(x.sheet("Pipeline").names.has(OUTPUT_MARKER)).to.equal(true);
    await pane.setFilter("qualified");
    expect(x.tables[0].filters.get(16)).to.deep.equal(["Qualified"]);
    await pane.setFilter("all");
    expect(x.tables[0].filters.size).to.equal(0);
    const first = pane.state.result!.attention[0];
    await pane.selectOpportunity(first.row);
    expect(x.selectedRange).to.deep.equal({
      sheet: "Pipeline",
      address: `A${first.row + 2}:X${first.row + 2}`,
    });
  });

  it("stores an edited model as the Qualification Model sheet and re-qualifies with it", async () => {
    const x = excel(20);
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    await pane.qualify();
    const before = x.values("Pipeline", "R2:R21").map((r) => r[0]);
    pane.editSetting("weights.dealValue", "60");
    await pane.saveModel(true);
    const stored = x.values(MODEL_SHEET, "A1:B400").filter((r) => r[0] !== "");
    expect(stored.find((r) => r[0] === "weights.dealValue")![1]).to.equal(60);
    expect(x.values("Pipeline", "R2:R21").map((r) => r[0])).to.not.deep.equal(before);
    expect(formatBox(x.tables[0].box)).to.equal("A1:X21"); // updated in place, no new columns
  });
});

describe("office: the pane in Excel with a learned win model", () => {
  it("writes Win % as a percentage and Expected value as a number beside the eight columns", async () => {
    const x = excel(20);
    const model = learnedModel();
    x.addSheet(MODEL_SHEET, [["Setting", "Value"], ...modelToSettings(model)] as Value[][]);
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    expect(pane.state.model.validation.model?.winModel).to.deep.equal(model.winModel);
    await pane.qualify();
    expect(x.values("Pipeline", "Q1:Z1")[0]).to.deep.equal([...OUTPUT_COLUMNS, "Win %", "Expected value"]);
    const rows = pipelineRows(20);
    const { results } = qualifyTable(
      { headers: PIPELINE_HEADERS, rows },
      { model, asOf: AS_OF, detail: "rationale", counterfactual: true },
    );
    const win = x.values("Pipeline", "Y2:Z21");
    rows.forEach((_, i) => {
      expect(win[i], `row ${i + 2}`).to.deep.equal(
        (outputRowAt(results, i, true)?.slice(8) ?? [null, null]).map((v) => v ?? ""),
      );
    });
    expect(win.some((r) => typeof r[0] === "number")).to.equal(true);
    const formats = x.sheet("Pipeline").numberFormats;
    expect(formats.get("1,24")).to.equal("0%"); // Y2
    expect(formats.get("20,25")).to.equal("#,##0"); // Z21
    expect(formats.get("1,23")).to.equal(undefined); // Next step keeps the General format
    expect(formatBox(x.tables[0].box)).to.equal("A1:Z21");
  });
});

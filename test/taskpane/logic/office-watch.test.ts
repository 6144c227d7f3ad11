// The pane follows the table the user is on, in the Excel fake (test/office): selecting a cell in another table
// switches to it (after the burst of selection events settles), the same table grown by a column is read again,
// clicking outside any table changes nothing, and showing the pane again looks afresh.
import { expect } from "chai";
import { ExcelWorkbook } from "../../../src/office/excel-workbook";
import { formatBox, parseBox } from "../../../src/port/a1";
import { PaneController } from "../../../src/taskpane/logic/controller";
import { watchWorkbook, type WorkbookEvents } from "../../../src/taskpane/logic/office-watch";
import { FakeExcel, type Value } from "../../office/fake-excel";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../support/pipeline";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` holds (the controller's reads are asynchronous), at most two seconds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await wait(10);
}

function twoTables(): FakeExcel {
  const x = new FakeExcel();
  const width = PIPELINE_HEADERS.length;
  x.addSheet("Pipeline", [PIPELINE_HEADERS, ...pipelineRows(10)] as Value[][]);
  x.addTable("Deals", "Pipeline", formatBox({ r0: 0, c0: 0, r1: 10, c1: width - 1 }));
  x.addSheet("Bids", [PIPELINE_HEADERS, ...pipelineRows(6)] as Value[][], "B3");
  x.addTable("Bids2026", "Bids", formatBox({ r0: 2, c0: 1, r1: 8, c1: width }));
  x.selection = { sheet: "Pipeline", box: parseBox("C5") };
  return x;
}

function fakeEvents() {
  const handlers: { visible?: (v: boolean) => void; selection?: () => void } = {};
  const events: WorkbookEvents = {
    onVisibilityChanged: async (h) => (handlers.visible = h),
    onSelectionChanged: async (h) => (handlers.selection = h),
  };
  return { events, handlers };
}

describe("taskpane/logic/office-watch", () => {
  it("switches to the table the user selects, once the selection settles", async () => {
    const x = twoTables();
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    await pane.qualify();
    expect(pane.describeDetected()).to.equal("Table Deals on Pipeline (selected table) · 10 rows");
    const { events, handlers } = fakeEvents();
    await watchWorkbook(pane, events, 20);
    x.activeSheet = "Bids";
    x.selection = { sheet: "Bids", box: parseBox("D5") };
    handlers.selection!();
    handlers.selection!();
    expect(pane.describeDetected(), "not before the selection settles").to.contain("Deals");
    await until(() => pane.describeDetected().includes("Bids2026"));
    expect(pane.describeDetected()).to.equal("Table Bids2026 on Bids (selected table) · 6 rows");
    expect(pane.state.result, "the other table's results are gone").to.equal(null);
  });

  it("looks once after a burst of selection events, and not at all while the pane is hidden", async () => {
    let looks = 0;
    const { events, handlers } = fakeEvents();
    await watchWorkbook({ followSelection: async () => void looks++ }, events, 20);
    for (let i = 0; i < 5; i++) handlers.selection!();
    expect(looks, "not during the burst").to.equal(0);
    await until(() => looks > 0);
    await wait(60);
    expect(looks).to.equal(1);
    handlers.visible!(false);
    handlers.selection!();
    await wait(100);
    expect(looks).to.equal(1);
    handlers.visible!(true);
    expect(looks, "shown again: looked at at once").to.equal(2);
  });

  it("keeps the table and its results when the user clicks outside any table or in the same table", async () => {
    const x = twoTables();
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    await pane.qualify();
    const result = pane.state.result;
    x.selection = { sheet: "Pipeline", box: parseBox("AZ40") };
    await pane.followSelection();
    expect(pane.describeDetected()).to.contain("Table Deals on Pipeline");
    x.selection = { sheet: "Pipeline", box: parseBox("B3") };
    await pane.followSelection();
    expect(pane.state.result).to.equal(result);
  });

  it("reads the table again when shown, if it changed while hidden; selection events while hidden wait", async () => {
    const x = twoTables();
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    const { events, handlers } = fakeEvents();
    await watchWorkbook(pane, events, 10);
    handlers.visible!(false);
    // While hidden the user adds a row to the table and moves to the other table.
    x.addSheet("Scratch");
    const deals = x.tables[0];
    const extra = pipelineRows(11)[10] as Value[];
    extra.forEach((v, c) => x.put(x.sheet("Pipeline"), 11, c, v));
    deals.box = { ...deals.box, r1: 11 };
    handlers.selection!();
    await wait(40);
    expect(pane.describeDetected(), "nothing read while hidden").to.contain("10 rows");
    handlers.visible!(true);
    await until(() => pane.describeDetected().includes("11 rows"));
    expect(pane.describeDetected()).to.equal("Table Deals on Pipeline (selected table) · 11 rows");
  });

  it("does nothing while a run is going", async () => {
    const x = twoTables();
    const pane = new PaneController(new ExcelWorkbook(x.run), () => AS_OF);
    await pane.start();
    const running = pane.qualify();
    x.selection = { sheet: "Bids", box: parseBox("D5") };
    await pane.followSelection();
    await running;
    expect(pane.describeDetected()).to.contain("Deals");
  });
});

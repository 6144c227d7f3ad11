// The Office.js adapter against office-addin-mock (through the FakeExcel workbook): what a user would see in
// Excel after pressing Qualify — which table was taken, which cells changed, how many round trips it took.
import { expect } from "chai";
import { defaultModel, OUTPUT_COLUMNS, outputRowAt, qualifyTable, type Cell } from "../../src/model";
import { ExcelWorkbook, toExcelValue } from "../../src/office/excel-workbook";
import { formatBox, parseBox } from "../../src/port/a1";
import { parseMarker } from "../../src/port/marker";
import {
  MAPPING_SHEET,
  MODEL_SHEET,
  OUTPUT_MARKER,
  TableChangedError,
  WriteStoppedError,
} from "../../src/port/workbook";
import { planOutputColumns } from "../../src/port/plan";
import { pressQualify, type QualifyOptions } from "../../src/taskpane/logic/qualify-press";
import { buildWriteRequest, qualifyRows } from "../../src/taskpane/logic/table-run";
import { resolveMapping } from "../../src/taskpane/logic/mapping";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../taskpane/support/pipeline";
import { FakeExcel, type Value } from "./fake-excel";

const WIDTH = PIPELINE_HEADERS.length; // 16 columns: A..P
const FIVE_MB = 5 * 1024 * 1024;

function workbook(rows: number, opts: { table?: boolean; extraSheet?: boolean } = {}): FakeExcel {
  const x = new FakeExcel();
  const data = [PIPELINE_HEADERS, ...pipelineRows(rows)] as Value[][];
  x.addSheet("Pipeline", data);
  if (opts.table !== false)
    x.addTable("Deals", "Pipeline", formatBox({ r0: 0, c0: 0, r1: rows, c1: WIDTH - 1 }));
  if (opts.extraSheet) {
    x.addSheet("Other", [
      ["Name", "Deal Value"],
      ["x", 1],
      ["y", 2],
    ]);
    x.addTable("Small", "Other", "A1:B3");
  }
  x.selection = { sheet: "Pipeline", box: parseBox("B3") };
  return x;
}

const options = (extra: Partial<QualifyOptions> = {}): QualifyOptions => ({
  model: defaultModel,
  asOf: AS_OF,
  mapping: null,
  allowUserColumns: false,
  ...extra,
});

/** What the engine says row by row, straight from the engine API, for comparison with the cells. */
function engineOutputs(rows: readonly (readonly Value[])[]): (Value | null)[][] {
  const table = { headers: PIPELINE_HEADERS, rows: rows as Cell[][] };
  const { results } = qualifyTable(table, {
    model: defaultModel,
    asOf: AS_OF,
    detail: "rationale",
    counterfactual: true,
  });
  return rows.map((_, i) => outputRowAt(results, i) ?? OUTPUT_COLUMNS.map(() => null));
}

function snapshot(x: FakeExcel, sheet: string): Map<string, string> {
  return new Map([...x.sheet(sheet).cells].map(([k, c]) => [k, JSON.stringify(c)]));
}

describe("office/excel-workbook", () => {
  describe("detect", () => {
    it("takes the selected table, says so, and offers the other tables and the region", async () => {
      const x = workbook(30, { extraSheet: true });
      const found = await new ExcelWorkbook(x.run).detect();
      expect(found).to.not.equal(null);
      expect(found!.source).to.equal("selected table");
      expect(found!.ref).to.deep.equal({
        kind: "table",
        name: "Deals",
        sheet: "Pipeline",
        address: "A1:P31",
      });
      expect(found!.headers).to.deep.equal(PIPELINE_HEADERS);
      expect(found!.rowCount).to.equal(30);
      expect(found!.sample).to.deep.equal(x.values("Pipeline", "A2:P21"));
      expect(found!.ownColumns).to.deep.equal([]);
      expect(found!.alternatives.map((a) => a.label)).to.include("Table Small on Other");
    });

    it("takes the table on the active sheet when the selection is outside any table", async () => {
      const x = workbook(5);
      x.selection = { sheet: "Pipeline", box: parseBox("Z40") };
      const found = await new ExcelWorkbook(x.run).detect();
      expect(found!.source).to.equal("table on the active sheet");
      expect(found!.ref.name).to.equal("Deals");
    });

    it("takes the region around the selection when the sheet has no table", async () => {
      const x = workbook(8, { table: false });
      x.selection = { sheet: "Pipeline", box: parseBox("C4") };
      const found = await new ExcelWorkbook(x.run).detect();
      expect(found!.source).to.equal("region around the selection");
      expect(found!.ref).to.deep.equal({ kind: "range", sheet: "Pipeline", address: "A1:P9" });
      expect(found!.rowCount).to.equal(8);
    });

    it("reads a table the user picked instead", async () => {
      const x = workbook(5, { extraSheet: true });
      const port = new ExcelWorkbook(x.run);
      const first = await port.detect();
      const other = first!.alternatives.find((a) => a.ref.name === "Small")!;
      const picked = await port.detect(other.ref);
      expect(picked!.source).to.equal("your choice");
      expect(picked!.headers).to.deep.equal(["Name", "Deal Value"]);
      expect(picked!.rowCount).to.equal(2);
    });

    it("finds nothing in an empty workbook", async () => {
      const x = new FakeExcel();
      x.addSheet("Sheet1");
      x.selection = { sheet: "Sheet1", box: parseBox("A1") };
      expect(await new ExcelWorkbook(x.run).detect()).to.equal(null);
    });
  });

  describe("readTable", () => {
    it("reads every row once, in requests sized to the response limit", async () => {
      const x = workbook(3000);
      const port = new ExcelWorkbook(x.run, { responseBytes: 200_000 });
      const data = await port.readTable({
        kind: "table",
        name: "Deals",
        sheet: "Pipeline",
        address: "A1:P3001",
      });
      expect(data.rows).to.deep.equal(x.values("Pipeline", "A2:P3001"));
      expect(data.headers).to.deep.equal(PIPELINE_HEADERS);
      expect(x.syncs.length).to.be.greaterThan(2);
    });
  });

  describe("qualify and write", () => {
    it("adds the eight output columns with the engine's values and changes no other cell", async () => {
      const x = workbook(40);
      const before = snapshot(x, "Pipeline");
      const port = new ExcelWorkbook(x.run);
      const found = await port.detect();
      const out = await pressQualify(port, found!.ref, options());
      expect(out.kind).to.equal("done");
      const table = x.tables[0];
      expect(formatBox(table.box)).to.equal("A1:X41");
      expect(x.values("Pipeline", "Q1:X1")[0]).to.deep.equal([...OUTPUT_COLUMNS]);
      const rows = x.values("Pipeline", "A2:P41");
      const expected = engineOutputs(rows).map((r) => r.map((v) => (v === null ? "" : v)));
      expect(x.values("Pipeline", "Q2:X41")).to.deep.equal(expected);
      for (const [k, v] of before) expect(snapshot(x, "Pipeline").get(k), k).to.equal(v);
      expect(x.formulas("Pipeline")).to.deep.equal([]);
    });

    it("leaves a sheet-scoped marker over the output block, and colours Verdict and Risk", async () => {
      const x = workbook(12);
      const port = new ExcelWorkbook(x.run);
      await pressQualify(port, (await port.detect())!.ref, options());
      const marker = parseMarker(x.sheet("Pipeline").names.get(OUTPUT_MARKER));
      expect(marker).to.deep.equal({ sheet: "Pipeline", boxes: [parseBox("Q1:X13")] });
      expect(x.names.has(OUTPUT_MARKER)).to.equal(false);
      const verdictRules = x.cfs.filter((cf) => formatBox(cf.box) === "Q2:Q13");
      expect(verdictRules.map((cf) => cf.rule.formula1).sort()).to.deep.equal([
        '="Conditional"',
        '="Needs information"',
        '="Not qualified"',
        '="Qualified"',
      ]);
      const scale = x.cfs.filter((cf) => formatBox(cf.box) === "T2:T13");
      expect(scale).to.have.length(1);
      expect(scale[0].type).to.equal("ColorScale");
      const found = await port.detect();
      expect(found!.ownColumns).to.deep.equal([16, 17, 18, 19, 20, 21, 22, 23]);
    });

    it("is idempotent: a second run gives the same cells, the same columns and the same formats", async () => {
      const x = workbook(25);
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      await pressQualify(port, ref, options());
      const once = snapshot(x, "Pipeline");
      const cfs = x.cfs.length;
      const again = await pressQualify(port, (await port.detect())!.ref, options());
      expect(again.kind).to.equal("done");
      if (again.kind === "done") expect(again.plan.columns.every((c) => c.origin === "own")).to.equal(true);
      expect(formatBox(x.tables[0].box)).to.equal("A1:X26");
      expect(snapshot(x, "Pipeline")).to.deep.equal(once);
      expect(x.cfs.length).to.equal(cfs);
    });

    it("updates its own columns after the user moved them and edited an input", async () => {
      const x = workbook(10);
      const port = new ExcelWorkbook(x.run);
      await pressQualify(port, (await port.detect())!.ref, options());
      x.put(x.sheet("Pipeline"), 1, 9, "Unsecured"); // Financing of the first opportunity
      const second = await pressQualify(port, (await port.detect())!.ref, options());
      expect(second.kind).to.equal("done");
      expect(formatBox(x.tables[0].box)).to.equal("A1:X11");
      const row = x.values("Pipeline", "A2:P2")[0];
      expect(x.values("Pipeline", "Q2:X2")[0]).to.deep.equal(engineOutputs([row])[0]);
    });

    it("asks before writing into a user's column that has one of its header names", async () => {
      const x = workbook(6);
      const sheet = x.sheet("Pipeline");
      x.put(sheet, 0, 16, "Score");
      for (let r = 1; r <= 6; r++) x.put(sheet, r, 16, `my note ${r}`);
      x.tables[0].box = parseBox("A1:Q7");
      const before = snapshot(x, "Pipeline");
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      const asked = await pressQualify(port, ref, options());
      expect(asked.kind).to.equal("needs-consent");
      if (asked.kind === "needs-consent")
        expect(asked.plan.clashes.map((c) => c.header)).to.deep.equal(["Score"]);
      expect(snapshot(x, "Pipeline")).to.deep.equal(before);
    });

    it("refuses a request that treats a user's column as its own, and writes nothing", async () => {
      const x = workbook(6);
      const sheet = x.sheet("Pipeline");
      x.put(sheet, 0, 16, "Verdict");
      x.tables[0].box = parseBox("A1:Q7");
      const before = snapshot(x, "Pipeline");
      const syncsBefore = x.syncs.length;
      const port = new ExcelWorkbook(x.run);
      const data = await port.readTable({
        kind: "table",
        name: "Deals",
        sheet: "Pipeline",
        address: "A1:Q7",
      });
      const plan = planOutputColumns(data.headers, [16]); // pretend the marker covered it
      const mapping = resolveMapping(data.headers, null);
      const { values: outcomes } = await qualifyRows(data.rows, mapping.engine, defaultModel, AS_OF);
      let error: unknown;
      try {
        await port.writeOutputs(buildWriteRequest(data, plan, outcomes));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(TableChangedError);
      expect(snapshot(x, "Pipeline")).to.deep.equal(before);
      expect(x.syncs.slice(syncsBefore).every((s) => s.bytes === 0)).to.equal(true);
    });

    it("writes into the user's column once the user agreed, and then treats it as its own", async () => {
      const x = workbook(6);
      const sheet = x.sheet("Pipeline");
      x.put(sheet, 0, 16, "Score");
      x.tables[0].box = parseBox("A1:Q7");
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      const done = await pressQualify(port, ref, options({ allowUserColumns: true }));
      expect(done.kind).to.equal("done");
      expect(formatBox(x.tables[0].box)).to.equal("A1:X7"); // Score reused, seven added
      const found = await port.detect();
      expect(found!.ownColumns).to.include(16);
      const rows = x.values("Pipeline", "A2:P7");
      expect(x.values("Pipeline", "Q2:Q7").map((r) => r[0])).to.deep.equal(
        engineOutputs(rows).map((r) => (r[1] === null ? "" : r[1])),
      );
    });

    it("refuses to write when the table changed since it was read", async () => {
      const x = workbook(6);
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      const data = await port.readTable(ref);
      x.tables[0].box = parseBox("A1:P6"); // the user deleted a row meanwhile
      const plan = planOutputColumns(data.headers, data.ownColumns);
      const { values: outcomes } = await qualifyRows(
        data.rows,
        resolveMapping(data.headers, null).engine,
        defaultModel,
        AS_OF,
      );
      let error: unknown;
      try {
        await port.writeOutputs(buildWriteRequest(data, plan, outcomes));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(TableChangedError);
      expect(formatBox(x.tables[0].box)).to.equal("A1:P6");
    });

    it("writes formula-like text so that Excel keeps it as text", async () => {
      const x = workbook(3);
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      const data = await port.readTable(ref);
      const plan = planOutputColumns(data.headers, data.ownColumns);
      const request = buildWriteRequest(data, plan, []);
      request.values = [
        ["Qualified", 70, "B", 20, 5, 100, '=HYPERLINK("http://evil")', ""],
        ["Conditional", 50, "C", 40, 8, 90, "+1 risk: see notes", ""],
        ["Not qualified", 30, "D", 70, 9, 80, "-- knocked out", ""],
      ];
      await port.writeOutputs(request);
      expect(x.formulas("Pipeline")).to.deep.equal([]);
      expect(x.values("Pipeline", "W2:W4").map((r) => r[0])).to.deep.equal([
        '=HYPERLINK("http://evil")',
        "+1 risk: see notes",
        "-- knocked out",
      ]);
      expect(toExcelValue("@SUM(A1)")).to.equal("'@SUM(A1)");
    });

    it("writes beside a plain range, and refuses when those cells are not empty", async () => {
      const x = workbook(5, { table: false });
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      const ok = await pressQualify(port, ref, options());
      expect(ok.kind).to.equal("done");
      expect(x.values("Pipeline", "Q1:X1")[0]).to.deep.equal([...OUTPUT_COLUMNS]);

      const y = workbook(5, { table: false });
      y.put(y.sheet("Pipeline"), 3, 20, "keep me");
      const port2 = new ExcelWorkbook(y.run);
      const before = snapshot(y, "Pipeline");
      let error: unknown;
      try {
        await pressQualify(port2, { kind: "range", sheet: "Pipeline", address: "A1:P6" }, options());
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/not empty/);
      expect(snapshot(y, "Pipeline")).to.deep.equal(before);
    });
  });

  describe("round trips", () => {
    for (const rows of [10, 1_000, 50_000]) {
      it(`writes ${rows.toLocaleString("en")} rows in at most 3 syncs plus one per 5 MB, calculation suspended`, async function () {
        this.timeout(120_000);
        const x = workbook(rows);
        const port = new ExcelWorkbook(x.run);
        const ref = {
          kind: "table" as const,
          name: "Deals",
          sheet: "Pipeline",
          address: formatBox({ r0: 0, c0: 0, r1: rows, c1: WIDTH - 1 }),
        };
        const data = await port.readTable(ref);
        const plan = planOutputColumns(data.headers, data.ownColumns);
        // Engine results for the first 1,000 rows, repeated: the payload is as large as a real run's.
        const { values: sample } = await qualifyRows(
          data.rows.slice(0, 1000),
          resolveMapping(data.headers, null).engine,
          defaultModel,
          AS_OF,
        );
        const outcomes = data.rows.map((_, i) => sample[i % sample.length]);
        const start = x.syncs.length;
        await port.writeOutputs(buildWriteRequest(data, plan, outcomes));
        const syncs = x.syncs.slice(start);
        const bytes = syncs.reduce((n, s) => n + s.bytes, 0);
        expect(syncs.length).to.be.at.most(3 + Math.ceil(bytes / FIVE_MB));
        expect(syncs.every((s) => s.bytes <= FIVE_MB)).to.equal(true);
        expect(syncs.filter((s) => s.bytes > 0).every((s) => s.suspended)).to.equal(true);
        expect(x.values("Pipeline", formatBox({ r0: rows, r1: rows, c0: 16, c1: 16 }))[0][0]).to.equal(
          outcomes[rows - 1][0] ?? "",
        );
        if (rows === 50_000) expect(syncs.length).to.be.greaterThan(2); // 50,000 rationales do not fit one request
      });
    }
  });

  describe("cancel and failure", () => {
    async function prepared(rows: number) {
      const x = workbook(rows);
      const port = new ExcelWorkbook(x.run, { requestBytes: 20_000 });
      const ref = (await port.detect())!.ref;
      await pressQualify(port, ref, options()); // an earlier run: own columns exist
      x.put(x.sheet("Pipeline"), 2, 9, "Unsecured");
      x.put(x.sheet("Pipeline"), 40, 7, "Wholly bespoke");
      return { x, port, ref: (await port.detect())!.ref };
    }

    it("a cancelled run leaves the sheet as it was", async () => {
      const { x, port, ref } = await prepared(300);
      const before = snapshot(x, "Pipeline");
      const controller = new AbortController();
      let writes = 0;
      x.beforeSync = () => {
        if (x.syncs.length > 0 && x.syncs[x.syncs.length - 1].bytes > 0 && ++writes === 2) controller.abort();
      };
      let error: unknown;
      try {
        await pressQualify(port, ref, options({ signal: controller.signal }));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(WriteStoppedError);
      expect((error as WriteStoppedError).reason).to.equal("cancelled");
      expect((error as WriteStoppedError).restored).to.equal(true);
      expect(snapshot(x, "Pipeline")).to.deep.equal(before);
    });

    it("a failed request is rolled back, new columns removed", async () => {
      const x = workbook(300);
      const port = new ExcelWorkbook(x.run, { requestBytes: 20_000 });
      const ref = (await port.detect())!.ref;
      const before = snapshot(x, "Pipeline");
      x.beforeSync = (n) => {
        if (x.syncs.length > 0 && x.syncs[x.syncs.length - 1].bytes > 0 && x.failSync === null)
          x.failSync = n + 1;
      };
      let error: unknown;
      try {
        await pressQualify(port, ref, options());
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(WriteStoppedError);
      expect((error as WriteStoppedError).reason).to.equal("failed");
      expect((error as WriteStoppedError).restored).to.equal(true);
      expect(formatBox(x.tables[0].box)).to.equal("A1:P301");
      expect(snapshot(x, "Pipeline")).to.deep.equal(before);
    });
  });

  describe("filter, selection, model and mapping", () => {
    it("filters the table on Verdict and clears only that filter", async () => {
      const x = workbook(8);
      const port = new ExcelWorkbook(x.run);
      const ref = (await port.detect())!.ref;
      await port.setVerdictFilter(ref, 16, ["Qualified"]);
      expect(x.tables[0].filters.get(16)).to.deep.equal(["Qualified"]);
      await port.setVerdictFilter(ref, 16, null);
      expect(x.tables[0].filters.has(16)).to.equal(false);
    });

    it("selects the opportunity's row", async () => {
      const x = workbook(8);
      const port = new ExcelWorkbook(x.run);
      await port.selectRow((await port.detect())!.ref, 4);
      expect(x.selectedRange).to.deep.equal({ sheet: "Pipeline", address: "A6:P6" });
    });

    it("stores the model as a Qualification Model sheet and reads it back, text kept as text", async () => {
      const x = workbook(2);
      const port = new ExcelWorkbook(x.run);
      expect(await port.readModelSettings()).to.equal(null);
      const rows = [
        ["Setting", "Value"],
        ["weights.financing", 12],
        ["knockouts.negativeMargin.reason", "=margin below zero"],
        ["knockouts.noSolution.enabled", false],
      ];
      await port.writeModelSettings(rows);
      expect(await port.readModelSettings()).to.deep.equal(rows);
      expect(x.formulas(MODEL_SHEET)).to.deep.equal([]);
      await port.writeModelSettings(rows.slice(0, 2));
      expect(await port.readModelSettings()).to.deep.equal(rows.slice(0, 2));
    });

    it("remembers a column mapping per table in a very hidden sheet", async () => {
      const x = workbook(2, { extraSheet: true });
      const port = new ExcelWorkbook(x.run);
      const deals = { kind: "table" as const, name: "Deals", sheet: "Pipeline", address: "A1:P3" };
      const small = { kind: "table" as const, name: "Small", sheet: "Other", address: "A1:B3" };
      expect(await port.readMapping(deals)).to.equal(null);
      await port.writeMapping(deals, { dealValue: "=Deal", margin: null });
      await port.writeMapping(small, { name: "Name" });
      expect(await port.readMapping(deals)).to.deep.equal({ dealValue: "=Deal", margin: null });
      expect(await port.readMapping(small)).to.deep.equal({ name: "Name" });
      await port.writeMapping(deals, { customer: "Customer" });
      expect(await port.readMapping(deals)).to.deep.equal({ customer: "Customer" });
      expect(x.sheet(MAPPING_SHEET).visibility).to.equal("VeryHidden");
      expect(x.formulas(MAPPING_SHEET)).to.deep.equal([]);
    });
  });
});

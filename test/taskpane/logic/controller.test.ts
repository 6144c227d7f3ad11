// The pane's behaviour, driven as a user would drive it (the same methods the buttons call), over a workbook
// file: what it finds, what it remembers, what it writes, and what it refuses.
import { expect } from "chai";
import {
  applySettings,
  defaultModel,
  describeProblem,
  matchHeaders,
  qualifyTable,
  type Assessment,
  type ScoringModel,
} from "../../../src/model";
import { assessedMessage, PaneController } from "../../../src/taskpane/logic/controller";
import { FileWorkbook } from "../../../src/workbench/file-workbook";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../support/pipeline";
import { openXlsx, pipelineXlsx } from "../support/xlsx";

/** What the engine's table service says of the test pipeline, row by row (null for an empty row). */
function engine(rows: number, model: ScoringModel = defaultModel): (Assessment | null)[] {
  const table = { headers: PIPELINE_HEADERS, rows: pipelineRows(rows) };
  return qualifyTable(table, { model, asOf: AS_OF, detail: "assessments", counterfactual: true }).results
    .assessments!;
}

async function started(rows: number, extra: Parameters<typeof pipelineXlsx>[2] = []) {
  const workbook = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(rows, true, extra));
  const pane = new PaneController(workbook, () => AS_OF);
  await pane.start();
  return { workbook, pane };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("taskpane/logic/controller", () => {
  it("finds the table, shows the detected mapping and a preview of the first rows' verdicts", async () => {
    const { pane } = await started(12);
    await settle();
    const s = pane.state;
    expect(s.status).to.equal("ready");
    expect(pane.describeDetected()).to.equal("Table Deals on Pipeline (table on the active sheet) · 12 rows");
    const detected = matchHeaders(PIPELINE_HEADERS).columns;
    for (const f of s.mapping!.fields) {
      expect(f.column, f.field).to.equal(detected[f.field] ?? null);
      expect(f.source).to.equal(f.column === null ? "none" : "detected");
    }
    expect(s.preview.map((p) => p.verdict)).to.deep.equal(engine(5).map((a) => a?.verdict ?? null));
  });

  it("remembers a changed column in the workbook, so the next session uses it", async () => {
    const { workbook, pane } = await started(6);
    const owner = PIPELINE_HEADERS.indexOf("Owner");
    await pane.setFieldColumn("customer", owner);
    expect(pane.state.mapping!.fields.find((f) => f.field === "customer")).to.deep.include({
      column: owner,
      source: "chosen",
    });
    const reopened = FileWorkbook.open("pipeline.xlsx", workbook.bytes());
    const next = new PaneController(reopened, () => AS_OF);
    await next.start();
    expect(next.state.mapping!.fields.find((f) => f.field === "customer")).to.deep.include({
      column: owner,
      source: "chosen",
    });
    await next.resetMapping();
    expect(next.state.mapping!.fields.find((f) => f.field === "customer")!.source).to.equal("detected");
  });

  it("qualifies: the summary's counts and pipeline values are the engine's, and not-qualified rows say what would change", async () => {
    const { workbook, pane } = await started(40);
    await pane.qualify();
    const results = engine(40);
    const r = pane.state.result!;
    const rows = pipelineRows(40);
    for (const t of r.summary.totals) {
      const mine = results.map((a, i) => ({ a, i })).filter((x) => x.a?.verdict === t.verdict);
      expect(t.count, t.verdict).to.equal(mine.length);
      expect(t.value, t.verdict).to.equal(mine.reduce((n, x) => n + (rows[x.i][3] as number), 0));
    }
    expect(r.summary.empty).to.equal(results.filter((a) => a === null).length);
    expect(pane.state.message!.intent).to.equal("success");
    const n = (v: string) => results.filter((a) => a?.verdict === v).length;
    const assessed = results.filter((a) => a !== null).length;
    expect(pane.state.message!.title).to.equal(
      `Assessed ${assessed} opportunities: ${n("Qualified")} qualified, ${n("Conditional")} conditional, ${n("Needs information")} need information, ${n("Not qualified")} not qualified.`,
    );
    const empty = results.length - assessed;
    expect(pane.state.message!.text).to.equal(
      empty === 0 ? undefined : `${empty} empty row${empty === 1 ? "" : "s"} skipped.`,
    );
    for (const item of r.attention) expect(item.nextStep).to.equal(results[item.row]!.nextStep);
    expect(r.attention.every((a) => a.verdict !== "Qualified")).to.equal(true);
    await pane.selectOpportunity(r.attention[0].row);
    expect(workbook.selection!.row).to.equal(r.attention[0].row + 1);
    await pane.setFilter("qualified");
    expect(workbook.filter!.verdicts).to.deep.equal(["Qualified"]);
    await pane.setFilter("all");
    expect(workbook.filter).to.equal(null);
  });

  it("says what was assessed in a manager's words: counts per verdict, one and thousands, closed deals apart", () => {
    const summary = (counts: [number, number, number, number], empty: number, won = 0, lost = 0) => ({
      totals: (["Qualified", "Conditional", "Needs information", "Not qualified"] as const).map(
        (verdict, i) => ({
          verdict,
          count: counts[i],
          value: 0,
          valueText: "0",
          expectedText: null,
          unknownValue: 0,
        }),
      ),
      assessed: counts[0] + counts[1] + counts[2] + counts[3],
      closed: { won, lost, other: 0 },
      valueText: "0",
      expectedText: null,
      empty,
      attention: [],
    });
    expect(assessedMessage(summary([1, 0, 0, 0], 1))).to.deep.equal({
      title: "Assessed 1 opportunity: 1 qualified, 0 conditional, 0 need information, 0 not qualified.",
      text: "1 empty row skipped.",
    });
    expect(assessedMessage(summary([1200, 300, 1, 12], 0))).to.deep.equal({
      title:
        "Assessed 1,513 opportunities: 1,200 qualified, 300 conditional, 1 needs information, 12 not qualified.",
      text: undefined,
    });
    expect(assessedMessage(summary([3, 0, 0, 0], 2, 8, 4)).text).to.equal(
      "12 closed deals (8 won, 4 lost) not assessed as open pursuits. 2 empty rows skipped.",
    );
    // Thousands grouped in every count, as in the title (the IBM history: 78,025 closed deals).
    expect(assessedMessage(summary([0, 0, 0, 0], 0, 17_627, 60_398)).text).to.equal(
      "78,025 closed deals (17,627 won, 60,398 lost) not assessed as open pursuits.",
    );
  });

  it("keeps 'Qualified only' on after qualifying again, applied to the new verdicts", async () => {
    const { workbook, pane } = await started(10);
    await pane.qualify();
    await pane.setFilter("qualified");
    await workbook.setVerdictFilter(pane.state.detected!.ref, 16, null); // as if Excel had dropped it
    await pane.qualify();
    for (let i = 0; i < 20 && !workbook.filter; i++) await settle();
    expect(pane.state.filter).to.equal("qualified");
    expect(workbook.filter!.verdicts).to.deep.equal(["Qualified"]);
  });

  it("asks before overwriting a user's column with an output name, and writes nothing when told to keep it", async () => {
    const { workbook, pane } = await started(5, [{ header: "Verdict", value: (i) => `mine ${i}` }]);
    const before = workbook.bytes();
    await pane.qualify();
    expect(pane.state.consent!.map((c) => c.title)).to.deep.equal(["Verdict"]);
    await pane.answerConsent(false);
    expect(workbook.bytes()).to.equal(before);
    expect(pane.state.message!.title).to.equal("Nothing was written");
    await pane.qualify();
    await pane.answerConsent(true);
    expect(pane.state.result).to.not.equal(null);
    const ws = (await openXlsx(workbook.bytes())).getWorksheet("Pipeline")!;
    expect(ws.getCell("Q2").value).to.equal(engine(1)[0]!.verdict);
  });

  it("a cancelled run writes nothing and says so", async () => {
    const { workbook, pane } = await started(2500);
    const before = workbook.bytes();
    const stop = pane.subscribe(() => {
      const run = pane.state.run;
      if (run.state === "running" && run.phase === "assessing") pane.cancel();
    });
    await pane.qualify();
    stop();
    expect(pane.state.message).to.deep.include({ intent: "warning", title: "Cancelled" });
    expect(workbook.bytes()).to.equal(before);
    expect(pane.state.run.state).to.equal("idle");
  });

  it("validates model edits beside the setting, then stores the model and re-qualifies with it", async () => {
    const { workbook, pane } = await started(30);
    pane.editSetting("weights.financing", "lots");
    expect(describeProblem(pane.state.model.validation.errors.get("weights.financing")![0])).to.match(
      /expected number/,
    );
    await pane.qualify();
    expect(pane.state.message!.title).to.equal("The scoring model has errors");
    expect(pane.state.result).to.equal(null);
    pane.editSetting("weights.financing", "40");
    pane.editSetting("thresholds.qualified.minScore", "55");
    expect(pane.state.model.validation.errors.size).to.equal(0);
    await pane.saveModel(true);
    const model = applySettings(defaultModel, [
      ["weights.financing", 40],
      ["thresholds.qualified.minScore", 55],
    ]);
    const results = engine(30, model);
    expect(pane.state.result!.summary.totals.map((t) => t.count)).to.deep.equal(
      (["Qualified", "Conditional", "Needs information", "Not qualified"] as const).map(
        (v) => results.filter((a) => a?.verdict === v).length,
      ),
    );
    const stored = await workbook.readModelSettings();
    expect(stored!.find((r) => r[0] === "weights.financing")![1]).to.equal(40);
    const again = new PaneController(FileWorkbook.open("p.xlsx", workbook.bytes()), () => AS_OF);
    await again.start();
    expect(again.state.model).to.deep.include({ stored: true, dirty: false });
    expect(again.state.model.validation.model).to.deep.equal(model);
  });

  it("reports a Qualification Model sheet with errors and will not qualify with it", async () => {
    const workbook = FileWorkbook.open("pipeline.xlsx", await pipelineXlsx(4));
    await workbook.writeModelSettings([
      ["Setting", "Value"],
      ["weights.margin", "high"],
      ["weights.nonsense", 3],
    ]);
    const pane = new PaneController(workbook, () => AS_OF);
    await pane.start();
    expect(pane.state.message!.title).to.equal("The Qualification Model sheet has errors");
    expect(pane.state.model.validation.errors.get("weights.margin")).to.have.length(1);
    const [unknown] = pane.state.model.validation.errors.get("weights.nonsense")!;
    expect(unknown).to.deep.equal({
      code: "model.unknownSetting",
      path: ["weights", "nonsense"],
      params: {},
    });
    expect(describeProblem(unknown)).to.equal("unknown setting");
    await pane.qualify();
    expect(pane.state.result).to.equal(null);
  });

  it("lets the user pick another table", async () => {
    const { pane } = await started(4);
    const alternatives = pane.state.detected!.alternatives;
    expect(alternatives.map((a) => a.label)).to.deep.equal(["Notes!A1"]);
    await pane.pickTable(alternatives[0].ref);
    expect(pane.state.detected!.ref.sheet).to.equal("Notes");
    expect(pane.state.detected!.source).to.equal("your choice");
  });
});

// The Learn from history panel, driven as a user drives it (the methods its buttons call) over a workbook file:
// what it shows of the history (the engine's own sentences and figures), what it refuses, and what "Use this
// model" and "Keep current model" change in the workbook.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runLearn } from "../../../src/cli/learn";
import { writeCsv } from "../../../src/files/csv";
import { applySettings, defaultModel, type Cell } from "../../../src/model";
import { learnFromHistory } from "../../../src/model/learn";
import { evidenceLines } from "../../../src/model/learn-words";
import { PaneController } from "../../../src/taskpane/logic/controller";
import { foundText, learnView } from "../../../src/taskpane/logic/learn-panel";
import { FileWorkbook } from "../../../src/workbench/file-workbook";
import { AS_OF } from "../support/pipeline";
import { openXlsx } from "../support/xlsx";
import { historyTable, historyXlsx } from "../support/history";

async function started(table: { headers: Cell[]; rows: Cell[][] }) {
  const workbook = FileWorkbook.open("history.xlsx", await historyXlsx(table));
  const pane = new PaneController(workbook, () => AS_OF);
  await pane.start();
  return { workbook, pane };
}

/** A history of `won` won, `lost` lost and `open` open deals, the fields varying. */
function counted(won: number, lost: number, open: number): { headers: Cell[]; rows: Cell[][] } {
  const rows: Cell[][] = [];
  const fin = ["Secured", "Partial", "Unsecured"];
  const add = (n: number, status: string) => {
    for (let i = 0; i < n; i++)
      rows.push([`Deal ${rows.length + 1}`, 50_000 + 1000 * rows.length, fin[i % 3], i % 4, status]);
  };
  add(won, "Won");
  add(lost, "Lost");
  add(open, "Open");
  return { headers: ["Opportunity", "Deal Value", "Financing", "Competition", "Status"], rows };
}

describe("taskpane/logic/learn-panel", function () {
  this.timeout(60_000);

  it("shows the engine's evidence: the same sentences as the CLI, the figures side by side, the curves", () => {
    const t = historyTable(600);
    const view = learnView({ ...t, scoring: defaultModel, stored: defaultModel, asOf: AS_OF, source: "x" });
    const cli = learnFromHistory(t.headers, t.rows, { model: defaultModel, asOf: AS_OF });
    if (view.kind !== "learned" || !cli.ok) throw new Error("expected a learned model");
    const lines = evidenceLines(cli.report).map((l) => `${l}.`);
    expect(view.sentences).to.deep.equal(lines.slice(0, -1));
    expect(view.recommendation.text).to.equal(lines[lines.length - 1]);
    expect(view.sentences[0]).to.match(
      /^Learned from \d+ closed deals \(\d+ won, \d+ lost\), outcome column 'Status'; \d+ rows still open/,
    );
    expect(view.found).to.deep.equal({
      outcomeColumn: "Status",
      won: cli.report.won,
      lost: cli.report.lost,
      open: cli.report.open,
    });
    expect(view.found.won + view.found.lost + view.found.open).to.equal(600);
    expect(view.figures).to.deep.equal({
      learned: { auc: cli.report.auc, brier: cli.report.brier },
      current: { auc: cli.report.currentAuc, brier: null },
    });
    // The known law separates won from lost; the default model's score hardly does.
    expect(view.figures.learned.auc).to.be.greaterThan(view.figures.current.auc! + 0.05);
    expect(view.recommendation.use).to.equal(true);
    expect(view.roc.learned[0]).to.deep.equal([0, 0]);
    expect(view.roc.learned[view.roc.learned.length - 1]).to.deep.equal([1, 1]);
    expect(view.calibration).to.have.length(10);
    expect(view.fields.map((f) => f.label)).to.include.members(["Financing", "Competition", "Deal Value"]);
    // The model to store: the one in use, with the learned section added (nothing else of the learned copy).
    expect(view.model).to.deep.equal({ ...defaultModel, winModel: cli.model.winModel });
  });

  it("refuses a short history with the counts it found and what is missing", () => {
    const t = counted(23, 61, 5);
    const view = learnView({ ...t, scoring: defaultModel, stored: defaultModel, asOf: AS_OF, source: "x" });
    expect(view).to.deep.equal({
      kind: "refused",
      source: "x",
      message: "Found 23 won and 61 lost; at least 40 of each are needed.",
      found: { outcomeColumn: "Status", won: 23, lost: 61, open: 5 },
    });
    expect(foundText(view.kind === "refused" ? view.found! : null!)).to.equal(
      "Outcome column 'Status': 23 won, 61 lost; 5 open rows left out.",
    );
  });

  it("refuses a table without an outcome column in the catalogue's words, with nothing found", () => {
    const t = counted(50, 50, 0);
    const headers = t.headers.slice(0, -1);
    const view = learnView({
      headers,
      rows: t.rows.map((r) => r.slice(0, -1)),
      scoring: defaultModel,
      stored: defaultModel,
      asOf: AS_OF,
      source: "x",
    });
    expect(view.kind).to.equal("refused");
    expect(view.kind === "refused" && view.found).to.equal(null);
    expect(view.kind === "refused" && view.message).to.match(/^No outcome column found/);
  });

  it("learns from the current table's closed rows; Use this model stores it and re-qualifies with Win % columns", async () => {
    const t = historyTable(500);
    const { workbook, pane } = await started(t);
    expect(pane.state.learn).to.deep.equal({ state: "idle" });
    await pane.learn();
    const l = pane.state.learn;
    if (l.state !== "done" || l.view.kind !== "learned") throw new Error(`not learned: ${JSON.stringify(l)}`);
    expect(l.view.source).to.equal("the closed rows of Table History on Deals");
    // Nothing stored yet.
    expect(await workbook.readModelSettings()).to.equal(null);

    await pane.useLearnedModel();
    expect(pane.state.learn.state).to.equal("used");
    // The sheet holds the learned model: read back, it is the model in use with the learned section.
    const sheet = await workbook.readModelSettings();
    expect(applySettings(defaultModel, sheet!)).to.deep.equal(l.view.model);
    expect(sheet!.some((r) => r[0] === "winModel.intercept")).to.equal(true);
    // Re-qualified: the Win % and Expected value columns are written after the eight.
    const book = await openXlsx(workbook.bytes());
    const ws = book.getWorksheet("Deals")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(t.headers.length)).to.deep.equal([
      "Verdict",
      "Score",
      "Grade",
      "Risk",
      "Effort (pd)",
      "Confidence (%)",
      "Rationale",
      "Next step",
      "Win %",
      "Expected value",
    ]);
    const winCol = t.headers.length + 9;
    const open = t.rows.findIndex((r) => r[5] === "Open");
    const closed = t.rows.findIndex((r) => r[5] !== "Open");
    const cell = ws.getCell(open + 2, winCol);
    expect(cell.value).to.be.a("number").within(0.001, 0.999);
    expect(cell.numFmt).to.equal("0%");
    expect(ws.getCell(open + 2, winCol + 1).numFmt).to.equal("#,##0");
    // A closed deal's chance is decided: no Win % for it.
    expect(ws.getCell(closed + 2, winCol).value).to.equal(null);
    // The summary adds the expected value per verdict, and each opportunity to look at its Win %, as written.
    expect(pane.state.result!.summary.expectedText).to.be.a("string");
    const attention = pane.state.result!.attention;
    expect(attention.length).to.be.greaterThan(0);
    for (const a of attention) expect(a.win, a.label).to.equal(ws.getCell(a.row + 2, winCol).value);
    expect(pane.state.result!.summary.totals.every((x) => typeof x.expectedText === "string")).to.equal(true);
  });

  it("proposes a minimum win probability in the CLI's words; Use this model stores it only when ticked", async () => {
    const t = historyTable(500);
    const { workbook, pane } = await started(t);
    await pane.learn();
    const l = pane.state.learn;
    if (l.state !== "done" || l.view.kind !== "learned") throw new Error("expected a learned model");
    const proposal = l.view.proposal!;
    expect(proposal.minimum).to.be.a("number").within(0.01, 0.99);
    // `qualify learn` on the same history prints the same sentences.
    const dir = mkdtempSync(path.join(tmpdir(), "learn-panel-"));
    const csv = path.join(dir, "history.csv");
    writeFileSync(csv, writeCsv(t.headers, t.rows));
    let printed = "";
    runLearn(
      csv,
      { out: path.join(dir, "learned.json"), asOf: "2026-11-28" },
      {
        readModel: () => defaultModel,
        writeAtomic: (f: string, d: string | Uint8Array) => writeFileSync(f, d),
      },
      { out: { write: (x: string) => (printed += x) }, err: { write: () => true } },
    );
    for (const line of proposal.lines) expect(printed).to.include(`  ${line}\n`);
    expect(proposal.lines[0]).to.match(/^Proposed minimum win probability to qualify: \d+ %/);

    await pane.useLearnedModel(true);
    const sheet = await workbook.readModelSettings();
    const stored = applySettings(defaultModel, sheet!);
    expect(stored.winModel!.minWinProbability).to.equal(proposal.minimum);
    // Unticked (the default), the minimum is not set: as `qualify learn` without --min-win.
    const again = await started(t);
    await again.pane.learn();
    await again.pane.useLearnedModel();
    const plain = applySettings(defaultModel, (await again.workbook.readModelSettings())!);
    expect(plain.winModel).to.not.equal(undefined);
    expect(plain.winModel!.minWinProbability).to.equal(undefined);
  });

  it("learns from another table of the workbook when the user picks it, read with its own headers", async () => {
    const history = historyTable(400);
    const pipeline = { headers: ["Opportunity", "Deal Value", "Financing"], rows: [["A", 1000, "Secured"]] };
    const workbook = FileWorkbook.open("two.xlsx", await historyXlsx(history, pipeline));
    const pane = new PaneController(workbook, () => AS_OF);
    await pane.start();
    expect(pane.state.detected!.ref.name).to.equal("Open");
    const other = pane.state.detected!.alternatives.find((a) => a.ref.name === "History")!;
    await pane.learn(other.ref);
    const l = pane.state.learn;
    if (l.state !== "done" || l.view.kind !== "learned") throw new Error("not learned");
    expect(l.view.source).to.equal("Table History on Deals");
    const cli = learnFromHistory(history.headers, history.rows, { model: defaultModel, asOf: AS_OF });
    expect(cli.ok && l.view.report.auc).to.equal(cli.ok && cli.report.auc);
    // The current table alone has no history: refused in the catalogue's words.
    await pane.learn();
    const m = pane.state.learn;
    expect(m.state === "done" && m.view.kind).to.equal("refused");
  });

  it("Keep current model changes nothing", async () => {
    const t = historyTable(400);
    const { workbook, pane } = await started(t);
    const before = workbook.bytes();
    await pane.learn();
    expect(pane.state.learn.state).to.equal("done");
    pane.keepCurrentModel();
    expect(pane.state.learn).to.deep.equal({ state: "idle" });
    expect(workbook.bytes()).to.deep.equal(before);
    expect(pane.state.model.validation.model).to.equal(defaultModel);
  });

  it("shows a short history's refusal in the panel, and Use this model does nothing then", async () => {
    const { workbook, pane } = await started(counted(23, 61, 5));
    const before = workbook.bytes();
    await pane.learn();
    const l = pane.state.learn;
    expect(l.state === "done" && l.view.kind).to.equal("refused");
    await pane.useLearnedModel();
    expect(workbook.bytes()).to.deep.equal(before);
  });
});

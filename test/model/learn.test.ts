// Learning a win probability from closed deals: what a manager sees (the outcome column found, the counts, the
// refusal below the minimum history, the leakage guard) and what is learned (the law's directions, the order
// rules kept, figures reproducible with a seed).
import { expect } from "chai";
import fc from "fast-check";
import {
  applySettings,
  defaultModel,
  describeProblem,
  loadModel,
  modelToSettings,
  parseModel,
  qualifyTable,
  type Cell,
} from "../../src/model";
import { learnFromHistory } from "../../src/model/learn";
import { auc } from "../../src/model/roc";
import { AS_OF } from "./helpers";
import { syntheticHistory } from "./synthetic-history";

const learn = (
  h: { headers: Cell[]; rows: Cell[][] },
  extra: Partial<Parameters<typeof learnFromHistory>[2]> = {},
) => learnFromHistory(h.headers, h.rows, { model: defaultModel, asOf: AS_OF, ...extra });

describe("learn", () => {
  const history = syntheticHistory(3000, 11);
  const result = learn(history);
  if (!result.ok) throw new Error(result.problems.map(describeProblem).join("; "));
  const { model, report } = result;
  const w = model.winModel!;

  it("finds the outcome column and counts won, lost and open rows", () => {
    const statuses = history.rows.map((r) => r[5]);
    expect(report.outcomeColumn).to.equal("Status");
    expect(report.won).to.equal(statuses.filter((s) => s === "Won").length);
    expect(report.lost).to.equal(statuses.filter((s) => s === "Lost").length);
    expect(report.open).to.equal(statuses.filter((s) => s === "Open").length);
    expect(w.history).to.deep.equal({
      rows: report.won + report.lost,
      won: report.won,
      lost: report.lost,
      open: report.open,
      outcomeColumn: "Status",
    });
  });

  it("learns the law's directions, including larger deals being lost more often", () => {
    const fin = w.fields.financing!.levels!;
    expect(fin.secured).to.be.greaterThan(fin.partial);
    expect(fin.partial).to.be.greaterThan(fin.unsecured);
    const value = w.fields.dealValue!.bands!.points;
    expect(value[0]).to.be.greaterThan(value[value.length - 1]);
    const comp = w.fields.competition!.bands!.points;
    expect(comp[0]).to.be.greaterThan(comp[comp.length - 1]);
    // The names are never learned from.
    expect(Object.keys(w.fields).sort()).to.deep.equal([
      "competition",
      "customization",
      "dealValue",
      "financing",
    ]);
  });

  it("is validated out of fold, near the true law's own AUC, and beats the default score that rewards size", () => {
    const closed = history.rows
      .map((r, i) => [r[5], history.truth[i]] as const)
      .filter(([s]) => s !== "Open");
    const best = auc(
      closed.map(([, p]) => p),
      closed.map(([s]) => (s === "Won" ? 1 : 0)),
    );
    expect(report.auc).to.be.within(best - 0.03, best + 0.01);
    expect(report.unconstrainedAuc).to.be.within(report.auc - 0.02, report.auc + 0.02);
    expect(report.currentAuc).to.be.lessThan(report.auc);
    expect(report.recommendation).to.equal("use");
    expect(w.validation.auc).to.equal(Number(report.auc.toFixed(4)));
    expect(report.calibration).to.have.length(10);
    for (const bin of report.calibration) expect(bin.observed).to.be.closeTo(bin.predicted, 0.12);
  });

  it("gives a model the schema accepts, that keeps every order rule", () => {
    const parsed = parseModel(JSON.parse(JSON.stringify(model)));
    expect(parsed.ok).to.equal(true);
    const cust = w.fields.customization!.levels!;
    expect(cust.standard).to.be.at.least(cust.configured);
    expect(cust.configured).to.be.at.least(cust.partiallyBespoke);
    expect(cust.partiallyBespoke).to.be.at.least(cust.whollyBespoke);
  });

  it("reads back from setting/value rows, as the Qualification Model sheet and a model range hold it", () => {
    const rows = modelToSettings(model);
    expect(rows).to.deep.include([
      "winModel.fields.financing.levels.secured",
      w.fields.financing!.levels!.secured,
    ]);
    expect(rows).to.deep.include([
      "winModel.fields.dealValue.bands.edges",
      JSON.stringify(w.fields.dealValue!.bands!.edges),
    ]);
    expect(applySettings(defaultModel, rows)).to.deep.equal(JSON.parse(JSON.stringify(model)));
    // Still validated: a learned weight that is not a number is refused with its setting.
    expect(() =>
      applySettings(defaultModel, [...rows, ["winModel.fields.financing.missing", "lots"]]),
    ).to.throw(/winModel\.fields\.financing\.missing/);
  });

  it("keeps the order rule even when the history says the opposite", () => {
    const reversed = learn(syntheticHistory(3000, 12, { lawSign: -1 }));
    if (!reversed.ok) throw new Error("no model");
    const fin = reversed.model.winModel!.fields.financing!.levels!;
    expect(fin.secured).to.be.at.least(fin.partial);
    expect(fin.partial).to.be.at.least(fin.unsecured);
    expect(fin.secured - fin.unsecured).to.be.lessThan(1e-6); // flattened, not reversed
    // A hand edit that breaks the rule is refused like any model setting.
    const broken = JSON.parse(JSON.stringify(reversed.model));
    broken.winModel.fields.financing.levels.unsecured = 2;
    const parsed = parseModel(broken);
    expect(parsed.ok).to.equal(false);
    if (!parsed.ok)
      expect(parsed.problems[0].path).to.deep.equal([
        "winModel",
        "fields",
        "financing",
        "levels",
        "unsecured",
      ]);
  });

  it("gives the same model for the same seed, other folds for another", () => {
    const again = learn(history);
    expect(JSON.stringify(again.ok && again.model)).to.equal(JSON.stringify(model));
    const other = learn(history, { seed: 2 });
    expect(other.ok && other.model.winModel!.validation.seed).to.equal(2);
    expect(other.ok && other.report.auc).to.not.equal(report.auc);
  });

  it("refuses a history below the minimum with the counts it found", () => {
    const rows: Cell[][] = [];
    for (let i = 0; i < 84; i++)
      rows.push([`D${i}`, 1000 * (i + 1), i % 2 ? "Secured" : "Unsecured", i < 23 ? "Won" : "Lost"]);
    const r = learnFromHistory(["Opportunity", "Deal Value", "Financing", "Outcome"], rows, {
      model: defaultModel,
      asOf: AS_OF,
    });
    expect(r.ok).to.equal(false);
    if (!r.ok)
      expect(r.problems.map(describeProblem)).to.deep.equal([
        "Found 23 won and 61 lost; at least 40 of each are needed",
      ]);
  });

  it("warns when nearly every deal was won", () => {
    const rows: Cell[][] = [];
    for (let i = 0; i < 500; i++)
      rows.push([1000 * (i + 1), i % 3 ? "Secured" : "Partial", i < 455 ? "Closed Won" : "Closed Lost"]);
    const r = learnFromHistory(["Amount", "Budget", "Stage"], rows, { model: defaultModel, asOf: AS_OF });
    expect(r.ok).to.equal(true);
    if (r.ok) {
      expect(r.report.outcomeColumn).to.equal("Stage");
      expect(r.report.warnings.map(describeProblem)).to.deep.equal([
        "91 % of the closed deals were won (455 won, 45 lost): with so few losses the learned probability is uncertain",
      ]);
    }
  });

  it("leaves out a field that alone tells the outcome, unless the user keeps it", () => {
    const h = syntheticHistory(600, 13, { open: 0 });
    h.headers.push("RFP");
    h.rows.forEach((r) => r.push(r[5] === "Won" ? "Yes" : "No"));
    const r = learn(h);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.model.winModel!.fields.rfp).to.equal(undefined);
    expect(r.report.warnings.map(describeProblem)).to.deep.equal([
      "RFP alone tells won from lost almost perfectly (AUC 1.00): it is probably recorded after the outcome, and was left out",
    ]);
    const kept = learn(h, { keep: ["rfp"] });
    expect(kept.ok && kept.model.winModel!.fields.rfp).to.not.equal(undefined);
  });

  it("when only fields that give the outcome away vary, says so and how to keep one known before it", () => {
    // As a CRM export whose only amount is the realised one (0 for every lost deal).
    const rows: Cell[][] = [];
    for (let i = 0; i < 200; i++) rows.push([`D${i}`, i % 3 ? 1000 * (i + 1) : 0, i % 3 ? "Won" : "Lost"]);
    const r = learnFromHistory(["Opportunity", "Close Value", "Deal Stage"], rows, {
      model: defaultModel,
      asOf: AS_OF,
    });
    expect(r.ok).to.equal(false);
    if (!r.ok)
      expect(r.problems.map(describeProblem)).to.deep.equal([
        "Deal Value alone tells won from lost almost perfectly (AUC 1.00): it is probably recorded after the outcome, and was left out",
        "no other field is left to learn from; one known before the outcome can be kept (qualify learn --keep dealValue)",
      ]);
  });

  it("reads 1/0 outcomes, a named column, and a column found by its values", () => {
    const numeric = learn(syntheticHistory(400, 14, { outcomeHeader: "IsWon", won: 1, lost: 0, open: 0 }));
    expect(numeric.ok && numeric.report.outcomeColumn).to.equal("IsWon");
    const named = learn(syntheticHistory(400, 14, { outcomeHeader: "How it ended", open: 0 }), {
      outcome: "how it ended",
    });
    expect(named.ok && named.report.outcomeColumn).to.equal("How it ended");
    const found = learn(
      syntheticHistory(400, 14, { outcomeHeader: "Bid Closed As", won: "Awarded", lost: "Lost" }),
    );
    expect(found.ok && found.report.outcomeColumn).to.equal("Bid Closed As");
    const missing = learn(syntheticHistory(400, 14), { outcome: "Result" });
    expect(missing.ok).to.equal(false);
    if (!missing.ok) expect(missing.problems[0].code).to.equal("learn.outcomeNotFound");
  });

  it("records the close dates the history spans when a column gives them", () => {
    const h = syntheticHistory(300, 16, { open: 0 });
    h.headers.push("Close Date");
    h.rows.forEach((r, i) => r.push(i === 7 ? "not a date" : new Date(Date.UTC(2024, 0, 1 + (i % 400)))));
    const r = learn(h);
    expect(r.ok && r.model.winModel!.history).to.include({ from: "2024-01-01", to: "2024-10-26" });
  });

  it("says what the current model's verdicts would have been on the history", () => {
    const total = report.verdicts.reduce((s, v) => s + v.rows, 0);
    expect(total).to.equal(report.won + report.lost);
    expect(report.verdicts.reduce((s, v) => s + v.won, 0)).to.equal(report.won);
  });

  it("recommends keeping the current model when its score already tells won from lost", () => {
    // Deals won exactly when the current model scores them above the middle: nothing learned can beat that.
    const h = syntheticHistory(1500, 15, { open: 0 });
    const deals = { headers: h.headers.slice(0, 5), rows: h.rows.map((r) => r.slice(0, 5)) };
    const { results } = qualifyTable(deals, { model: defaultModel, asOf: AS_OF });
    const middle = Array.from(results.score).sort((a, b) => a - b)[750];
    h.rows.forEach((r, i) => (r[5] = results.score[i] > middle ? "Won" : "Lost"));
    const r = learn(h);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.report.currentAuc).to.equal(1);
    expect(r.report.auc).to.be.lessThan(1);
    expect(r.report.recommendation).to.equal("keep");
  });
});

describe("learn on odd input", () => {
  it("never throws: any cells give a model or problems, and a model always validates", () => {
    const cell = fc.oneof(
      fc.constantFrom<Cell>("Won", "Lost", "Open", "", null, "Secured", "no", "#N/A", "1e308", "-5"),
      fc.double({ noNaN: false }),
      fc.string({ maxLength: 6 }),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      fc.constant<Cell>({ error: "#DIV/0!" }),
    );
    const status = fc.constantFrom<Cell>("Won", "Lost", "Closed Won", 0, 1, "Open");
    let learned = 0;
    const headers: Cell[] = ["Deal Value", "Financing", "Competition", "Margin %", "Status"];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            cell,
            cell,
            cell,
            cell,
            fc.oneof({ arbitrary: status, weight: 4 }, { arbitrary: cell, weight: 1 }),
          ),
          { minLength: 10, maxLength: 120 },
        ),
        (rows) => {
          // Enough won and lost rows to get past the minimum now and then.
          const r = learnFromHistory(headers, rows, {
            model: loadModel(
              { learning: { ...defaultModel.learning!, minWon: 3, minLost: 3 } },
              defaultModel,
            ),
            asOf: AS_OF,
          });
          if (r.ok) {
            learned++;
            expect(parseModel(JSON.parse(JSON.stringify(r.model))).ok).to.equal(true);
          } else expect(r.problems.length).to.be.greaterThan(0);
        },
      ),
      { numRuns: 150, seed: 4 },
    );
    expect(learned).to.be.greaterThan(30); // the property did reach learning, not only refusals
  });
});

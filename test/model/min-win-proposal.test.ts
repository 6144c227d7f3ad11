// Proposing a minimum win probability from the history: the threshold that best separates won from lost among
// the deals the model qualifies, and the verdicts before and after it, counted by hand on a small history.
import { expect } from "chai";
import {
  defaultModel,
  fieldLabel,
  loadModel,
  qualifyTable,
  type Cell,
  type FieldKey,
  type ScoringModel,
} from "../../src/model";
import { learnFromHistory } from "../../src/model/learn";
import { proposeMinWin, withMinWin, youdenMinimum } from "../../src/model/min-win-proposal";
import { AS_OF, GOOD } from "./helpers";
import { syntheticHistory } from "./synthetic-history";

// The win probability depends on the deal value alone: 500k σ(1) = 73 %, 1.2M σ(0) = 50 %, 3M σ(−1) = 27 %. The
// default model qualifies GOOD at each of these values.
const model: ScoringModel = loadModel(
  {
    winModel: {
      intercept: 0,
      fields: {
        dealValue: { bands: { edges: [1_000_000, 2_000_000], points: [1, 0, -1] }, missing: 0, average: 0 },
      },
      history: { rows: 35, won: 20, lost: 15, open: 0, outcomeColumn: "Outcome" },
      validation: { folds: 5, seed: 1, auc: 0.7, brier: 0.2, unconstrainedAuc: 0.7 },
    },
  },
  defaultModel,
);
const KEYS = Object.keys(GOOD) as FieldKey[];
const HEADERS: Cell[] = [...KEYS.map(fieldLabel), "Outcome"];
const deal = (dealValue: number, outcome: string): Cell[] => [
  ...KEYS.map((k) => (k === "dealValue" ? dealValue : (GOOD[k] ?? null))),
  outcome,
];
const times = (n: number, row: Cell[]) => Array.from({ length: n }, () => row);
/** A thin row (name and deal value): Needs information whatever the minimum. */
const thin = (outcome: string): Cell[] =>
  KEYS.map((k): Cell => (k === "name" ? "Thin" : k === "dealValue" ? 3e6 : null)).concat(outcome);

const HISTORY: Cell[][] = [
  ...times(12, deal(500_000, "Won")),
  ...times(3, deal(500_000, "Lost")),
  ...times(6, deal(1_200_000, "Won")),
  ...times(6, deal(1_200_000, "Lost")),
  ...times(2, deal(3_000_000, "Won")),
  ...times(6, deal(3_000_000, "Lost")),
  ...times(4, thin("Lost")),
  deal(3_000_000, "Open"),
  deal(500_000, "Open"),
];

describe("minimum win probability proposal", () => {
  it("picks the whole percentage that keeps the most won and the fewest lost of the qualified deals", () => {
    // Keeping p ≥ t: t ≤ 26 % keeps all (J 0); 27–50 % keeps 73 % and 50 % deals: 18/20 won − 9/15 lost = 0.3;
    // 51–73 % keeps the 73 % deals: 12/20 − 3/15 = 0.4; above, none (J 0). The lowest of the best: 51 %.
    const r = proposeMinWin(HEADERS, HISTORY, model, { asOf: AS_OF });
    if (!r.ok) throw new Error(r.problems.map((p) => p.code).join());
    const p = r.proposal;
    expect([p.proposed, p.minimum, p.basis, p.basisWon, p.basisLost]).to.deep.equal([
      0.51,
      0.51,
      "qualified",
      20,
      15,
    ]);
    expect([p.keptWon, p.keptLost]).to.deep.equal([12 / 20, 3 / 15]);
    expect(p.history).to.deep.equal({
      rows: 39,
      won: 20,
      lost: 19,
      wonLeaving: 8,
      lostLeaving: 12,
      before: { Qualified: 35, Conditional: 0, "Needs information": 4, "Not qualified": 0 },
      after: { Qualified: 15, Conditional: 20, "Needs information": 4, "Not qualified": 0 },
    });
    expect(p.open).to.deep.equal({
      rows: 2,
      before: { Qualified: 2, Conditional: 0, "Needs information": 0, "Not qualified": 0 },
      after: { Qualified: 1, Conditional: 1, "Needs information": 0, "Not qualified": 0 },
    });
  });

  it("shows the change for a minimum asked for, and for open deals given apart", () => {
    const open = { headers: HEADERS.slice(0, -1), rows: [deal(1_200_000, "").slice(0, -1)] };
    const r = proposeMinWin(HEADERS, HISTORY, model, { asOf: AS_OF, minimum: 0.3, open });
    if (!r.ok) throw new Error("refused");
    const p = r.proposal;
    expect([p.proposed, p.minimum, p.keptWon, p.keptLost]).to.deep.equal([0.51, 0.3, 18 / 20, 9 / 15]);
    expect([p.history.wonLeaving, p.history.lostLeaving]).to.deep.equal([2, 6]);
    expect(p.open.after).to.deep.equal({
      Qualified: 2,
      Conditional: 1,
      "Needs information": 0,
      "Not qualified": 0,
    });
  });

  it("chooses on all closed deals when the model qualifies too few of them, and proposes none without separation", () => {
    // Without the six lost 1.2M deals only 9 qualified deals were lost: too few. On all 33 closed deals the thin
    // ones (3M: 27 %, lost) count too.
    const fewer = HISTORY.filter((_, i) => i < 21 || i > 26);
    const r = proposeMinWin(HEADERS, fewer, model, { asOf: AS_OF });
    if (!r.ok) throw new Error("refused");
    // 73 %: 12 won, 3 lost; 50 %: 6 won; 27 %: 2 won, 6 + 4 lost. Won 20, lost 13. t 27–50 %: 18/20 − 3/13 = 0.67;
    // t 51–73 %: 12/20 − 3/13 = 0.37; otherwise 0.
    expect([r.proposal.basis, r.proposal.basisWon, r.proposal.basisLost]).to.deep.equal(["all", 20, 13]);
    expect(r.proposal.proposed).to.equal(0.27);
    // A probability that says nothing: the same share of won and lost kept at every minimum.
    expect(youdenMinimum([0.2, 0.2, 0.6, 0.6], [1, 0, 1, 0])).to.equal(null);
    expect(youdenMinimum([0.2, 0.6], [1, 0])).to.equal(null);
    expect(youdenMinimum([0.2, 0.6], [0, 1])).to.equal(0.21);
  });

  it("agrees with the table service scoring the history with the minimum set (a learned model)", () => {
    // The synthetic history, each deal otherwise as GOOD (so that many are Qualified): outcome last.
    const h = syntheticHistory(1500, 5);
    const extra = KEYS.filter(
      (k) => !["name", "dealValue", "financing", "competition", "customization"].includes(k),
    );
    const headers = [...h.headers.slice(0, 5), ...extra.map(fieldLabel), h.headers[5]];
    const rows = h.rows.map((r) => [...r.slice(0, 5), ...extra.map((k) => GOOD[k] ?? null), r[5]]);
    const learned = learnFromHistory(headers, rows, { model: defaultModel, asOf: AS_OF });
    if (!learned.ok) throw new Error("not learned");
    const r = proposeMinWin(headers, rows, learned.model, { asOf: AS_OF });
    if (!r.ok) throw new Error("refused");
    const p = r.proposal;
    expect(p.basis).to.equal("qualified");
    expect(p.proposed).to.be.a("number");
    expect(p.history.before.Qualified).to.be.above(p.history.after.Qualified);
    // Independently: every closed row scored by the table service under the model with the minimum set.
    const last = headers.length - 1;
    const closed = rows.filter((row) => row[last] === "Won" || row[last] === "Lost");
    const table = { headers: headers.slice(0, last), rows: closed.map((row) => row.slice(0, last)) };
    const after = qualifyTable(table, { model: withMinWin(learned.model, p.proposed), asOf: AS_OF }).results;
    const counts = { Qualified: 0, Conditional: 0, "Needs information": 0, "Not qualified": 0 };
    let won = 0;
    let lost = 0;
    after.verdict.forEach((v, i) => {
      if (v) counts[v]++;
      if (v !== "Qualified" && closed[i][last] === "Won") won++;
      if (v !== "Qualified" && closed[i][last] === "Lost") lost++;
    });
    expect(p.history.after).to.deep.equal(counts);
    expect(p.history.rows).to.equal(closed.length);
    // Leaving Qualified: not Qualified after, less those not Qualified before.
    const before = qualifyTable(table, { model: learned.model, asOf: AS_OF }).results.verdict;
    const notBefore = (y: string) =>
      closed.filter((row, i) => before[i] !== "Qualified" && row[last] === y).length;
    expect([p.history.wonLeaving, p.history.lostLeaving]).to.deep.equal([
      won - notBefore("Won"),
      lost - notBefore("Lost"),
    ]);
  });

  it("refuses a model without a learned win probability", () => {
    const r = proposeMinWin(HEADERS, HISTORY, defaultModel, { asOf: AS_OF });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.problems.map((p) => p.code)).to.deep.equal(["formula.noWinModel"]);
  });
});

// Scoring with a learned win model: the probability from the model's readable weights, the expected value, the
// drivers in words; and a model without one scores exactly as before.
import { expect } from "chai";
import {
  defaultModel,
  loadModel,
  parseModel,
  qualifyTable,
  type Cell,
  type ScoringModel,
} from "../../src/model";
import { AS_OF } from "./helpers";

const learned: ScoringModel = loadModel(
  {
    winModel: {
      intercept: -0.5,
      fields: {
        financing: { levels: { secured: 1, partial: 0, unsecured: -1 }, missing: -0.2, average: 0 },
        dealValue: { bands: { edges: [100000], points: [0.5, -0.5] }, missing: 0, average: 0 },
      },
      history: { rows: 100, won: 50, lost: 50, open: 0, outcomeColumn: "Status" },
      validation: { folds: 5, seed: 1, auc: 0.7, brier: 0.2, currentAuc: 0.5, unconstrainedAuc: 0.7 },
    },
  },
  defaultModel,
);

const table = {
  headers: ["Opportunity", "Deal Value", "Financing"] as Cell[],
  rows: [
    ["A", 2_000_000, "Unsecured"],
    ["B", 50_000, "Secured"],
    ["C", null, null],
    [null, null, null],
  ] as Cell[][],
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe("win probability", () => {
  it("adds up the learned weights of each row's values", () => {
    const { results } = qualifyTable(table, { model: learned, asOf: AS_OF });
    expect(Array.from(results.winProbability!)).to.deep.equal([
      sigmoid(-0.5 - 1 - 0.5),
      sigmoid(-0.5 + 1 + 0.5),
      sigmoid(-0.5 - 0.2 + 0),
      NaN,
    ]);
  });

  it("gives the expected value: win probability × deal value − bid cost", () => {
    const { results } = qualifyTable(table, { model: learned, asOf: AS_OF, detail: "assessments" });
    const bid = results.assessments![0]!.effort.bidCost;
    expect(results.expectedValue![0]).to.equal(sigmoid(-2) * 2_000_000 - bid);
    expect(results.expectedValue![2]).to.be.NaN; // no deal value
  });

  it("says which values move the probability, in points against the field's average", () => {
    const { results } = qualifyTable(table, { model: learned, asOf: AS_OF, detail: "rationale" });
    expect(results.winRationale![0]).to.equal(
      "Win 12 %: Financing Unsecured (−15 pts vs average), Deal Value 2M (−6)",
    );
    expect(results.winRationale![1]).to.equal(
      "Win 73 %: Financing Secured (+23 pts vs average), Deal Value 50k (+11)",
    );
    expect(results.winRationale![2]).to.equal("Win 33 %: Financing missing (−5 pts vs average)");
    expect(results.winRationale![3]).to.equal(null);
  });

  it("leaves the verdict, score, risk and effort as the model without it gives them", () => {
    const a = qualifyTable(table, { model: learned, asOf: AS_OF, detail: "rationale" }).results;
    const b = qualifyTable(table, { model: defaultModel, asOf: AS_OF, detail: "rationale" }).results;
    expect(a.verdict).to.deep.equal(b.verdict);
    expect(Array.from(a.score)).to.deep.equal(Array.from(b.score));
    expect(Array.from(a.risk)).to.deep.equal(Array.from(b.risk));
    // The rationale only gains the learned chance of winning, as its last sentence.
    expect(a.rationale).to.deep.equal(
      b.rationale!.map((t, i) => (t === null ? null : `${t} ${a.winRationale![i]}.`)),
    );
    expect(b).to.not.have.property("winProbability");
    expect(b).to.not.have.property("expectedValue");
  });

  it("refuses a learned field of the wrong shape", () => {
    const base = JSON.parse(JSON.stringify(learned.winModel));
    for (const [field, value] of [
      ["financing", { bands: { edges: [1], points: [0, 1] }, missing: 0, average: 0 }],
      ["customer", { bands: { edges: [1], points: [0, 1] }, missing: 0, average: 0 }],
      ["dealValue", { missing: 0, average: 0 }],
    ] as const) {
      const r = parseModel({ ...learned, winModel: { ...base, fields: { ...base.fields, [field]: value } } });
      expect(r.ok, field).to.equal(false);
      if (!r.ok) expect(r.problems.map((p) => p.code)).to.deep.equal(["model.winFieldShape"]);
    }
  });
});

describe("win probability in what users see", () => {
  it("puts it in the rationale, the assessment and the summary only with a learned model", async () => {
    const { summarise, formatMoney } = await import("../../src/model");
    const { results } = qualifyTable(table, { model: learned, asOf: AS_OF, detail: "assessments" });
    const a = results.assessments![0]!;
    expect(a.win).to.deep.equal({
      probability: results.winProbability![0],
      expectedValue: results.expectedValue![0],
      currency: null, // the deal value names no currency, and the model no base one
      text: results.winRationale![0],
    });
    expect(a.rationale.endsWith(` ${results.winRationale![0]}.`)).to.equal(true);
    expect(results.assessments![2]!.win!.expectedValue).to.equal(null); // no deal value
    const s = summarise(results);
    const known = [0, 1].map((i) => results.expectedValue![i]).reduce((x, y) => x + y, 0);
    // Amounts without a currency add up in the (unnamed) base: the two rows with a deal value.
    expect(s.expectedText).to.equal(formatMoney(known));
    // The same table under a model without one: nothing of it anywhere.
    const plain = qualifyTable(table, { model: defaultModel, asOf: AS_OF, detail: "assessments" }).results;
    expect(plain.assessments![0]!.win).to.equal(undefined);
    expect(plain.rationale![0]).to.not.include("Win ");
    expect(summarise(plain).expectedText).to.equal(null);
  });
});

describe("win probability of a block", () => {
  it("puts each number in the band bandOf gives, on the edges too, with few edges or many", () => {
    const values = [null, 5, 0, 10, 10.5, 20, 25, 30, 1e9, "n/a"] as Cell[];
    for (const edges of [[10], [10, 20, 30], [0, 10, 20, 30], [0, 10, 20, 25, 30, 40]]) {
      const points = Array.from({ length: edges.length + 1 }, (_, k) => k / 4 - 0.3);
      const model = loadModel(
        {
          winModel: {
            ...learned.winModel!,
            fields: { dealValue: { bands: { edges, points }, missing: 0.7, average: 0 } },
          },
        },
        defaultModel,
      );
      const { results } = qualifyTable(
        { headers: ["Opportunity", "Deal Value"], rows: values.map((v) => ["x", v]) },
        { model, asOf: AS_OF },
      );
      const expected = values.map((v) => {
        if (typeof v !== "number") return sigmoid(-0.5 + 0.7);
        let k = 0;
        while (k < edges.length && v > edges[k]) k++;
        return sigmoid(-0.5 + points[k]);
      });
      expect(Array.from(results.winProbability!), String(edges)).to.deep.equal(expected);
    }
  });
});

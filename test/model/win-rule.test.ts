// The minimum win probability to qualify (winModel.minWinProbability): a row below it is Conditional, not
// Qualified, with the reason in its rationale and a next step that never promises a qualification it blocks.
import { expect } from "chai";
import fc from "fast-check";
import {
  applySettings,
  defaultModel,
  loadModel,
  modelToSettings,
  parseModel,
  qualifyTable,
  type Cell,
  type FieldKey,
  type ScoringModel,
  type Verdict,
} from "../../src/model";
import { winBelowMinimum } from "../../src/model/messages";
import { AS_OF, GOOD, OPTIONS, assessOpportunity, opp, type OpportunityRecord } from "./helpers";

const WIN = {
  intercept: -0.5,
  fields: {
    financing: { levels: { secured: 1, partial: 0, unsecured: -1 }, missing: -0.2, average: 0 },
    dealValue: { bands: { edges: [100000], points: [0.5, -0.5] }, missing: 0, average: 0 },
  },
  history: { rows: 100, won: 50, lost: 50, open: 0, outcomeColumn: "Status" },
  validation: { folds: 5, seed: 1, auc: 0.7, brier: 0.2, currentAuc: 0.5, unconstrainedAuc: 0.7 },
};
const withMin = (min?: number, win: object = WIN): ScoringModel =>
  loadModel({ winModel: { ...win, ...(min === undefined ? {} : { minWinProbability: min }) } }, defaultModel);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe("minimum win probability (win-rule)", () => {
  it("makes a Qualified row below the minimum Conditional, and says why", () => {
    // GOOD: Financing Secured (+1), Deal Value 1.2M (−0.5), intercept −0.5: win probability exactly 50 %.
    const before = assessOpportunity(opp(), withMin(), OPTIONS);
    expect(before.verdict).to.equal("Qualified");
    expect(before.win!.probability).to.equal(0.5);
    const a = assessOpportunity(opp(), withMin(0.6), OPTIONS);
    expect(a.verdict).to.equal("Conditional");
    expect([a.score, a.risk.total]).to.deep.equal([before.score, before.risk.total]);
    expect(a.rationale).to.equal(
      "Conditional: would qualify with score 80.8 and risk 12.9, but the win probability 50 % is below the 60 % " +
        "minimum; for: Solution Availability Available (+4.3), Financing Secured (+3.8). Missing Relationship. " +
        "Win 50 %: Financing Secured (+23 pts vs average), Deal Value 1.2M (−12).",
    );
    // Financing is already at its best: no lever raises the probability, and the next step says so.
    expect(a.nextStep).to.equal(
      "No change the team can make would qualify it: even at their best, win probability 50 % is below the 60 % minimum.",
    );
    expect(a.changes).to.deep.equal([]);
  });

  it("keeps a row at the minimum Qualified (the minimum is met, not exceeded)", () => {
    const a = assessOpportunity(opp(), withMin(0.5), OPTIONS);
    expect(a.verdict).to.equal("Qualified");
    expect(a.nextStep).to.equal(null);
  });

  it("proposes a lever that lifts the probability over the minimum, and it does", () => {
    // Partial financing: −0.5 + 0 − 0.5, 27 %; Secured would give 50 %, over a 40 % minimum.
    const o = opp({ financing: "Partial" });
    const a = assessOpportunity(o, withMin(0.4), OPTIONS);
    expect(a.verdict).to.equal("Conditional");
    expect(a.win!.probability).to.equal(sigmoid(-1));
    expect(a.rationale).to.match(
      /^Conditional: would qualify with score 77 and risk 20\.4, but the win probability 27 % is below the 40 % minimum;/,
    );
    expect(a.nextStep).to.equal("Would qualify if Financing were Secured.");
    const applied = assessOpportunity(opp({ financing: "secured" }), withMin(0.4), OPTIONS);
    expect(applied.verdict).to.equal("Qualified");
  });

  it("makes a row Qualified but for missing data firmly Conditional: no data to collect would qualify it", () => {
    const o = opp({ margin: null });
    const plain = assessOpportunity(o, withMin(), OPTIONS);
    expect([plain.verdict, plain.nextStep]).to.deep.equal([
      "Conditional",
      "Collect: Margin % and Relationship",
    ]);
    const a = assessOpportunity(o, withMin(0.6), OPTIONS);
    expect(a.verdict).to.equal("Conditional");
    expect(a.rationale).to.match(
      /^Conditional: would qualify with score 77\.8 and risk 17\.4, but the win probability 50 % is below the 60 % minimum;/,
    );
    expect(a.nextStep).to.equal(
      "No change the team can make would qualify it: even at their best, win probability 50 % is below the 60 % minimum.",
    );
  });

  it("leaves rows that need information, are knocked out or are not qualified as they are", () => {
    const rows: OpportunityRecord[] = [
      opp(), // Qualified → Conditional
      { name: "Thin", dealValue: 2_000_000, financing: "Unsecured" }, // Needs information
      opp({ margin: -0.05 }), // knocked out
      opp({ financing: "Unsecured", requirementsClarity: "Low", resources: "Low" }), // not Qualified on its own
    ];
    const keys = Object.keys(GOOD) as FieldKey[];
    const table = { headers: keys as Cell[], rows: rows.map((r) => keys.map((k) => r[k] ?? null)) };
    const plain = qualifyTable(table, { model: withMin(), ...OPTIONS, detail: "rationale" }).results;
    const ruled = qualifyTable(table, { model: withMin(0.99), ...OPTIONS, detail: "rationale" }).results;
    expect(plain.verdict).to.deep.equal(["Qualified", "Needs information", "Not qualified", "Conditional"]);
    expect(ruled.verdict).to.deep.equal(["Conditional", "Needs information", "Not qualified", "Conditional"]);
    expect(ruled.rationale!.slice(1)).to.deep.equal(plain.rationale!.slice(1));
    expect(Array.from(ruled.score)).to.deep.equal(Array.from(plain.score));
  });

  it("reads and edits as a setting of the Qualification Model sheet, a share from 0 to 1", () => {
    const rows = modelToSettings(withMin(0.3));
    expect(rows.filter((r) => r[0] === "winModel.minWinProbability")).to.deep.equal([
      ["winModel.minWinProbability", 0.3],
    ]);
    const edited = rows.map((r) => (r[0] === "winModel.minWinProbability" ? [r[0], 0.45] : r));
    expect(applySettings(defaultModel, edited).winModel!.minWinProbability).to.equal(0.45);
    const r = parseModel({ ...withMin(), winModel: { ...WIN, minWinProbability: 1.5 } });
    expect(r.ok).to.equal(false);
  });

  it("words the reason with a decimal where a whole percentage would hide the shortfall", () => {
    expect(winBelowMinimum(0.24, 0.3)).to.equal("win probability 24 % is below the 30 % minimum");
    expect(winBelowMinimum(0.2996, 0.3)).to.equal("win probability 29.9 % is below the 30 % minimum");
    expect(winBelowMinimum(0.349, 0.355)).to.equal("win probability 35 % is below the 35.5 % minimum");
  });
});

const RANK: Record<Verdict, number> = {
  "Not qualified": 0,
  "Needs information": 1,
  Conditional: 2,
  Qualified: 3,
};
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 6 });
/** Rows near the qualified line: GOOD with a few fields changed or blanked. */
const row = fc.record<Partial<Record<FieldKey, Cell>>>({
  dealValue: maybe(fc.integer({ min: 10_000, max: 5_000_000 })),
  margin: maybe(fc.constantFrom(0.1, 0.2, 0.3, 0.4)),
  financing: maybe(fc.constantFrom("Secured", "Partial", "Unsecured")),
  requirementsClarity: maybe(fc.constantFrom("High", "Medium", "Low")),
  customization: maybe(fc.constantFrom("Standard", "Configured", "Partially bespoke")),
  resources: maybe(fc.constantFrom("High", "Medium", "Low")),
  competition: maybe(fc.constantFrom("Low", "Medium", "High")),
});
const weight = fc.double({ min: -2, max: 2, noNaN: true });
/** A learned model over financing (its order kept) and deal value, of any other weights. */
const win = fc
  .record({
    intercept: weight,
    step1: fc.double({ min: 0, max: 2, noNaN: true }),
    step2: fc.double({ min: 0, max: 2, noNaN: true }),
    lo: weight,
    hi: weight,
    missing: weight,
  })
  .map((w) => ({
    ...WIN,
    intercept: w.intercept,
    fields: {
      financing: {
        levels: { unsecured: -w.step1, partial: 0, secured: w.step2 },
        missing: w.missing,
        average: 0,
      },
      dealValue: { bands: { edges: [300000], points: [w.lo, w.hi] }, missing: 0, average: 0 },
    },
  }));
const share = fc.integer({ min: 0, max: 100 }).map((k) => k / 100);

describe("minimum win probability (properties)", () => {
  const run = (records: OpportunityRecord[], model: ScoringModel) => {
    const keys = Object.keys(GOOD) as FieldKey[];
    const table = {
      headers: keys as Cell[],
      rows: records.map((r) => keys.map((k) => (k in r ? r[k] : GOOD[k]) ?? null)),
    };
    return qualifyTable(table, { model, asOf: AS_OF, counterfactual: true }).results;
  };

  it("never improves a verdict as the minimum rises, and moves only Qualified to Conditional", () => {
    let moved = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), win, share, share, (rows, w, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const none = run(rows, withMin(undefined, w));
        const low = run(rows, withMin(lo, w));
        const high = run(rows, withMin(hi, w));
        rows.forEach((_, i) => {
          const [v0, v1, v2] = [none.verdict[i]!, low.verdict[i]!, high.verdict[i]!];
          expect(RANK[v1]).to.be.at.most(RANK[v0]);
          expect(RANK[v2]).to.be.at.most(RANK[v1]);
          if (v2 !== v0) expect([v0, v2]).to.deep.equal(["Qualified", "Conditional"]);
          if (v2 !== v0) moved++;
          // Exactly the Qualified rows below the minimum move.
          expect(v2 !== v0).to.equal(v0 === "Qualified" && high.winProbability![i] < hi);
          expect([high.score[i], high.risk[i]]).to.deep.equal([none.score[i], none.risk[i]]);
        });
      }),
      { numRuns: 60 },
    );
    expect(moved).to.be.above(0); // the runs did reach the rule
  });

  it("keeps the verdict monotonic in a field whose order the fit keeps: better financing never worsens it", () => {
    const levels = ["Unsecured", "Partial", "Secured"];
    fc.assert(
      fc.property(
        row,
        win,
        share,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        (r, w, min, i, j) => {
          const [worse, better] = [levels[Math.min(i, j)], levels[Math.max(i, j)]];
          const [a, b] = run(
            [
              { ...r, financing: worse },
              { ...r, financing: better },
            ],
            withMin(min, w),
          ).verdict;
          expect(RANK[b!]).to.be.at.least(RANK[a!]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("never promises a qualification the minimum blocks: the proposed changes, made, qualify", () => {
    let lifted = 0;
    fc.assert(
      fc.property(row, win, fc.integer({ min: 20, max: 80 }), (r, w, k) => {
        const min = k / 100;
        const model = withMin(min, w);
        const a = assessOpportunity({ ...GOOD, ...r }, model, OPTIONS);
        if (a.changes.length === 0) return;
        const changed = { ...GOOD, ...r, ...Object.fromEntries(a.changes.map((c) => [c.field, c.value])) };
        const after = assessOpportunity(changed, model, { ...OPTIONS, counterfactual: false });
        // Qualified, or Qualified but for missing data when the step said the data must bear it out.
        if (a.nextStep!.endsWith(", if the missing data bears it out."))
          expect(after.verdict).to.not.equal("Not qualified");
        else expect(after.verdict).to.equal("Qualified");
        expect(after.win!.probability).to.be.at.least(min);
        if (a.win!.probability < min) lifted++;
      }),
      { numRuns: 150 },
    );
    expect(lifted).to.be.above(0); // some steps did lift a row the minimum held back
  });
});

// The counterfactual search (counterfactual.ts) as its speed relies on it: a row's answer is its own whatever rows
// share its block and however its changes are batched; when one change would qualify a row, the answer is one
// change (checked by scoring every single change); evaluate() without verdicts, which scores each single change,
// gives the points, risk, knock-outs and win probability of the whole evaluation to the last bit; and a value no
// better than the row's, of a field that feeds only its goodness, never raises the points nor lowers the risk (why
// the search does not try it). Its answers themselves are pinned by the golden files (test/golden), and checked
// by brute force for the default model in model-properties.test.ts.
import { expect } from "chai";
import fc from "fast-check";
import {
  defaultModel,
  FIELD_KEYS,
  qualifyTable,
  type Cell,
  type HeaderMapping,
  type ScoringModel,
} from "../../src/model";
import { Block, BLOCK, fillAbsent, readRows, READ_VALUE, type ColumnPlan } from "../../src/model/block";
import { evaluate, goodnessSlots } from "../../src/model/evaluate";
import { FIELDS } from "../../src/model/fields";
import { planFor, RISK_COMPONENTS } from "../../src/model/plan";
import { AS_OF } from "./helpers";
import { learnedModel } from "./learned-model";
import { modelArbitrary } from "./model-arbitrary";

// What analysts type, per field: recognised values mostly, so that most rows are open to change.
const WORDS: Partial<Record<(typeof FIELD_KEYS)[number], Cell[]>> = {
  dealValue: [250_000, 1_200_000, 4_000_000, "€950k"],
  margin: [0.25, -0.05, 0.12, 0.35, "30%"],
  customerImportance: ["Strategic", "Key", "Standard", "New"],
  strategicImportance: [1, 3, 5],
  widerApplication: ["Low", "Medium", "High"],
  commitment: [12, 24, 36, "3 years"],
  customization: ["Standard", "Configured", "Partially bespoke", "Wholly bespoke"],
  solutionAvailability: ["Available", "Capacity constrained", "On roadmap", "Not available"],
  roadmapDate: [AS_OF + 90, AS_OF + 400],
  developmentSize: [20, 150, 400],
  resources: ["High", "Medium", "Low", 0.5],
  financing: ["Secured", "Partial", "Unsecured", "maybe"],
  requirementsClarity: ["High", "Medium", "Low", 0.75, 0.3],
  competition: [0, 1, 3, 5],
  rfp: ["Yes", "No"],
  rfpQuestions: [40, 250],
  interactions: [2, 6],
  alternatives: [0, 2],
  responseDue: [AS_OF + 10, AS_OF + 60, AS_OF + 200],
  relationship: ["Strong", "Weak", 0.6],
};

/** A cell of a field: its words; or (weight `odd`) a number of any kind, or nothing. */
const cellFor = (key: (typeof FIELD_KEYS)[number], odd: number): fc.Arbitrary<Cell> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...(WORDS[key] ?? ["Acme"])) },
    { weight: odd, arbitrary: fc.integer({ min: 0, max: 5_000_000 }) },
    { weight: odd, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: odd, arbitrary: fc.constant(null) },
  );
const rowOf = (odd: number): fc.Arbitrary<Cell[]> =>
  fc.tuple(...FIELD_KEYS.map((k) => cellFor(k, odd))).map((r) => [...r]);
const rowsArbitrary = (max: number) => fc.array(rowOf(1), { minLength: 1, maxLength: max });

/** The learned model, with a minimum win probability, so the verdict reads the win probability too. */
function learnedWithMinimum(): ScoringModel {
  const m = structuredClone(learnedModel());
  m.winModel!.minWinProbability = 0.35;
  return m;
}
const anyModel = fc.oneof(
  { weight: 2, arbitrary: modelArbitrary },
  { weight: 1, arbitrary: fc.constant(defaultModel) },
  { weight: 1, arbitrary: fc.constant(learnedWithMinimum()) },
);

const BY_FIELD: HeaderMapping = {
  columns: Object.fromEntries(FIELD_KEYS.map((k, i) => [k, i])),
  unmatched: [],
  outputColumns: {},
};
const counterfactuals = (rows: Cell[][], model: ScoringModel): (string | null)[] =>
  qualifyTable(
    { headers: FIELD_KEYS.slice(), rows },
    { model, asOf: AS_OF, mapping: BY_FIELD, detail: "rationale", counterfactual: true },
  ).results.counterfactual!;

/** The rows read into a fresh block of the model's plan, every field's value read. */
function blockOf(model: ScoringModel, rows: Cell[][]) {
  const plan = planFor(model);
  const cols: ColumnPlan = {
    columns: Int32Array.from(FIELDS, (f) => FIELD_KEYS.indexOf(f.key)),
    read: new Uint8Array(FIELDS.length).fill(READ_VALUE),
  };
  const block = new Block(plan.knockOuts.length);
  fillAbsent(plan, block, cols);
  readRows(plan, block, rows, 0, rows.length, cols, AS_OF);
  return { plan, block, slots: goodnessSlots(plan) };
}

/** What a single change's variant is read for, row r: points, risk and its components, knock-outs, win. */
function readings(b: Block, r: number, rules: number) {
  const B = BLOCK;
  return {
    pointSum: b.pointSum[r],
    risk: b.risk[r],
    components: RISK_COMPONENTS.map((_, k) => b.components[k * B + r]),
    knocks: Array.from({ length: rules }, (_, k) => b.knocks[k * B + r]),
    win: b.win[r],
  };
}

describe("counterfactual search", () => {
  it("gives each row the answer it gets alone, whatever rows share its block", () => {
    fc.assert(
      fc.property(anyModel, rowsArbitrary(70), (model, rows) => {
        const whole = counterfactuals(rows, model);
        rows.forEach((row, i) => expect(whole[i], `row ${i}`).to.equal(counterfactuals([row], model)[0]));
      }),
      { numRuns: 25 },
    );
  });

  it("gives each row of a table of several blocks the answer it gets alone", () => {
    // 600 rows: three blocks, each with more single changes and sets to score than a block of variants holds.
    // Every cell a recognised value, so that most rows are open to change rather than short of data.
    const [rows] = fc.sample(fc.array(rowOf(0), { minLength: 600, maxLength: 600 }), { numRuns: 1, seed: 8 });
    const whole = counterfactuals(rows, defaultModel);
    const found = whole.filter((t) => t?.startsWith("Would qualify"));
    // Most rows can be qualified, many only by two changes or more.
    expect(found.length).to.be.greaterThan(300);
    expect(found.filter((t) => t!.includes(" and ")).length).to.be.greaterThan(100);
    rows.forEach((row, i) => expect(whole[i], `row ${i}`).to.equal(counterfactuals([row], defaultModel)[0]));
  });

  it("answers with one change whenever one change would qualify the row (brute force)", () => {
    // What the search counts as qualifying: Qualified, or Qualified but for data the row lacks.
    const qualifies = (verdict: string | null, rationale: string | null) =>
      verdict === "Qualified" ||
      (rationale?.startsWith("Conditional: would qualify with") === true &&
        rationale.includes(", but not whatever the missing data holds"));
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(modelArbitrary, fc.constant(defaultModel)), rowsArbitrary(30), (model, rows) => {
        const { results } = qualifyTable(
          { headers: FIELD_KEYS.slice(), rows },
          { model, asOf: AS_OF, mapping: BY_FIELD, detail: "assessments", counterfactual: true },
        );
        // Each row's answer applied; for an answer of two changes or more, each single change the model lists.
        // (Not every smaller set: the search adds up the effects of changes, which is approximate for changes
        // that interact, such as two inputs of the bid effort, so it promises the fewest changes only so far.)
        const singles = Object.entries(
          model.counterfactual.changeable as Record<string, (string | number)[]>,
        ).flatMap(([field, values]) => values.map((value) => ({ [field]: value })));
        const variants: { row: number; answer: boolean; cells: Cell[] }[] = [];
        const withSet = (row: Cell[], set: Record<string, string | number>) =>
          row.map((cell, k) => (FIELD_KEYS[k] in set ? set[FIELD_KEYS[k]] : cell));
        rows.forEach((row, i) => {
          const a = results.assessments![i];
          if (!a?.counterfactual?.startsWith("Would qualify if")) return;
          const answer = Object.fromEntries(a.changes.map((c) => [c.field, c.value]));
          variants.push({ row: i, answer: true, cells: withSet(row, answer) });
          if (a.changes.length > 1)
            for (const set of singles) variants.push({ row: i, answer: false, cells: withSet(row, set) });
        });
        const scored = qualifyTable(
          { headers: FIELD_KEYS.slice(), rows: variants.map((v) => v.cells) },
          { model, asOf: AS_OF, mapping: BY_FIELD, detail: "rationale" },
        ).results;
        variants.forEach((v, k) => {
          checked++;
          const at = `row ${v.row} (${results.assessments![v.row]!.counterfactual}), ${JSON.stringify(v.cells)}`;
          expect(qualifies(scored.verdict[k], scored.rationale![k]), at).to.equal(v.answer);
        });
      }),
      { numRuns: 30 },
    );
    expect(checked).to.be.greaterThan(500);
  });

  it("scores points, risk, knock-outs and win probability without verdicts as the whole evaluation does", () => {
    fc.assert(
      fc.property(anyModel, rowsArbitrary(256), (model, rows) => {
        const full = blockOf(model, rows);
        const part = blockOf(model, rows);
        evaluate(full.plan, full.block, rows.length, AS_OF, full.slots);
        evaluate(part.plan, part.block, rows.length, AS_OF, part.slots, true, false);
        const rules = full.plan.knockOuts.length;
        for (let r = 0; r < rows.length; r++)
          expect(readings(part.block, r, rules), `row ${r}`).to.deep.equal(readings(full.block, r, rules));
      }),
      { numRuns: 40 },
    );
  });

  it("a value no better than the row's, of a field feeding only its goodness, never raises the points nor lowers the risk", () => {
    fc.assert(
      fc.property(
        anyModel,
        rowsArbitrary(60),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (model, rows, share) => {
          const base = blockOf(model, rows);
          const plan = base.plan;
          const learned = new Set(Object.keys(model.winModel?.fields ?? {}));
          const fields = plan.scored.filter((f) => !plan.ruleFields.has(f.index) && !learned.has(f.key));
          expect(fields.length).to.be.greaterThan(0);
          evaluate(plan, base.block, rows.length, AS_OF, base.slots, true, false);
          const rules = plan.knockOuts.length;
          for (const f of fields) {
            const worse = blockOf(model, rows);
            // Each row's goodness of f lowered by a share of itself (share 0: left as it is).
            for (let r = 0; r < rows.length; r++) worse.block.g[f.index * BLOCK + r] *= 1 - share;
            evaluate(plan, worse.block, rows.length, AS_OF, worse.slots, true, false);
            for (let r = 0; r < rows.length; r++) {
              const was = readings(base.block, r, rules);
              const now = readings(worse.block, r, rules);
              const at = `${f.key}, row ${r}`;
              expect(now.pointSum, at).to.be.at.most(was.pointSum);
              expect(now.risk, at).to.be.at.least(was.risk);
              now.components.forEach((x, k) => expect(x, at).to.be.at.least(was.components[k]));
              expect(now.knocks, at).to.deep.equal(was.knocks);
              expect(now.win, at).to.equal(was.win);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

// Rules every valid model must obey, checked over random models (model-arbitrary.ts builds them from the schema)
// as well as random opportunities and days: the contract of an assessment (score, drivers, ranges, grade,
// verdict), monotonicity in every field, and missing data never scoring better than the middle value.
import { expect } from "chai";
import fc from "fast-check";
import {
  defaultModel,
  fieldSpec,
  loadModel,
  parseCell,
  type Cell,
  type FieldKey,
  type ScoringModel,
  type Verdict,
} from "../../src/model";
import { flatten, interpolate } from "../../src/model/curve";
import { modelSchema, SCORED_FIELDS, type ScoredField } from "../../src/model/schema";
import { AS_OF, named, assessOpportunity, scoreOpportunity, type OpportunityRecord } from "./helpers";

import { curveSpan, gridNumber, middleGoodness, modelArbitrary, ROADMAP_MONTHS } from "./model-arbitrary";

const RANK: Record<Verdict, number> = {
  "Not qualified": 0,
  "Needs information": 1,
  Conditional: 2,
  Qualified: 3,
};
const RUNS = { numRuns: 120 };

/** Today: the fixed test date, or any other day. Dates in a row are written relative to it. */
const asOfArbitrary = fc.oneof(fc.constant(AS_OF), fc.integer({ min: AS_OF - 400, max: AS_OF + 400 }));
const DATE_FIELDS = new Set<FieldKey>(["responseDue", "roadmapDate"]);
const ROADMAP_DAYS: [number, number] = [
  Math.round(ROADMAP_MONTHS[0] * 30.4),
  Math.round(ROADMAP_MONTHS[1] * 30.4),
];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 5 });
const labels = (field: FieldKey) => fieldSpec(field).levels!.map((l) => l.label);
const number = (field: FieldKey) => gridNumber(...curveSpan(field), false, false);
const days = ([min, max]: readonly [number, number]) => fc.integer({ min, max });

/** A row as cells; dates are days from today until the row is written for a given day. */
type Row = Partial<Record<FieldKey, Cell>>;
const rowArbitrary: fc.Arbitrary<Row> = fc.record<Row>({
  dealValue: maybe(number("dealValue")),
  margin: maybe(number("margin")),
  customerImportance: maybe(fc.oneof(number("customerImportance"), fc.constantFrom("Strategic", "New"))),
  strategicImportance: maybe(number("strategicImportance")),
  widerApplication: maybe(fc.oneof(number("widerApplication"), fc.constant("High"))),
  commitment: maybe(number("commitment")),
  customization: maybe(fc.constantFrom(...labels("customization"))),
  solutionAvailability: maybe(fc.constantFrom(...labels("solutionAvailability"))),
  roadmapDate: maybe(days(ROADMAP_DAYS)),
  developmentSize: maybe(number("developmentSize")),
  resources: maybe(fc.oneof(number("resources"), fc.constant("Medium"))),
  financing: maybe(fc.constantFrom(...labels("financing"), "maybe")),
  requirementsClarity: maybe(number("requirementsClarity")),
  competition: maybe(fc.oneof(number("competition"), fc.constant("??"))),
  rfp: maybe(fc.boolean()),
  rfpQuestions: maybe(fc.integer({ min: 0, max: 600 })),
  interactions: maybe(fc.integer({ min: 0, max: 20 })),
  alternatives: maybe(fc.integer({ min: 0, max: 6 })),
  responseDue: maybe(days(curveSpan("responseDue"))),
});

/** The opportunity of a row on a given day, with some fields replaced. */
function opportunity(row: Row, asOf: number, changes: Row = {}): OpportunityRecord {
  const cells: Row = { ...row, ...changes };
  for (const f of DATE_FIELDS) {
    const v = cells[f];
    if (typeof v === "number") cells[f] = asOf + v;
  }
  return named(cells);
}

const cases = fc.record({ model: modelArbitrary, asOf: asOfArbitrary, row: rowArbitrary });

/** Two values of a field, the first no worse for the opportunity than the second. */
type Pair = [Cell, Cell];
const inOrder = (values: Cell[]): fc.Arbitrary<Pair> =>
  fc
    .tuple(fc.nat({ max: values.length - 1 }), fc.nat({ max: values.length - 1 }))
    .map(([i, j]) => [values[Math.min(i, j)], values[Math.max(i, j)]]);
/** Two numbers, the first no worse in the field's direction (more is better unless the field says "down"). */
const numbers = (field: FieldKey, values = number(field)): fc.Arbitrary<Pair> =>
  fc.tuple(values, values).map(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return fieldSpec(field).direction === "down" ? [lo, hi] : [hi, lo];
  });
/** Two counts, the first no more work than the second. */
const counts = (max: number): fc.Arbitrary<Pair> =>
  fc.tuple(fc.nat({ max }), fc.nat({ max })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]);

interface Worsening {
  name: string;
  field: FieldKey;
  pair: fc.Arbitrary<Pair>;
  /** Other cells the row takes for this check. */
  context?: fc.Arbitrary<Row>;
  /** An input of the bid effort: more of it never lowers the effort. */
  effort?: boolean;
}

/** Each check reads both ways: a worse value never improves the results, so a better one never worsens them. */
const WORSENING: Worsening[] = [
  ...(["customization", "solutionAvailability", "financing", "rfp"] as const).map((field) => ({
    name: `${field} down its levels`,
    field,
    pair: inOrder(labels(field)),
    effort: field === "customization" || field === "rfp",
  })),
  {
    name: "solutionAvailability down its levels, with a roadmap date",
    field: "solutionAvailability",
    pair: inOrder(labels("solutionAvailability")),
    context: days(ROADMAP_DAYS).map((d) => ({ roadmapDate: d })),
  },
  {
    name: "a later roadmap date, on roadmap",
    field: "roadmapDate",
    pair: fc
      .tuple(days(ROADMAP_DAYS), days(ROADMAP_DAYS))
      .map(([a, b]): Pair => [Math.min(a, b), Math.max(a, b)]),
    context: fc.constant({ solutionAvailability: "On roadmap" }),
  },
  ...SCORED_FIELDS.filter((f) => !fieldSpec(f).levels).map((field) => ({
    name: `${field} ${fieldSpec(field).direction === "down" ? "larger" : "smaller"}`,
    field,
    pair: numbers(field, field === "responseDue" ? days(curveSpan(field)) : number(field)),
    effort: field === "developmentSize",
  })),
  { name: "more rfpQuestions", field: "rfpQuestions", pair: counts(2000), effort: true },
  { name: "more interactions", field: "interactions", pair: counts(50), effort: true },
  { name: "more alternatives", field: "alternatives", pair: counts(10), effort: true },
];

/** Which knock-out rules of the model the opportunity trips, read from the rules as the docs state them. */
function expectedKnockOuts(model: ScoringModel, o: OpportunityRecord): string[] {
  return Object.entries(model.knockouts)
    .filter(([, k]) => {
      const v = parseCell(k.field, o[k.field] ?? null);
      if (!k.enabled || v.status !== "ok") return false;
      if (k.unlessPresent && parseCell(k.unlessPresent, o[k.unlessPresent] ?? null).status === "ok")
        return false;
      if (k.levels) return k.levels.includes(String(v.value));
      return k.below !== undefined ? (v.value as number) < k.below : (v.value as number) > k.above!;
    })
    .map(([id]) => id);
}

type Threshold = ScoringModel["thresholds"]["qualified"];

/** JSON with every object's keys sorted: equal for equal data, whatever order the keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

describe("any valid model (properties over generated models)", function () {
  this.timeout(60_000);

  it("generates only models the schema accepts, with every kind of knock-out rule", () => {
    const models = fc.sample(modelArbitrary, { numRuns: 300 });
    const seen = { noSolution: 0, levels: 0, below: 0, above: 0, unless: 0, plain: 0, curve2: 0, curve6: 0 };
    for (const m of models) {
      const result = modelSchema.safeParse(m);
      expect(result.success, JSON.stringify(result.error?.issues)).to.be.true;
      expect(canonical(result.data)).to.equal(canonical(m)); // nothing dropped, nothing defaulted
      for (const [id, k] of Object.entries(m.knockouts)) {
        if (id === "noSolution" && k.unlessPresent === "roadmapDate" && k.levels?.join() === "notAvailable")
          seen.noSolution++;
        if (id in { noSolution: 1, negativeMargin: 1 }) continue;
        if (k.levels) seen.levels++;
        if (k.below !== undefined) seen.below++;
        if (k.above !== undefined) seen.above++;
        if (k.unlessPresent) seen.unless++;
        else seen.plain++;
      }
      for (const f of SCORED_FIELDS) {
        const curve = (m.values[f] as { curve?: unknown[] }).curve;
        if (curve?.length === 2) seen.curve2++;
        if (curve?.length === 6) seen.curve6++;
      }
    }
    for (const [kind, n] of Object.entries(seen)) expect(n, kind).to.be.above(0);
  });

  it("keeps the contract: drivers add up to the score, results in range, grade and verdict as the model says", () => {
    fc.assert(
      fc.property(cases, ({ model, asOf, row }) => {
        const o = opportunity(row, asOf);
        const a = assessOpportunity(o, model, { asOf, counterfactual: false });
        // The score is the baseline plus every driver's points, each a whole number of tenths.
        expect(a.drivers[0]).to.include({ factor: "baseline", points: 50 });
        const weights = model.weights as Record<string, number>;
        const factors = [...SCORED_FIELDS, "bidEffort"].filter((f) => weights[f] > 0);
        expect(a.drivers.slice(1).map((d) => d.factor)).to.deep.equal(factors);
        let tenths = 0;
        for (const d of a.drivers) {
          expect(Math.abs(d.points * 10 - Math.round(d.points * 10)), `${d.factor} ${d.points}`).to.be.below(
            1e-9,
          );
          expect(Math.abs(d.points), `${d.factor} ${d.points} of at most ${d.max}`).to.be.at.most(
            d.max + 1e-9,
          );
          tenths += Math.round(d.points * 10);
        }
        expect(tenths).to.equal(Math.round(a.score * 10));
        expect(Math.abs(a.score * 10 - Math.round(a.score * 10))).to.be.below(1e-9);
        expect(a.score).to.be.within(0, 100);
        expect(a.risk.total).to.be.within(0, 100);
        for (const v of Object.values(a.risk.components)) expect(v).to.be.within(0, 100);
        expect(a.effort.total).to.be.at.least(0);
        const g = model.grades;
        expect(a.grade).to.equal(a.score >= g.A ? "A" : a.score >= g.B ? "B" : a.score >= g.C ? "C" : "D");
        // The verdict from the reported numbers and the model's knock-outs and thresholds.
        expect(a.knockOuts.map((k) => k.rule)).to.deep.equal(expectedKnockOuts(model, o));
        const worst = Math.max(...Object.values(a.risk.components));
        const meets = (t: Threshold) =>
          a.score >= t.minScore && a.risk.total <= t.maxRisk && worst <= t.maxComponentRisk;
        const { qualified, conditional } = model.thresholds;
        const verdict: Verdict =
          a.knockOuts.length > 0
            ? "Not qualified"
            : meets(qualified)
              ? "Qualified"
              : meets(conditional)
                ? "Conditional"
                : "Not qualified";
        // Confidence: the weight of the factors read from the row (bid effort: any of its inputs read).
        const unknown = new Set<string>([...a.missing, ...a.unrecognised.map((u) => u.field)]);
        const total = Object.values(weights).reduce((s, w) => s + w, 0);
        let known = SCORED_FIELDS.filter((f) => !unknown.has(f)).reduce((s, f) => s + weights[f], 0);
        if (a.effort.assumed.length < 6) known += weights.bidEffort;
        expect(a.confidence).to.equal(Math.round(100 * Math.min(1, known / total)));
        const required = model.information.required.some((f) => unknown.has(f));
        const lacking = known / total < model.information.minKnownWeight || required;
        // Qualified on assumptions for unknown data only: Conditional until the data is known.
        const unknownAny = unknown.size > 0 || a.effort.assumed.length > 0 || a.subject.dealValue === null;
        if (verdict === "Qualified" && a.verdict === "Conditional") expect(unknownAny).to.equal(true);
        else if (a.knockOuts.length > 0 || !lacking) expect(a.verdict).to.equal(verdict);
        // Short of the data to decide: never Qualified nor Conditional; Not qualified only when hopeless.
        else expect(a.verdict).to.be.oneOf(["Needs information", "Not qualified"]);
        if (a.verdict === "Not qualified" && lacking) expect(verdict).to.equal("Not qualified");
      }),
      { numRuns: 300 },
    );
  });

  it("proposes a counterfactual exactly when not qualified, made of the model's changeable values", () => {
    fc.assert(
      fc.property(cases, ({ model, asOf, row }) => {
        const a = assessOpportunity(opportunity(row, asOf), model, { asOf });
        // Qualified: no next step; short of data: what to collect; otherwise what would change the verdict.
        const collect = a.nextStep?.startsWith("Collect: ") ?? false;
        if (a.verdict === "Qualified") expect(a.nextStep).to.equal(null);
        if (a.verdict === "Needs information") expect(collect).to.equal(true);
        expect(a.counterfactual === null).to.equal(a.verdict === "Qualified" || collect);
        if (!collect && a.verdict !== "Qualified") expect(a.nextStep).to.equal(a.counterfactual);
        const changeable = model.counterfactual.changeable as Record<string, (string | number)[]>;
        for (const c of a.changes) expect(changeable[c.field]).to.include(c.value);
      }),
      { numRuns: 150 },
    );
  });

  it("finds the smallest set of changes: no set of fewer changes qualifies the row (checked by brute force)", () => {
    // What the search counts as qualifying: Qualified, or Qualified but for data the row lacks.
    const qualifies = (a: ReturnType<typeof assessOpportunity>) =>
      a.verdict === "Qualified" || a.rationale.startsWith("Conditional: would qualify with");
    let checked = 0;
    fc.assert(
      // The shipped model, whose changeable fields have several values each, on generated rows.
      fc.property(asOfArbitrary, rowArbitrary, (asOf, row) => {
        const model = defaultModel;
        const a = assessOpportunity(opportunity(row, asOf), model, { asOf });
        if (a.changes.length < 2 || !a.counterfactual?.startsWith("Would qualify if")) return;
        checked++;
        const changeable = Object.entries(
          model.counterfactual.changeable as Record<string, (string | number)[]>,
        );
        const singles = changeable.flatMap(([field, values]) => values.map((value) => ({ [field]: value })));
        const sets =
          a.changes.length === 2
            ? singles
            : [
                ...singles,
                ...singles.flatMap((x, i) =>
                  singles
                    .slice(i + 1)
                    .flatMap((y) => (Object.keys(x)[0] === Object.keys(y)[0] ? [] : [{ ...x, ...y }])),
                ),
              ];
        for (const set of sets) {
          const b = assessOpportunity(opportunity(row, asOf, set), model, { asOf, counterfactual: false });
          expect(
            qualifies(b),
            `${JSON.stringify(set)} qualifies, yet the answer was ${a.counterfactual}`,
          ).to.equal(false);
        }
      }),
      { numRuns: 150 },
    );
    expect(checked).to.be.greaterThan(5); // enough answers of two or more changes to mean something
  });

  for (const w of WORSENING) {
    it(`${w.name} never raises the score, lowers the risk or improves the verdict${w.effort ? ", nor lowers the effort" : ""}`, () => {
      fc.assert(
        fc.property(
          cases,
          w.pair,
          w.context ?? fc.constant({}),
          ({ model, asOf, row }, [better, worse], ctx) => {
            const a = scoreOpportunity(opportunity({ ...row, ...ctx }, asOf, { [w.field]: better }), model, {
              asOf,
            });
            const b = scoreOpportunity(opportunity({ ...row, ...ctx }, asOf, { [w.field]: worse }), model, {
              asOf,
            });
            expect(b.score, "score").to.be.at.most(a.score);
            expect(b.risk, "risk").to.be.at.least(a.risk);
            expect(RANK[b.verdict], `${a.verdict} → ${b.verdict}`).to.be.at.most(RANK[a.verdict]);
            if (w.effort) expect(b.effort, "effort").to.be.at.least(a.effort);
          },
        ),
        RUNS,
      );
    });
  }

  // The schema promises that a field's missing goodness is no better than its middle goodness (the median
  // level, or halfway between a curve's lowest and highest goodness). With the other fields the same, a missing
  // or unreadable value therefore never scores higher, nor makes the risk lower, than a value at the middle.
  // Four fields are also inputs of the bid effort, where a missing value takes the model's effort default
  // (effort.defaults, effort.missingDealValue), which the schema does not tie to the middle value: for those,
  // the bid effort's weight is set to 0, so only what the schema promises is compared.
  const EFFORT_INPUTS = new Set<FieldKey>(["customization", "rfp", "developmentSize", "dealValue"]);

  /** The cell of a value whose goodness is at least the field's middle goodness, and as close to it as it gets. */
  function middleCell(model: ScoringModel, field: ScoredField): Cell {
    const v = model.values[field] as { levels?: Record<string, number>; curve?: [number, number][] };
    const mid = middleGoodness(v);
    if (v.levels) {
      // The worst level at or above the middle; On roadmap is left out: its goodness depends on the date.
      const levels = fieldSpec(field).levels!.filter((l) => l.key !== "onRoadmap" && v.levels![l.key] >= mid);
      return levels[levels.length - 1].label;
    }
    const curve = v.curve!;
    const up = fieldSpec(field).direction !== "down";
    const worstFirst = up ? curve : [...curve].reverse();
    const j = worstFirst.findIndex((p) => p[1] >= mid);
    let x = worstFirst[j][0];
    if (j > 0) {
      const [[x0, g0], [x1, g1]] = [worstFirst[j - 1], worstFirst[j]];
      const between = x0 + ((x1 - x0) * (mid - g0)) / (g1 - g0);
      const exact = field === "responseDue" ? Math.ceil(between) : between; // dates are whole days
      x = interpolate(flatten(curve), exact) >= mid ? exact : x1;
    }
    return field === "responseDue" ? Math.ceil(x) : x; // the response date in whole days from today
  }

  function withoutBidEffort(model: ScoringModel, field: ScoredField): ScoringModel {
    const weights = { ...model.weights, bidEffort: 0 } as Record<string, number>;
    if (!Object.values(weights).some((w) => w > 0)) weights[field] = 1;
    return loadModel({ ...model, weights });
  }

  it("never scores a missing or unreadable value better than the field's middle value", () => {
    fc.assert(
      fc.property(
        cases,
        fc.constantFrom(...SCORED_FIELDS),
        fc.constantFrom<Cell>(null, "", "??"),
        ({ model, asOf, row }, field, blank) => {
          const m = EFFORT_INPUTS.has(field) ? withoutBidEffort(model, field) : model;
          const mid = middleCell(m, field);
          const atMiddle = opportunity(row, asOf, { [field]: mid });
          expect(parseCell(field, atMiddle[field] ?? null).status, `middle ${String(mid)} read`).to.equal(
            "ok",
          );
          const middle = scoreOpportunity(atMiddle, m, { asOf });
          const missing = scoreOpportunity(opportunity(row, asOf, { [field]: null }), m, { asOf });
          const unknown = scoreOpportunity(opportunity(row, asOf, { [field]: blank }), m, { asOf });
          expect(unknown.score).to.equal(missing.score); // missing and unreadable are worth the same
          expect(unknown.score, `middle ${String(mid)}`).to.be.at.most(middle.score);
          expect(unknown.risk, `middle ${String(mid)}`).to.be.at.least(middle.risk);
        },
      ),
      { numRuns: 450 },
    );
  });
});

// Random valid scoring models for property tests, built from the zod schema itself: the schema is walked node
// by node and every leaf gets an arbitrary within the schema's own bounds (numbers' min/max and integer checks,
// strings' and arrays' lengths, enums' options, strict objects' keys, tuples, records and partial records).
// Where the schema leaves a number unbounded (curve x values, weights, effort rates) the tests give it a range
// in RANGES, which can only narrow the schema's bounds. Then a small repair enforces the cross-field rules that
// the schema's superRefine checks (curves sorted and monotonic, levels in order, `missing` at most the middle,
// effort tables increasing, thresholds and grades ordered, positive weights, valid knock-outs and
// counterfactual values). The repair never filters: a model it misses fails the validity test.
import fc from "fast-check";
import type { z } from "zod";
import { defaultModel, fieldSpec, type FieldKey, type ScoringModel } from "../../src/model";
import { modelSchema, SCORED_FIELDS, type ScoredField } from "../../src/model/schema";
import { AS_OF } from "./helpers";

/** What the tests add where the schema has no bound: a range, a length, a number of keys, a key format. */
export interface Hint {
  min?: number;
  max?: number;
  maxLength?: number;
  maxKeys?: number;
  key?: fc.Arbitrary<string>;
}

type Span = readonly [number, number];

/**
 * Where each numeric scored field's values live, on the axis its curve reads (fields.ts: money, a fraction, the
 * 1–5 scale, months, person-days, a count; days left before the response is due). Inside what the parser
 * accepts for a number cell, so a number written to a row is read back unchanged.
 */
const CURVE_SPAN: Partial<Record<ScoredField, Span>> = {
  dealValue: [0, 10_000_000],
  margin: [-1, 1],
  customerImportance: [1, 5],
  strategicImportance: [1, 5],
  widerApplication: [1, 5],
  commitment: [0, 120],
  developmentSize: [0, 3000],
  resources: [0, 1],
  requirementsClarity: [0, 1],
  competition: [0, 12],
  responseDue: [-30, 180], // days left
};
/** Months from today to a roadmap date, and the bid cost in % of the deal value: the other two curves' axes. */
export const ROADMAP_MONTHS: Span = [-6, 36];
const COST_PCT: Span = [0, 20];

/** The span of a numeric field's curve axis. */
export function curveSpan(field: FieldKey): Span {
  const span = CURVE_SPAN[field as ScoredField];
  if (!span) throw new Error(`${field} has no numeric axis`);
  return span;
}

/** The span of a numeric field's parsed values: its curve axis, except the response date, a serial date. */
export function valueSpan(field: FieldKey): Span {
  const [lo, hi] = curveSpan(field);
  return field === "responseDue" ? [AS_OF + lo, AS_OF + hi] : [lo, hi];
}

const along = ([lo, hi]: Span, t: number): number => lo + (hi - lo) * Math.min(1, Math.max(0, t));

/** Catalogue levels of a field, best first (fields.ts); empty for numeric fields. */
export function levelsOf(field: FieldKey): string[] {
  return (fieldSpec(field).levels ?? []).map((l) => l.key);
}

/**
 * Ranges by path ("*" matches any key or array index). They only narrow: a bound the schema sets is read from the
 * schema and never repeated here; where both give one, the tighter wins. A number that neither bounds throws.
 */
const RANGES: [string, Hint][] = [
  ["name", { maxLength: 12 }],
  ["version", { maxLength: 8 }],
  ["description", { maxLength: 20 }],
  ["weights.*", { max: 20 }],
  ["values.*.curve", { maxLength: 6 }],
  ["values.solutionAvailability.roadmapCurve", { maxLength: 6 }],
  ["values.solutionAvailability.roadmapCurve.*.0", { min: ROADMAP_MONTHS[0], max: ROADMAP_MONTHS[1] }],
  ["risk.*.label", { maxLength: 12 }],
  ["risk.*.weight", { max: 50 }],
  ["risk.*.factors", { maxKeys: 5 }],
  ["risk.*.factors.*", { max: 5 }],
  ["effort.hoursPerDay", { max: 12 }],
  ["effort.rfpBaseDays", { max: 10 }],
  ["effort.hoursPerRfpQuestion.*", { max: 6 }],
  ["effort.designDays.*", { max: 30 }],
  ["effort.daysPerInteraction", { max: 3 }],
  ["effort.daysPerAlternative", { max: 10 }],
  ["effort.dayRate", { max: 3000 }],
  ["effort.defaults.rfpQuestions", { max: 300 }],
  ["effort.defaults.interactions", { max: 10 }],
  ["effort.defaults.alternatives", { max: 4 }],
  ["effort.defaults.developmentSize", { max: 500 }],
  ["effort.missingDealValue", { max: 1_000_000 }],
  ["effort.costPctCurve", { maxLength: 6 }],
  ["effort.costPctCurve.*.0", { min: COST_PCT[0], max: COST_PCT[1] }],
  // Thresholds where scores and risks of random models and rows mostly fall, so that all three verdicts occur.
  ["thresholds.*.minScore", { min: 20, max: 65 }],
  ["thresholds.*.maxRisk", { min: 40 }],
  ["thresholds.*.maxComponentRisk", { min: 60 }],
  ["grades.*", { min: 20, max: 90 }],
  ["knockouts", { maxKeys: 3, key: fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/) }],
  ["knockouts.*.levels", { maxLength: 4 }],
  ["knockouts.*.levels.*", { maxLength: 8 }],
  // A threshold is drawn as a position from 0 to 1 along the field's values; the repair places it there.
  ["knockouts.*.below", { min: 0, max: 1 }],
  ["knockouts.*.above", { min: 0, max: 1 }],
  ["knockouts.*.reason", { maxLength: 16 }],
  ["counterfactual.changeable", { maxKeys: 4 }],
  ["counterfactual.changeable.*", { maxLength: 3 }],
  ["counterfactual.changeable.*.*", { min: 0, max: 1, maxLength: 8 }], // numbers: a position, as above
  // The vocabulary is drawn only to be replaced (see repair): these properties are about scoring, not words.
  ["vocabulary.missing", { maxLength: 0 }],
  ["vocabulary.headers", { maxKeys: 0 }],
  ["vocabulary.levels", { maxKeys: 0 }],
  ["vocabulary.words", { maxKeys: 0 }],
  ["vocabulary.words.*.*", { min: 0, max: 1 }],
  ["vocabulary.units.*", { maxKeys: 0 }],
  ["vocabulary.units.*.*", { max: 1 }],
  ["winModel.fields.*.bands.edges.*", { min: -1e6, max: 1e6 }],
  ["currency.rates.*", { min: 0.001, max: 1000 }],
];

function hintFor(path: readonly string[]): Hint | undefined {
  // Each numeric field's curve lives on its own axis.
  if (path.length === 5 && path[0] === "values" && path[2] === "curve" && path[4] === "0") {
    const [min, max] = curveSpan(path[1] as FieldKey);
    return { min, max };
  }
  const found = RANGES.find(([pattern]) => {
    const parts = pattern.split(".");
    return parts.length === path.length && parts.every((p, i) => p === "*" || p === path[i]);
  });
  return found?.[1];
}

const where = (path: readonly string[]) => path.join(".") || "(root)";

function numberArbitrary(def: z.core.$ZodNumberDef, path: readonly string[]): fc.Arbitrary<number> {
  let min = -Infinity;
  let max = Infinity;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const check of (def.checks ?? []) as z.core.$ZodChecks[]) {
    const c = check._zod.def;
    if (c.check === "greater_than") [min, minExcluded] = [Number(c.value), !c.inclusive];
    else if (c.check === "less_than") [max, maxExcluded] = [Number(c.value), !c.inclusive];
    else if (c.check === "number_format") integer = /int/.test(c.format);
    else throw new Error(`${where(path)}: unsupported number check ${c.check}`);
  }
  const hint = hintFor(path);
  if (hint?.min !== undefined && hint.min > min) [min, minExcluded] = [hint.min, false];
  if (hint?.max !== undefined && hint.max < max) [max, maxExcluded] = [hint.max, false];
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new Error(`${where(path)}: no finite range (schema ${min}..${max}); give it one in RANGES`);
  }
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return gridNumber(min, max, minExcluded, maxExcluded);
}

const STEPS = 1000;

/**
 * A number on a grid of STEPS steps from min to max (the ends included unless excluded). fc.double draws
 * uniformly over the doubles' bit patterns, so nearly every draw would be a vanishingly small number; a grid
 * spreads the draws over the range, and its round values make ties (equal goodness, a value on a curve point
 * or a threshold) likely enough to be tested.
 */
export function gridNumber(
  min: number,
  max: number,
  minExcluded: boolean,
  maxExcluded: boolean,
): fc.Arbitrary<number> {
  const steps = fc.integer({ min: minExcluded ? 1 : 0, max: maxExcluded ? STEPS - 1 : STEPS });
  // Mostly uniform; one draw in four with fast-check's bias towards the ends, which finds edge cases.
  return fc
    .oneof({ arbitrary: fc.noBias(steps), weight: 3 }, { arbitrary: steps, weight: 1 })
    .map((i) => (i === STEPS ? max : min + ((max - min) * i) / STEPS));
}

function lengths(checks: unknown[] | undefined): { min: number; max: number } {
  let min = 0;
  let max = Infinity;
  for (const check of (checks ?? []) as z.core.$ZodChecks[]) {
    const c = check._zod.def;
    if (c.check === "min_length") min = c.minimum;
    else if (c.check === "max_length") max = c.maximum;
  }
  return { min, max };
}

/** An arbitrary of every value the schema node accepts on its own, its cross-field refinements aside. */
export function arbitraryFromSchema(
  schema: z.core.$ZodType,
  path: readonly string[] = [],
): fc.Arbitrary<unknown> {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  const hint = hintFor(path);
  switch (def.type) {
    case "number":
      return numberArbitrary(def, path);
    case "boolean":
      return fc.boolean();
    case "string": {
      const { min, max } = lengths(def.checks);
      return fc.string({ minLength: min, maxLength: Math.min(max, hint?.maxLength ?? Math.max(min, 12)) });
    }
    case "enum":
      return fc.constantFrom(...Object.values(def.entries));
    case "optional":
      return arbitraryFromSchema(def.innerType, path);
    case "nullable":
      return fc.option(arbitraryFromSchema(def.innerType, path), { nil: null });
    case "union":
      return fc.oneof(...def.options.map((o) => arbitraryFromSchema(o, path)));
    case "tuple":
      if (def.rest) throw new Error(`${where(path)}: tuples with a rest are not supported`);
      return fc.tuple(...def.items.map((item, i) => arbitraryFromSchema(item, [...path, String(i)])));
    case "array": {
      const { min, max } = lengths(def.checks);
      const element = arbitraryFromSchema(def.element, [...path, "*"]);
      return fc.array(element, { minLength: min, maxLength: Math.min(max, hint?.maxLength ?? min + 3) });
    }
    case "object": {
      // Strict objects only (a catch-all would accept keys the tests cannot know); the object's own checks are
      // the cross-field rules the repair takes care of.
      const catchall = def.catchall as z.core.$ZodTypes | undefined;
      if (catchall && catchall._zod.def.type !== "never") {
        throw new Error(`${where(path)}: only strict objects are supported`);
      }
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const keys = Object.keys(shape);
      const required = keys.filter((k) => (shape[k] as z.core.$ZodTypes)._zod.def.type !== "optional");
      return fc.record(
        Object.fromEntries(keys.map((k) => [k, arbitraryFromSchema(shape[k], [...path, k])])),
        { requiredKeys: required, noNullPrototype: true },
      );
    }
    case "record": {
      const value = (key: string) => arbitraryFromSchema(def.valueType, [...path, key]);
      const keyDef = (def.keyType as z.core.$ZodTypes)._zod.def;
      if (keyDef.type === "enum") {
        const keys = Object.values(keyDef.entries).map(String);
        const values = fc.record(Object.fromEntries(keys.map((k) => [k, value("*")])), {
          noNullPrototype: true,
        });
        // A record over an enum needs every key; a partial one any subset of them.
        if (!def.partial) return values;
        const chosen = fc.subarray(keys, { maxLength: Math.min(keys.length, hint?.maxKeys ?? keys.length) });
        return fc
          .tuple(chosen, values)
          .map(([ks, vs]) => Object.fromEntries(ks.map((k) => [k, (vs as Record<string, unknown>)[k]])));
      }
      if (keyDef.type !== "string") throw new Error(`${where(path)}: unsupported record key ${keyDef.type}`);
      const key = hint?.key ?? arbitraryFromSchema(def.keyType, [...path, "(key)"]);
      return fc.dictionary(key as fc.Arbitrary<string>, value("*"), {
        maxKeys: hint?.maxKeys ?? 3,
        noNullPrototype: true,
      });
    }
    default:
      throw new Error(`${where(path)}: unsupported schema type ${def.type}`);
  }
}

// ---- The repair: the cross-field rules of the schema's superRefine. ----

type Curve = [number, number][];

/** Strictly increasing x, goodness monotone in the field's direction; x and goodness sorted independently. */
function repairCurve(points: Curve, direction: "up" | "down", span: Span): Curve {
  let xs = [...new Set(points.map((p) => p[0]))].sort((a, b) => a - b);
  if (xs.length < 2) xs = [span[0], span[1]];
  const gs = points.map((p) => p[1]).sort((a, b) => (direction === "up" ? a - b : b - a));
  // As many goodness values as distinct x values, picked in order so they stay sorted.
  const pick = xs.map((_, i) => gs[Math.round((i * (gs.length - 1)) / (xs.length - 1))]);
  return xs.map((x, i) => [x, pick[i]]);
}

/** The schema's middle value: the median level, or halfway between a curve's lowest and highest goodness. */
export function middleGoodness(v: { levels?: Record<string, number>; curve?: Curve }): number {
  if (v.levels) {
    const s = Object.values(v.levels).sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
  const gs = v.curve!.map((p) => p[1]);
  return (Math.min(...gs) + Math.max(...gs)) / 2;
}

/** A fraction in [0, 1] taken from any generated value, for the repair's choices. */
function position(v: unknown): number {
  if (typeof v === "number") return Math.min(1, Math.max(0, v));
  const s = String(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 997;
  return h / 996;
}

type Rule = ScoringModel["knockouts"][string];

/** Exactly one of levels (every level from some level down), below (more is better) or above (more is worse). */
function repairKnockout(raw: Rule): Rule {
  const { levels, below, above, ...rest } = raw;
  const order = levelsOf(raw.field);
  const t = position(below ?? above ?? (levels ? levels.length / 4 : 0.5));
  if (order.length > 0) {
    const first = Math.min(order.length - 1, Math.floor(t * order.length));
    return { ...rest, levels: order.slice(first) };
  }
  const x = along(valueSpan(raw.field), t);
  return fieldSpec(raw.field).direction === "down" ? { ...rest, above: x } : { ...rest, below: x };
}

/** Makes a model of schema-bounded leaves obey the cross-field rules, in place. */
function repair(m: ScoringModel, keepDefaultRules: string[]): ScoringModel {
  m.vocabulary = structuredClone(defaultModel.vocabulary) as ScoringModel["vocabulary"];
  // A learned win model is made by learning, not drawn: its rules are tested in learn.test.ts and
  // win-probability.test.ts; these properties are the scoring rules'.
  delete m.winModel;
  // Currencies change only how totals are worded, never a score: not these properties' business.
  delete m.currency;
  for (const field of SCORED_FIELDS) {
    const spec = fieldSpec(field);
    const v = m.values[field] as { levels?: Record<string, number>; curve?: Curve; missing: number };
    if (v.levels) {
      // Goodness must not rise down the catalogue (best level first).
      const sorted = Object.values(v.levels).sort((a, b) => b - a);
      v.levels = Object.fromEntries(levelsOf(field).map((k, i) => [k, sorted[i]]));
    } else {
      v.curve = repairCurve(v.curve!, spec.direction ?? "up", curveSpan(field));
    }
    // A missing value no better than the middle: (mid, 1] is folded onto (0, mid].
    const mid = middleGoodness(v);
    if (v.missing > mid) v.missing = (mid * (v.missing - mid)) / (1 - mid);
  }
  const sa = m.values.solutionAvailability;
  sa.roadmapCurve = repairCurve(sa.roadmapCurve, "down", ROADMAP_MONTHS);
  m.effort.costPctCurve = repairCurve(m.effort.costPctCurve, "down", COST_PCT);
  const bespoke = levelsOf("customization") as (keyof ScoringModel["effort"]["designDays"])[];
  for (const table of [m.effort.hoursPerRfpQuestion, m.effort.designDays]) {
    const sorted = bespoke.map((k) => table[k]).sort((a, b) => a - b);
    bespoke.forEach((k, i) => (table[k] = sorted[i]));
  }
  const { qualified: q, conditional: c } = m.thresholds;
  if (q.minScore < c.minScore) [q.minScore, c.minScore] = [c.minScore, q.minScore];
  if (q.maxRisk > c.maxRisk) [q.maxRisk, c.maxRisk] = [c.maxRisk, q.maxRisk];
  if (q.maxComponentRisk > c.maxComponentRisk)
    [q.maxComponentRisk, c.maxComponentRisk] = [c.maxComponentRisk, q.maxComponentRisk];
  const [A, B, C] = [m.grades.A, m.grades.B, m.grades.C].sort((a, b) => b - a);
  m.grades = { A, B, C };
  const weights = m.weights as Record<string, number>;
  if (!(Object.values(weights).reduce((a, b) => a + b, 0) > 0)) weights[SCORED_FIELDS[0]] = 1;
  const components = Object.values(m.risk);
  if (!(components.reduce((a, k) => a + k.weight, 0) > 0)) components[0].weight = 1;
  components.forEach((k, i) => {
    const factors = k.factors as Record<string, number>;
    if (!(Object.values(factors).reduce((a, b) => a + b, 0) > 0)) {
      factors[Object.keys(factors)[0] ?? SCORED_FIELDS[(i * 4) % SCORED_FIELDS.length]] = 1;
    }
  });
  const extra = Object.entries(m.knockouts).map(([id, k]) => [id, repairKnockout(k)] as const);
  m.knockouts = {
    ...Object.fromEntries(keepDefaultRules.map((id) => [id, structuredClone(defaultModel.knockouts[id])])),
    ...Object.fromEntries(extra),
  };
  const changeable = m.counterfactual.changeable as Record<string, (string | number)[]>;
  for (const [field, values] of Object.entries(changeable)) {
    const order = levelsOf(field as FieldKey);
    changeable[field] = values.map((v) =>
      order.length > 0
        ? order[Math.min(order.length - 1, Math.floor(position(v) * order.length))]
        : along(valueSpan(field as FieldKey), position(v)),
    );
  }
  return m;
}

/** Every leaf of a model within the schema's bounds, before the cross-field rules. */
export const rawModelArbitrary = arbitraryFromSchema(modelSchema) as fc.Arbitrary<ScoringModel>;

/**
 * Valid scoring models: the schema's leaves, repaired to obey its cross-field rules, with the default model's
 * knock-out rules (noSolution: Not available unless a roadmap date is given; negativeMargin) kept or not.
 */
export const modelArbitrary: fc.Arbitrary<ScoringModel> = fc
  .tuple(rawModelArbitrary, fc.subarray(Object.keys(defaultModel.knockouts)))
  .map(([raw, keep]) => repair(structuredClone(raw), keep)); // a copy: fast-check reuses values when shrinking

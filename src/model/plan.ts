// The compiled field plan: a validated model compiled once into what scoring a table needs, field by field.
// For every field it states how a cell becomes a value (its kind's parser, through a memo of the texts already
// read), how a value becomes goodness, which effort input and risk components it feeds, and which knock-outs
// read it. Every path scores through this plan (a table, one row, the counterfactual's variants), and the plan
// owns all the state scoring keeps (memos, working blocks), so two models can never share any of it.
import { flatten, interpolate, type FlatCurve } from "./curve";
import { customizationEffort, type CustomizationEffort } from "./effort";
import { FIELDS, type FieldSpec } from "./fields";
import { fieldReaders, isNumericKind, readCell, type FieldReader } from "./parse";
import { compactWord, SCORED_FIELDS, type ScoredField, type ScoringModel } from "./schema";
import type { Block, ColumnPlan } from "./block";
import type { WinPlan } from "./win-probability";
import type { Cell, FieldKey, FieldValue, RiskComponentKey } from "./types";

/** What a cell says of its field: nothing readable, a value, or something that could not be read. */
export const MISSING = 0;
export const OK = 1;
export const UNRECOGNISED = 2;

/** What one cell means to the scoring. Worked out once per distinct text and remembered by the field's plan. */
export interface Outcome {
  blank: boolean; // nothing in the cell (whitespace counts as nothing)
  st: number; // MISSING, OK or UNRECOGNISED
  num: number; // the value on the field's axis when it is a number, else NaN
  lvl: number; // the level's index in the field's catalogue levels, else -1
  g: number; // goodness before the roadmap discount; NaN when it depends on the day or the field scores nothing
  value: FieldValue; // the parsed value, as parseCell gives it (the rationale quotes its raw text)
  reason: string | null; // the reason text, once worded (only for reasons that do not depend on the day)
}

const MEMO_LIMIT = 4096;

/**
 * Remembered outcomes of one field's texts, in two generations: when the young one is full it becomes the old
 * one, so texts in use survive and a column of unique values (deal values, dates) never empties the memo at once.
 */
export class Memo<K> {
  /** The recent generation: readers look here first, without a call (see textOutcome). */
  young = new Map<K, Outcome>();
  private old = new Map<K, Outcome>();

  get(key: K): Outcome | undefined {
    return this.young.get(key) ?? this.aged(key);
  }

  /** A key the young generation lacks: its outcome from the old one (moved to the young), or undefined. */
  aged(key: K): Outcome | undefined {
    const aged = this.old.get(key);
    if (aged !== undefined) this.put(key, aged);
    return aged;
  }

  put(key: K, outcome: Outcome): void {
    if (this.young.size >= MEMO_LIMIT) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, outcome);
  }
}

/** One field as the plan reads and scores it. */
export interface FieldPlan {
  key: FieldKey;
  index: number; // position in FIELDS, and of the field's slice in a block
  spec: FieldSpec;
  reader: FieldReader; // the field's reader, with the model's vocabulary
  numeric: boolean; // a number cell is a number on the field's axis
  plainNumbers: boolean; // a text may read straight as a number, past the memo (parse.ts quickNumber): not dates
  scored: number; // position in SCORED_FIELDS, -1 when the field carries no points
  /** The field can change a row's result (it scores, or a rule reads it): a rationale says when it is missing. */
  explained: boolean;
  levelKeys: readonly string[]; // the catalogue's level keys, best first
  levelGoodness: Float64Array | null; // goodness by level index, for scored level fields
  curve: FlatCurve | null; // goodness over the field's axis, for scored numeric fields
  missing: number; // goodness of a missing or unreadable value
  dated: boolean; // goodness counts days from today (response due)
  texts: Memo<string>;
  others: Memo<number>; // number cells in fields that do not read numbers (levels, yes/no, names)
  absent: Outcome; // what an absent column or an empty cell reads as
}

export interface RiskComponentPlan {
  key: RiskComponentKey;
  label: string;
  weight: number;
  index: Int32Array; // positions in SCORED_FIELDS
  w: Float64Array;
  wsum: number;
}

export interface KnockOutPlan {
  rule: string;
  reason: string;
  field: number; // FIELDS index
  levels: Uint8Array | null; // by level index: 1 where the level trips the rule
  below: number; // NaN when the rule has no lower bound
  above: number; // NaN when the rule has no upper bound
  unless: number; // FIELDS index of the field whose presence lifts the rule, -1 for none
}

/**
 * The effort inputs: the fields the effort to win the sale is computed from, in the order effortDays() takes
 * them and a missing one is listed as assumed. The one list of them.
 */
export const EFFORT_FIELDS = [
  "customization",
  "rfp",
  "rfpQuestions",
  "developmentSize",
  "interactions",
  "alternatives",
] as const satisfies readonly FieldKey[];

export interface ModelPlan {
  model: ScoringModel;
  fields: FieldPlan[]; // FIELDS order
  scored: FieldPlan[]; // SCORED_FIELDS order
  /** Points per unit of goodness, SCORED_FIELDS order then bid effort: 100 × weight / Σ weights. */
  coef: Float64Array;
  /** The most each factor can give or take, in points, rounded up to 0.1 (same order as coef). */
  maxPoints: Float64Array;
  components: RiskComponentPlan[];
  componentWeightSum: number;
  knockOuts: KnockOutPlan[];
  roadmap: FlatCurve;
  roadmapUndated: number;
  costPct: FlatCurve;
  /** Effort per customization level (catalogue order) and for the model's default customization. */
  customization: CustomizationEffort[];
  defaultCustomization: CustomizationEffort;
  /** FIELDS indexes of the effort inputs, in EFFORT_FIELDS order. */
  effortAt: Int32Array;
  /** FIELDS indexes the other rules read: the bid cost's deal value, the roadmap, the response date. */
  at: {
    dealValue: number;
    solutionAvailability: number;
    roadmapDate: number;
    responseDue: number;
    stage: number;
    closed: number;
    won: number;
    probability: number;
    forecastCategory: number;
  };
  /** FIELDS indexes of every field a rule reads beyond its goodness: effort, bid cost, roadmap, knock-outs. */
  ruleFields: ReadonlySet<number>;
  rfpYes: number; // level index of "yes"
  onRoadmap: number; // level index of "on roadmap"
  /** Goodness of the level just worse than "on roadmap": a discounted roadmap promise never falls below it. */
  roadmapFloor: number;
  /** When a row lacks the data to decide: the known share of weight needed, FIELDS indexes that must be known. */
  information: { minKnown: number; required: Int32Array };
  /**
   * Working blocks, made when first needed and reused by every call with this model: `rows` for the rows being
   * scored, `variants` for the counterfactual's variants of one of them. A call uses them from start to end
   * without yielding, so calls never share them at the same time.
   */
  blocks: { rows?: Block; variants?: Block };
  /**
   * What callers worked out from the plan and remembered with it: how a table's columns are read (by column
   * layout and detail) and where each scored field's goodness sits in a block. Derived data only.
   */
  /** Header words (folded, see normaliseHeader) → the fields they may name, in catalogue order. */
  headerWords: ReadonlyMap<string, readonly FieldKey[]>;
  derived: {
    columnPlans: Map<string, ColumnPlan>; // by detail and column layout
    byMapping: WeakMap<object, Map<string, ColumnPlan>>; // the same, by the mapping object a caller passes again
    slots?: Int32Array; // where each scored field's goodness sits in a block
    effortSlots?: Int32Array; // where each effort input sits in a block, EFFORT_FIELDS order
    win?: WinPlan | null; // the learned win model, compiled (null: the model has none)
  };
}

export const RISK_COMPONENTS: readonly RiskComponentKey[] = [
  "delivery",
  "commercial",
  "customer",
  "competitive",
];

const FIELD_INDEX = new Map<FieldKey, number>(FIELDS.map((f, i) => [f.key, i]));
export const fieldIndex = (key: FieldKey): number => FIELD_INDEX.get(key)!;
const SCORED_INDEX = new Map<FieldKey, number>(SCORED_FIELDS.map((f, i) => [f, i]));

/** Goodness of a recognised value of a scored field, before the roadmap discount. The one rule for it. */
export function valueGoodness(f: FieldPlan, st: number, num: number, lvl: number, asOf: number): number {
  if (st !== OK) return f.missing;
  if (f.levelGoodness) return lvl >= 0 ? f.levelGoodness[lvl] : f.missing;
  return interpolate(f.curve!, f.dated ? num - asOf : num);
}

function outcomeOf(f: FieldPlan, v: FieldValue, blank: boolean): Outcome {
  const st = v.status === "ok" ? OK : v.status === "missing" ? MISSING : UNRECOGNISED;
  const value = v.status === "ok" ? v.value : null;
  const num = typeof value === "number" ? value : NaN;
  const lvl = typeof value === "string" && f.levelKeys.length > 0 ? f.levelKeys.indexOf(value) : -1;
  return {
    blank,
    st,
    num,
    lvl,
    g: f.scored < 0 || f.dated ? NaN : valueGoodness(f, st, num, lvl, 0),
    value: v,
    reason: null,
  };
}

/** The outcome of a text cell, from the field's memo or read now. */
export function textOutcome(f: FieldPlan, cell: string): Outcome {
  return f.texts.young.get(cell) ?? unseenTextOutcome(f, cell);
}

/**
 * textOutcome of a text the young generation lacks (the column reader looked there already): a unique value
 * (a deal value, a date) costs one more lookup and one store, not three more lookups.
 */
export function unseenTextOutcome(f: FieldPlan, cell: string): Outcome {
  let o = f.texts.aged(cell);
  if (o === undefined) {
    o = outcomeOf(f, readCell(f.reader, cell), cell.trim() === "");
    f.texts.put(cell, o);
  }
  return o;
}

/** The outcome of any cell that is not a text, nor a number the field reads directly. */
export function otherOutcome(f: FieldPlan, cell: Cell): Outcome {
  if (cell === null || cell === undefined) return f.absent;
  if (typeof cell === "number") {
    let o = f.others.get(cell);
    if (o === undefined) {
      o = outcomeOf(f, readCell(f.reader, cell), false);
      f.others.put(cell, o);
    }
    return o;
  }
  return outcomeOf(f, readCell(f.reader, cell), false);
}

function compileField(model: ScoringModel, reader: FieldReader, index: number): FieldPlan {
  const spec = reader.spec;
  const scored = SCORED_INDEX.get(spec.key) ?? -1;
  const levelKeys = (spec.levels ?? []).map((l) => l.key);
  let levelGoodness: Float64Array | null = null;
  let curve: FlatCurve | null = null;
  let missing = 0;
  if (scored >= 0) {
    const v = model.values[spec.key as ScoredField] as {
      levels?: Record<string, number>;
      curve?: [number, number][];
      missing: number;
    };
    missing = v.missing;
    if (v.levels) levelGoodness = Float64Array.from(levelKeys, (k) => v.levels![k] ?? v.missing);
    else curve = flatten(v.curve!);
  }
  const f: FieldPlan = {
    key: spec.key,
    index,
    spec,
    reader,
    numeric: isNumericKind(spec),
    plainNumbers: isNumericKind(spec) && spec.kind !== "date",
    scored,
    explained: spec.kind !== "text" && scored >= 0,
    levelKeys,
    levelGoodness,
    curve,
    missing,
    dated: spec.key === "responseDue",
    texts: new Memo<string>(),
    others: new Memo<number>(),
    absent: null as unknown as Outcome,
  };
  f.absent = outcomeOf(f, readCell(reader, null), true);
  return f;
}

function compile(model: ScoringModel): ModelPlan {
  const fields = fieldReaders(model.vocabulary).map((reader, i) => compileField(model, reader, i));
  const scored = SCORED_FIELDS.map((key) => fields[fieldIndex(key)]);
  const weights = model.weights as Record<string, number>;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const coef = new Float64Array(SCORED_FIELDS.length + 1);
  SCORED_FIELDS.forEach((f, i) => (coef[i] = (100 * weights[f]) / total));
  coef[SCORED_FIELDS.length] = (100 * weights.bidEffort) / total;
  const components = RISK_COMPONENTS.map((key): RiskComponentPlan => {
    const c = model.risk[key];
    const entries = Object.entries(c.factors).filter(([, w]) => (w ?? 0) > 0) as [ScoredField, number][];
    return {
      key,
      label: c.label,
      weight: c.weight,
      index: Int32Array.from(entries, ([f]) => SCORED_INDEX.get(f)!),
      w: Float64Array.from(entries, ([, w]) => w),
      wsum: entries.reduce((s, [, w]) => s + w, 0),
    };
  });
  const knockOuts = Object.entries(model.knockouts)
    .filter(([, k]) => k.enabled)
    .map(([rule, k]): KnockOutPlan => {
      const field = fields[fieldIndex(k.field)];
      return {
        rule,
        reason: k.reason,
        field: field.index,
        levels: k.levels
          ? Uint8Array.from(field.levelKeys, (key) => (k.levels!.includes(key) ? 1 : 0))
          : null,
        below: k.below ?? NaN,
        above: k.above ?? NaN,
        unless: k.unlessPresent ? fieldIndex(k.unlessPresent) : -1,
      };
    });
  const sa = fields[fieldIndex("solutionAvailability")];
  const onRoadmap = sa.levelKeys.indexOf("onRoadmap");
  const e = model.effort;
  const ruleFields = new Set<number>([
    ...EFFORT_FIELDS.map(fieldIndex),
    fieldIndex("dealValue"),
    sa.index,
    fieldIndex("roadmapDate"),
    ...knockOuts.flatMap((k) => (k.unless >= 0 ? [k.field, k.unless] : [k.field])),
  ]);
  for (const i of ruleFields) fields[i].explained = fields[i].spec.kind !== "text";
  return {
    model,
    fields,
    scored,
    coef,
    // Rounded up, not to the nearest tenth: a driver's points, rounded to tenths, can reach the next tenth.
    maxPoints: coef.map((c) => Math.ceil(c * 5) / 10),
    components,
    componentWeightSum: components.reduce((s, c) => s + c.weight, 0),
    knockOuts,
    roadmap: flatten(model.values.solutionAvailability.roadmapCurve),
    roadmapUndated: model.values.solutionAvailability.roadmapUndated,
    costPct: flatten(e.costPctCurve),
    customization: fields[fieldIndex("customization")].levelKeys.map((k) =>
      customizationEffort(e, k as keyof typeof e.designDays),
    ),
    defaultCustomization: customizationEffort(e, e.defaults.customization),
    effortAt: Int32Array.from(EFFORT_FIELDS, fieldIndex),
    at: {
      dealValue: fieldIndex("dealValue"),
      solutionAvailability: sa.index,
      roadmapDate: fieldIndex("roadmapDate"),
      responseDue: fieldIndex("responseDue"),
      stage: fieldIndex("stage"),
      closed: fieldIndex("closed"),
      won: fieldIndex("won"),
      probability: fieldIndex("probability"),
      forecastCategory: fieldIndex("forecastCategory"),
    },
    ruleFields,
    rfpYes: fields[fieldIndex("rfp")].levelKeys.indexOf("yes"),
    onRoadmap,
    roadmapFloor:
      onRoadmap >= 0 && onRoadmap + 1 < sa.levelKeys.length ? sa.levelGoodness![onRoadmap + 1] : 0,
    information: {
      minKnown: model.information.minKnownWeight,
      required: Int32Array.from(model.information.required, fieldIndex),
    },
    headerWords: headerWords(model),
    blocks: {},
    derived: { columnPlans: new Map(), byMapping: new WeakMap() },
  };
}

/** A header as it is compared: folded like a word, after dropping a trailing unit in brackets ("(EUR)", "[pd]"). */
export function normaliseHeader(header: Cell): string {
  if (header === null || header === undefined || typeof header === "object") return "";
  return compactWord(String(header).replace(/\s*[([][^)\]]*[)\]]\s*$/, ""));
}

/** Which fields each header word may name: the field's own header, then the vocabulary's words for it. */
function headerWords(model: ScoringModel): Map<string, FieldKey[]> {
  const words = new Map<string, FieldKey[]>();
  for (const spec of FIELDS) {
    for (const name of [spec.header, ...(model.vocabulary.headers[spec.key] ?? [])]) {
      const key = normaliseHeader(name);
      if (key === "") continue;
      const fields = words.get(key);
      if (!fields) words.set(key, [spec.key]);
      else if (!fields.includes(spec.key)) fields.push(spec.key);
    }
  }
  return words;
}

// One plan per model object, kept while the model lives: its memos of what each text means carry over from one
// call to the next, as a workbook recalculates over the same words. Keyed by the model, so two models never
// share a memo; nothing in a plan depends on the day, which every call passes in.
const plans = new WeakMap<ScoringModel, ModelPlan>();

export function planFor(model: ScoringModel): ModelPlan {
  let plan = plans.get(model);
  if (plan === undefined) {
    plan = compile(model);
    plans.set(model, plan);
  }
  return plan;
}

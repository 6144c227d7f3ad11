// Scoring with a learned win model (the model's `winModel` section): each row's win probability from the values
// the plan read into a block, and its drivers in words — how many percentage points each field's value moves the
// probability against that field's average over the history ("Win 34 %: Financing Unsecured (−18 pts vs average)").
import { BLOCK, type Block } from "./block";
import { fieldLabel, fieldSpec } from "./fields";
import { bandOf } from "./history-features";
import { fieldIndex, OK, type ModelPlan } from "./plan";
import { formatMoney } from "./rationale";
import type { ScoringModel } from "./schema";
import type { FieldKey } from "./types";

/** One learned field, ready for a block. */
export interface WinFieldPlan {
  key: FieldKey;
  index: number; // in FIELDS, and of the field's slice in a block
  levelCoef: Float64Array | null; // by catalogue level index (a level the win model lacks: its missing weight)
  edges: Float64Array | null;
  bandCoef: Float64Array | null;
  missing: number;
  average: number;
}

export interface WinPlan {
  intercept: number;
  fields: WinFieldPlan[];
}

/** The learned model compiled for blocks; null for a model without one. */
export function compileWin(model: ScoringModel): WinPlan | null {
  const w = model.winModel;
  if (!w) return null;
  const fields = (Object.entries(w.fields) as [FieldKey, NonNullable<(typeof w.fields)[FieldKey]>][]).map(
    ([key, f]): WinFieldPlan => {
      const keys = (fieldSpec(key).levels ?? []).map((l) => l.key);
      return {
        key,
        index: fieldIndex(key),
        levelCoef: f.levels ? Float64Array.from(keys, (k) => f.levels![k] ?? f.missing) : null,
        edges: f.bands ? Float64Array.from(f.bands.edges) : null,
        bandCoef: f.bands ? Float64Array.from(f.bands.points) : null,
        missing: f.missing,
        average: f.average,
      };
    },
  );
  return { intercept: w.intercept, fields };
}

/** The plan's learned model, compiled once and kept with the plan. */
export function winPlanOf(plan: ModelPlan): WinPlan | null {
  if (plan.derived.win === undefined) plan.derived.win = compileWin(plan.model);
  return plan.derived.win;
}

/** What field f's value in row r of the block adds to the log-odds of winning. */
export function contribution(f: WinFieldPlan, b: Block, r: number): number {
  const a = f.index * BLOCK + r;
  if (b.st[a] !== OK) return f.missing;
  if (f.levelCoef) {
    const l = b.lvl[a];
    return l >= 0 && l < f.levelCoef.length ? f.levelCoef[l] : f.missing;
  }
  const x = b.num[a];
  return x === x ? f.bandCoef![bandOf(f.edges!, x)] : f.missing;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Row r's win probability (0–1). */
export function winProbabilityAt(win: WinPlan, b: Block, r: number): number {
  let eta = win.intercept;
  for (const f of win.fields) eta += contribution(f, b, r);
  return sigmoid(eta);
}

/**
 * Rows [0, count) of the block at once, field by field (as evaluate() works): out[r] is row r's win
 * probability. The same sums in the same order as winProbabilityAt, so the same numbers to the bit. Each kind of
 * field has its own small loop (levelSums, bandSums): one loop for both would be optimised for neither.
 */
export function winProbabilities(win: WinPlan, b: Block, count: number, out: Float64Array): void {
  const eta = out;
  eta.fill(win.intercept, 0, count);
  const fields = win.fields;
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k];
    const a = f.index * BLOCK;
    if (f.levelCoef !== null) levelSums(eta, b.st, b.lvl, a, count, f.levelCoef, f.missing);
    else bandSums(eta, b.st, b.num, a, count, f.edges!, f.bandCoef!, f.missing);
  }
  for (let r = 0; r < count; r++) eta[r] = 1 / (1 + Math.exp(-eta[r]));
}

/** Adds a level field's learned weights (rows at `a` in the block's columns) to eta. */
function levelSums(
  eta: Float64Array,
  st: Uint8Array,
  lvl: Int8Array,
  a: number,
  count: number,
  coef: Float64Array,
  missing: number,
): void {
  const n = coef.length;
  for (let r = 0; r < count; r++) {
    const l = lvl[a + r];
    eta[r] += st[a + r] === 1 && l >= 0 && l < n ? coef[l] : missing; // 1: OK (plan.ts)
  }
}

/**
 * Adds a number field's learned band weights (rows at `a` in the block's columns) to eta. A value's band is the
 * number of edges below it; with up to four edges (five bands, the default) it is counted without a branch per
 * edge, the missing edges read as +Infinity: bands of spread-out values would defeat branch prediction.
 */
function bandSums(
  eta: Float64Array,
  st: Uint8Array,
  num: Float64Array,
  a: number,
  count: number,
  edges: Float64Array,
  points: Float64Array,
  missing: number,
): void {
  const last = edges.length;
  if (last <= 4) {
    const e0 = last > 0 ? edges[0] : Infinity;
    const e1 = last > 1 ? edges[1] : Infinity;
    const e2 = last > 2 ? edges[2] : Infinity;
    const e3 = last > 3 ? edges[3] : Infinity;
    for (let r = 0; r < count; r++) {
      const x = num[a + r];
      const k = (x > e0 ? 1 : 0) + (x > e1 ? 1 : 0) + (x > e2 ? 1 : 0) + (x > e3 ? 1 : 0);
      eta[r] += st[a + r] === 1 && x === x ? points[k] : missing; // 1: OK (plan.ts)
    }
    return;
  }
  for (let r = 0; r < count; r++) {
    const x = num[a + r];
    if (st[a + r] !== 1 || x !== x) eta[r] += missing;
    else {
      let k = 0;
      while (k < last && x > edges[k]) k++;
      eta[r] += points[k];
    }
  }
}

export interface WinDriver {
  field: FieldKey;
  value: string; // "Financing Unsecured", "Deal Value 1.2M", "Competition missing"
  points: number; // percentage points against the field's average, rounded to whole points
}

/** What row r's value of field f reads as in a driver. */
function valueWords(f: WinFieldPlan, b: Block, r: number): string {
  const spec = fieldSpec(f.key);
  const a = f.index * BLOCK + r;
  if (b.st[a] !== OK) return `${fieldLabel(f.key)} missing`;
  if (spec.levels) {
    const l = b.lvl[a];
    return `${fieldLabel(f.key)} ${spec.levels[l]?.label ?? "missing"}`;
  }
  const x = b.num[a];
  const shown =
    spec.kind === "money"
      ? formatMoney(x)
      : spec.kind === "percent"
        ? `${Number((x * 100).toFixed(1))}%`
        : String(Number(x.toFixed(2)));
  return `${fieldLabel(f.key)} ${shown}`;
}

/**
 * The drivers of row r's win probability, strongest first: for each field, the probability with this value
 * against the probability had the field its average weight. Fields that move it less than half a point are left
 * out.
 */
export function winDriversAt(win: WinPlan, b: Block, r: number): WinDriver[] {
  const parts = win.fields.map((f) => contribution(f, b, r));
  const eta = parts.reduce((s, c) => s + c, win.intercept);
  const p = sigmoid(eta);
  const out: WinDriver[] = [];
  win.fields.forEach((f, k) => {
    const points = Math.round(100 * (p - sigmoid(eta - parts[k] + f.average)));
    if (points !== 0) out.push({ field: f.key, value: valueWords(f, b, r), points });
  });
  return out.sort((x, y) => Math.abs(y.points) - Math.abs(x.points) || x.field.localeCompare(y.field));
}

/** "Win 34 %: Financing Unsecured (−18 pts vs average), Competition 4 (−9), Margin 30% (+7)". */
export function winText(p: number, drivers: readonly WinDriver[], max = 3): string {
  const shown = drivers.slice(0, max).map((d, i) => {
    const pts = `${d.points > 0 ? "+" : "−"}${Math.abs(d.points)}`;
    return `${d.value} (${pts}${i === 0 ? " pts vs average" : ""})`;
  });
  return `Win ${Math.round(p * 100)} %${shown.length ? `: ${shown.join(", ")}` : ""}`;
}

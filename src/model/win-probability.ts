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
 * probability. The same sums in the same order as winProbabilityAt, so the same numbers to the bit.
 */
export function winProbabilities(win: WinPlan, b: Block, count: number, out: Float64Array): void {
  const eta = out;
  eta.fill(win.intercept, 0, count);
  const st = b.st;
  const ok = OK;
  for (const f of win.fields) {
    const a = f.index * BLOCK;
    const missing = f.missing;
    if (f.levelCoef !== null) {
      const coef = f.levelCoef;
      const lvl = b.lvl;
      const n = coef.length;
      for (let r = 0; r < count; r++) {
        const l = lvl[a + r];
        eta[r] += st[a + r] === ok && l >= 0 && l < n ? coef[l] : missing;
      }
    } else {
      const edges = f.edges!;
      const points = f.bandCoef!;
      const last = edges.length;
      const num = b.num;
      for (let r = 0; r < count; r++) {
        const x = num[a + r];
        if (st[a + r] !== ok || x !== x) eta[r] += missing;
        else {
          let k = 0;
          while (k < last && x > edges[k]) k++;
          eta[r] += points[k];
        }
      }
    }
  }
  for (let r = 0; r < count; r++) eta[r] = 1 / (1 + Math.exp(-eta[r]));
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

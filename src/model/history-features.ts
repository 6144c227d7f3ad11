// What learning sees of a history: each mapped field's values, read through the model's own plan (the same
// readers that score a table: levels, numbers on the field's axis), turned into levels for the logistic fit.
// A level field keeps its catalogue levels (best first); a number is cut into bands at the history's quantiles;
// every field has a "missing" level beside them (blank or unreadable). Names, ids and dates are not used: names
// say nothing about the next deal, and a date's meaning (days until a deadline) needs the day the deal was open.
import { Block, BLOCK, fillAbsent, readRows, READ_BLANK, READ_VALUE, type ColumnPlan } from "./block";
import { FIELDS } from "./fields";
import type { CategoricalRows } from "./logistic-fit";
import { OK, planFor, type FieldPlan } from "./plan";
import type { ScoringModel } from "./schema";
import type { Cell, FieldKey, HeaderMapping } from "./types";

/** How one field's values became levels. */
export interface FieldEncoding {
  key: FieldKey;
  plan: FieldPlan;
  kind: "levels" | "bands";
  /** Levels fields: the catalogue's level keys, best first. */
  levelKeys: readonly string[];
  /** Bands fields: ascending split points (a value equal to an edge falls in the band below it). */
  edges: number[];
  /** Bands fields: band b (ascending) is level bandLevel(b); the higher bands are better when the field's
   * direction is "up", so they come first. */
  highFirst: boolean;
  ordered: boolean; // the order is a rule the fit keeps
  offset: number; // the field's first level in the fit's level space
  count: number; // its levels, "missing" (the last) included
}

export interface HistoryFeatures {
  rows: CategoricalRows;
  encodings: FieldEncoding[];
}

/**
 * The fields learning can use: mapped factors of the model holding levels or numbers (not names, ids or dates),
 * never the CRM's own state of the deal (stage, closed/won flags, its probability and forecast), which records the
 * outcome or a guess at it.
 */
export function learnableFields(mapping: HeaderMapping, exclude: ReadonlySet<number>): FieldKey[] {
  return FIELDS.filter((f) => {
    const col = mapping.columns[f.key];
    const factor = f.etom !== "—";
    return col !== undefined && !exclude.has(col) && factor && f.kind !== "text" && f.kind !== "date";
  }).map((f) => f.key);
}

/** The band (0 = lowest) a number falls in. */
export function bandOf(edges: ArrayLike<number>, x: number): number {
  let b = 0;
  while (b < edges.length && x > edges[b]) b++;
  return b;
}

/** Split points at the quantiles of the values, without repeats and never at the top value (an empty band). */
export function quantileEdges(values: Float64Array, bands: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length;
  if (m === 0) return [];
  const edges: number[] = [];
  for (let k = 1; k < bands; k++) {
    const e = sorted[Math.max(0, Math.ceil((k * m) / bands) - 1)];
    if (e < sorted[m - 1] && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return edges;
}

/**
 * Reads the fields of `rows` (the closed deals) through the model's plan and encodes them. `ordered` are the
 * fields whose order is a rule; `bands` how many bands a number is cut into.
 */
export function historyFeatures(
  model: ScoringModel,
  rows: readonly (readonly Cell[])[],
  mapping: HeaderMapping,
  fields: readonly FieldKey[],
  y: Uint8Array,
  options: { bands: number; ordered: readonly FieldKey[]; asOf: number },
): HistoryFeatures {
  const plan = planFor(model);
  const used = fields.map((k) => plan.fields.find((f) => f.key === k)!);
  const cols: ColumnPlan = {
    columns: Int32Array.from(FIELDS, (f) => (fields.includes(f.key) ? (mapping.columns[f.key] ?? -1) : -1)),
    read: Uint8Array.from(FIELDS, (f) => (fields.includes(f.key) ? READ_VALUE : READ_BLANK)),
  };
  // What each row says of each used field: its level index, or its number; NaN / -1 when missing.
  const n = rows.length;
  const lvl = used.map(() => new Int16Array(n).fill(-1));
  const num = used.map(() => new Float64Array(n).fill(NaN));
  const block = new Block(plan.knockOuts.length);
  fillAbsent(plan, block, cols);
  for (let from = 0; from < n; from += BLOCK) {
    const count = Math.min(BLOCK, n - from);
    readRows(plan, block, rows, from, count, cols, options.asOf);
    used.forEach((f, k) => {
      const a = f.index * BLOCK;
      for (let r = 0; r < count; r++) {
        if (block.st[a + r] !== OK) continue;
        if (f.levelKeys.length > 0) lvl[k][from + r] = block.lvl[a + r];
        else num[k][from + r] = block.num[a + r];
      }
    });
  }
  const encodings: FieldEncoding[] = [];
  let offset = 0;
  used.forEach((f, k) => {
    const levels = f.levelKeys.length > 0;
    const edges = levels
      ? []
      : quantileEdges(
          num[k].filter((x) => x === x),
          options.bands,
        );
    const count = (levels ? f.levelKeys.length : edges.length + 1) + 1;
    encodings.push({
      key: f.key,
      plan: f,
      kind: levels ? "levels" : "bands",
      levelKeys: f.levelKeys,
      edges,
      highFirst: f.spec.direction === "up",
      ordered: options.ordered.includes(f.key),
      offset,
      count,
    });
    offset += count;
  });
  const F = encodings.length;
  const codes = new Int32Array(n * F);
  encodings.forEach((e, k) => {
    const missing = e.offset + e.count - 1;
    for (let i = 0; i < n; i++) {
      let level: number;
      if (e.kind === "levels") level = lvl[k][i] >= 0 ? lvl[k][i] : -1;
      else {
        const x = num[k][i];
        level = x === x ? bandLevel(e, bandOf(e.edges, x)) : -1;
      }
      codes[i * F + k] = level >= 0 ? e.offset + level : missing;
    }
  });
  return { rows: { n, fields: F, codes, y }, encodings };
}

/** The level (best first) of band b (ascending). */
export function bandLevel(e: Pick<FieldEncoding, "edges" | "highFirst">, b: number): number {
  return e.highFirst ? e.edges.length - b : b;
}

/** Keeps only the fields at `keep` (indexes into encodings), re-laying their levels one after another. */
export function selectFields(features: HistoryFeatures, keep: readonly number[]): HistoryFeatures {
  const { rows, encodings } = features;
  const F = rows.fields;
  const out: FieldEncoding[] = [];
  let offset = 0;
  for (const k of keep) {
    out.push({ ...encodings[k], offset });
    offset += encodings[k].count;
  }
  const codes = new Int32Array(rows.n * keep.length);
  for (let i = 0; i < rows.n; i++)
    keep.forEach((k, j) => {
      codes[i * keep.length + j] = rows.codes[i * F + k] - encodings[k].offset + out[j].offset;
    });
  return { rows: { ...rows, fields: keep.length, codes }, encodings: out };
}

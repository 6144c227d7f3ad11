// Score-only over a whole table, column by column: the numbers (verdict, score, grade, risk, effort) without the
// words, for shells that score thousands of rows at once. Each column's cells are turned into what the scoring
// needs (goodness, a number, a level, a knock-out flag), each distinct text read once and remembered for the next
// call; then each row adds up its numbers. Every rule comes from the same functions evaluate() uses, so a row scores exactly as
// scoreOpportunity(readOpportunity(row)) scores it: a property test holds the two to that.
import { compile, RISK_COMPONENTS, SCORED_INDEX, type CompiledField, type CompiledModel } from "./compiled";
import {
  bidCostGoodness,
  customizationEffort,
  effortDays,
  type Customization,
  type CustomizationEffort,
} from "./effort";
import { FIELDS, type FieldSpec } from "./fields";
import { recognisedGoodness, roadmapGoodness, valueGoodness } from "./goodness";
import { isBlankCell, isNumericKind, numericValue, parseCell, readOpportunity } from "./parse";
import { scoreOpportunity } from "./qualify";
import { round1 } from "./output";
import { riskColumns } from "./risk";
import type { ScoringModel } from "./schema";
import { BASELINE, gradeOf, knockOutHits, verdictFrom } from "./score";
import type { Cell, FieldKey, FieldValue, Grade, HeaderMapping, Scores, Verdict } from "./types";

/** What one cell means to the scoring, worked out once per distinct text. */
interface Outcome {
  blank: boolean; // nothing in the cell (whitespace only counts as nothing)
  ok: boolean; // the value was recognised
  g: number; // goodness, for scored fields (before any roadmap discount)
  num: number; // the value when it is a number, else NaN
  level: number; // index of the level in the field's catalogue levels, else -1
  knocks: number; // bit k set when knock-out rule k's condition holds for this value
}

const MEMO_LIMIT = 4096;
const MAX_RULES = 31; // knock-out flags travel as the bits of one 32-bit integer
const BLOCK = 256; // rows per block: a block's columns stay in cache while its rows are added up

/** How one field's column is read. */
interface Column {
  spec: FieldSpec;
  index: number; // position in FIELDS
  col: number; // position in the row, -1 when the table has no such column
  full: boolean; // false for columns that only decide whether a row is empty (names and ids)
  uses: number; // which of the block's arrays the scoring reads for this field (USES_* bits)
  numeric: boolean;
  field: CompiledField | null; // null for fields that are not scored
  rules: number[]; // knock-out rules on this field
  texts: Map<string, Outcome>;
  numbers: Map<number, Outcome>;
  absent: Outcome;
}

const USES_G = 1;
const USES_NUM = 2;
const USES_LEVEL = 4;
const USES_OK = 8;
const USES_KNOCKS = 16;

const FIELD_INDEX = new Map<FieldKey, number>(FIELDS.map((f, i) => [f.key, i]));
const at = (key: FieldKey): number => FIELD_INDEX.get(key)!;
const F = {
  customization: at("customization"),
  rfp: at("rfp"),
  rfpQuestions: at("rfpQuestions"),
  developmentSize: at("developmentSize"),
  interactions: at("interactions"),
  alternatives: at("alternatives"),
  dealValue: at("dealValue"),
  solutionAvailability: at("solutionAvailability"),
  roadmapDate: at("roadmapDate"),
};
/** What the effort, the roadmap discount and the knock-outs read from each field, beyond its goodness. */
const READS = new Map<number, number>([
  [F.customization, USES_OK | USES_LEVEL],
  [F.rfp, USES_OK | USES_LEVEL],
  [F.solutionAvailability, USES_LEVEL],
  [F.rfpQuestions, USES_NUM],
  [F.developmentSize, USES_NUM],
  [F.interactions, USES_NUM],
  [F.alternatives, USES_NUM],
  [F.dealValue, USES_OK | USES_NUM],
  [F.roadmapDate, USES_OK | USES_NUM],
]);
const levelIndex = (field: number, key: string): number =>
  (FIELDS[field].levels ?? []).findIndex((l) => l.key === key);

/** The blocks' working arrays, one slice of BLOCK per field. */
interface Block {
  nonBlank: Uint8Array;
  ok: Uint8Array;
  g: Float64Array;
  num: Float64Array;
  level: Int8Array;
  knocks: Int32Array;
}

class TableScorer {
  private readonly c: CompiledModel;
  private readonly columns: Column[];
  private readonly block: Block;
  private readonly at: Int32Array; // SCORED_FIELDS position → start of its goodness in the block
  private readonly sums = {
    effort: new Float64Array(BLOCK),
    effortG: new Float64Array(BLOCK),
    score: new Float64Array(BLOCK),
    risk: new Float64Array(BLOCK),
    components: new Float64Array(RISK_COMPONENTS.length * BLOCK),
    scratch: new Float64Array(BLOCK),
  };
  private readonly parts = [0, 0, 0, 0];
  private readonly customizations: CustomizationEffort[]; // by level index
  private readonly defaultCustomization: CustomizationEffort;
  private readonly yes: number;
  private readonly onRoadmap: number;
  private readonly roadmapPossible: boolean;

  constructor(
    private readonly model: ScoringModel,
    readonly asOf: number,
  ) {
    const c = (this.c = compile(model));
    const knockFields = new Set<FieldKey>(c.knockOuts.map((k) => k.field));
    const unlessFields = new Set<FieldKey>(
      c.knockOuts.flatMap((k) => (k.unlessPresent ? [k.unlessPresent] : [])),
    );
    this.columns = FIELDS.map((spec, index): Column => {
      const scored = (SCORED_INDEX as Record<string, number | undefined>)[spec.key];
      const field = scored === undefined ? null : c.fields[scored];
      const uses =
        (field ? USES_G : 0) |
        (READS.get(index) ?? 0) |
        (unlessFields.has(spec.key) ? USES_OK : 0) |
        (knockFields.has(spec.key) ? USES_KNOCKS : 0);
      const column: Column = {
        spec,
        index,
        col: -1,
        full: uses !== 0,
        uses,
        numeric: isNumericKind(spec),
        field,
        rules: c.knockOuts.flatMap((k, i) => (k.field === spec.key ? [i] : [])),
        texts: new Map(),
        numbers: new Map(),
        absent: null as unknown as Outcome,
      };
      column.absent = this.outcome(column, parseCell(spec.key, null), true);
      return column;
    });
    this.at = Int32Array.from(c.fields, (f) => at(f.key) * BLOCK);
    const n = FIELDS.length;
    this.block = {
      nonBlank: new Uint8Array(BLOCK),
      ok: new Uint8Array(n * BLOCK),
      g: new Float64Array(n * BLOCK),
      num: new Float64Array(n * BLOCK),
      level: new Int8Array(n * BLOCK),
      knocks: new Int32Array(BLOCK),
    };
    this.customizations = (FIELDS[F.customization].levels ?? []).map((l) =>
      customizationEffort(model.effort, l.key as Customization),
    );
    this.defaultCustomization = customizationEffort(model.effort, model.effort.defaults.customization);
    this.yes = levelIndex(F.rfp, "yes");
    this.onRoadmap = levelIndex(F.solutionAvailability, "onRoadmap");
    this.roadmapPossible = c.fields[SCORED_INDEX.solutionAvailability].levels?.has("onRoadmap") ?? false;
  }

  private outcome(column: Column, v: FieldValue, blank: boolean): Outcome {
    const ok = v.status === "ok";
    const value = ok ? v.value : null;
    return {
      blank,
      ok,
      g: column.field ? valueGoodness(column.field, v, this.asOf) : 0,
      num: typeof value === "number" ? value : NaN,
      level: typeof value === "string" ? levelIndex(column.index, value) : -1,
      knocks: value === null ? 0 : this.knocksOf(column, value),
    };
  }

  /** The knock-out rules on this field that a recognised value trips, as bits. */
  private knocksOf(column: Column, value: number | string | boolean): number {
    let knocks = 0;
    for (const k of column.rules) if (knockOutHits(this.c.knockOuts[k], value)) knocks |= 1 << k;
    return knocks;
  }

  private textOutcome(column: Column, cell: string): Outcome {
    if (column.texts.size >= MEMO_LIMIT) column.texts.clear();
    const o = this.outcome(column, parseCell(column.spec.key, cell), cell.trim() === "");
    column.texts.set(cell, o);
    return o;
  }

  /** Numbers in level fields, booleans, dates, errors and blanks. */
  private otherOutcome(column: Column, cell: Cell): Outcome {
    if (cell === null || cell === undefined) return column.absent;
    if (typeof cell !== "number") return this.outcome(column, parseCell(column.spec.key, cell), false);
    let hit = column.numbers.get(cell);
    if (hit === undefined) {
      if (column.numbers.size >= MEMO_LIMIT) column.numbers.clear();
      hit = this.outcome(column, parseCell(column.spec.key, cell), false);
      column.numbers.set(cell, hit);
    }
    return hit;
  }

  /** Reads one column of a block of rows into the block's arrays. */
  private readColumn(column: Column, rows: readonly (readonly Cell[])[], from: number, count: number): void {
    const b = this.block;
    const base = column.index * BLOCK;
    const col = column.col;
    if (col < 0) {
      const a = column.absent;
      b.ok.fill(0, base, base + count);
      b.g.fill(a.g, base, base + count);
      b.num.fill(NaN, base, base + count);
      b.level.fill(-1, base, base + count);
      return;
    }
    if (!column.full) {
      for (let r = 0; r < count; r++) if (!isBlankCell(rows[from + r][col])) b.nonBlank[r] = 1;
      return;
    }
    // Only what the scoring reads from this field is written: most columns give goodness alone.
    const uses = column.uses;
    const { nonBlank, ok, g, num, level, knocks } = b;
    const texts = column.texts;
    const numeric = column.numeric;
    for (let r = 0; r < count; r++) {
      const cell = rows[from + r][col];
      let o: Outcome;
      if (typeof cell === "string") {
        const hit = texts.get(cell);
        o = hit !== undefined ? hit : this.textOutcome(column, cell);
        if (!o.blank) nonBlank[r] = 1;
      } else if (typeof cell === "number" && numeric) {
        nonBlank[r] = 1;
        const n = numericValue(column.spec, cell);
        if (n !== n) o = column.absent;
        else {
          if (uses & USES_G) g[base + r] = recognisedGoodness(column.field!, n, this.asOf);
          if (uses & USES_OK) ok[base + r] = 1;
          if (uses & USES_NUM) num[base + r] = n;
          if (uses & USES_KNOCKS) knocks[r] |= this.knocksOf(column, n);
          continue;
        }
      } else {
        o = this.otherOutcome(column, cell);
        if (!o.blank) nonBlank[r] = 1;
      }
      if (uses & USES_G) g[base + r] = o.g;
      if (uses === USES_G) continue;
      if (uses & USES_OK) ok[base + r] = o.ok ? 1 : 0;
      if (uses & USES_NUM) num[base + r] = o.num;
      if (uses & USES_LEVEL) level[base + r] = o.level;
      if (uses & USES_KNOCKS) knocks[r] |= o.knocks;
    }
  }

  /**
   * Scores rows[from, from + count), count ≤ BLOCK, into results. Each step runs over the whole block, so the
   * arithmetic is tight loops over typed arrays; each row's sums are still taken in the same order as
   * evaluate() takes them, so the floating-point results are the same to the last bit.
   */
  private scoreBlock(
    rows: readonly (readonly Cell[])[],
    from: number,
    count: number,
    out: ScoreColumns,
  ): void {
    const b = this.block;
    b.nonBlank.fill(0);
    b.knocks.fill(0);
    for (const column of this.columns) this.readColumn(column, rows, from, count);
    const c = this.c;
    const model = this.model;
    const B = BLOCK;
    const { g, num, level, ok } = b;

    if (this.roadmapPossible) {
      const sa = F.solutionAvailability * B;
      const rd = F.roadmapDate * B;
      for (let r = 0; r < count; r++)
        if (level[sa + r] === this.onRoadmap)
          g[sa + r] = roadmapGoodness(c, g[sa + r], ok[rd + r] === 1, num[rd + r], this.asOf);
    }

    const e = model.effort;
    const d = e.defaults;
    const { effort, effortG, score } = this.sums;
    const cu = F.customization * B;
    const rf = F.rfp * B;
    const dv = F.dealValue * B;
    for (let r = 0; r < count; r++) {
      const rfp = ok[rf + r] === 1 ? level[rf + r] === this.yes : d.rfp;
      const total = effortDays(
        e,
        ok[cu + r] === 1 ? this.customizations[level[cu + r]] : this.defaultCustomization,
        rfp,
        numberOr(num[F.rfpQuestions * B + r], d.rfpQuestions),
        numberOr(num[F.developmentSize * B + r], d.developmentSize),
        numberOr(num[F.interactions * B + r], d.interactions),
        numberOr(num[F.alternatives * B + r], d.alternatives),
        this.parts,
      );
      effort[r] = total;
      effortG[r] = bidCostGoodness(
        model,
        Math.round(total * e.dayRate),
        ok[dv + r] === 1 ? num[dv + r] : null,
      );
    }

    // The score: the baseline plus each factor's points, added in SCORED_FIELDS order then bid effort.
    const coef = c.coef;
    const n = c.fields.length;
    score.fill(BASELINE, 0, count);
    for (let i = 0; i < n; i++) {
      const k = coef[i];
      const base = this.at[i];
      for (let r = 0; r < count; r++) score[r] += k * (g[base + r] - 0.5);
    }
    for (let r = 0; r < count; r++) score[r] = round1(score[r] + coef[n] * (effortG[r] - 0.5));

    const { risk, components, scratch } = this.sums;
    riskColumns(c, g, this.at, count, risk, components, B, scratch);

    const knockOuts = c.knockOuts;
    for (let r = 0; r < count; r++) {
      const row = from + r;
      if (b.nonBlank[r] === 0) continue; // an empty row stays as emptyColumns left it
      let worst = components[r];
      for (let k = 1; k < c.components.length; k++)
        if (components[k * B + r] > worst) worst = components[k * B + r];
      let knocked = false;
      const knocks = b.knocks[r];
      for (let k = 0; knocks !== 0 && k < knockOuts.length && !knocked; k++) {
        if ((knocks & (1 << k)) === 0) continue;
        const unless = knockOuts[k].unlessPresent;
        knocked = !(unless && ok[at(unless) * B + r] === 1);
      }
      const s = score[r];
      out.verdict[row] = verdictFrom(model, s, risk[r], worst, knocked);
      out.grade[row] = gradeOf(model, s);
      out.score[row] = s;
      out.risk[row] = risk[r];
      out.effort[row] = effort[r];
    }
  }

  score(rows: readonly (readonly Cell[])[], mapping: HeaderMapping): ScoreColumns {
    for (const column of this.columns) column.col = mapping.columns[column.spec.key] ?? -1;
    const n = rows.length;
    const out = emptyColumns(n);
    for (let from = 0; from < n; from += BLOCK) this.scoreBlock(rows, from, Math.min(BLOCK, n - from), out);
    return out;
  }
}

function numberOr(n: number, fallback: number): number {
  return n === n ? n : fallback;
}

/**
 * Score-only results, one column per output. Row i is empty (nothing in any recognised field) when
 * verdict[i] is null; its numbers are then NaN. Columns, not one object per row: a shell writes them back as
 * columns, and 100,000 small objects would cost more than the scoring itself.
 */
export interface ScoreColumns {
  length: number;
  verdict: (Verdict | null)[];
  grade: (Grade | null)[];
  score: Float64Array;
  risk: Float64Array;
  effort: Float64Array;
}

/** Columns for n rows, every row empty until it is scored. */
function emptyColumns(n: number): ScoreColumns {
  return {
    length: n,
    verdict: new Array<Verdict | null>(n).fill(null),
    grade: new Array<Grade | null>(n).fill(null),
    score: new Float64Array(n).fill(NaN),
    risk: new Float64Array(n).fill(NaN),
    effort: new Float64Array(n).fill(NaN),
  };
}

/** A model with more knock-out rules than flag bits is scored one row at a time: same results, slower. */
function rowByRow(
  rows: readonly (readonly Cell[])[],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
): ScoreColumns {
  const out = emptyColumns(rows.length);
  const columns = Object.values(mapping.columns) as number[];
  rows.forEach((row, i) => {
    if (columns.every((col) => isBlankCell(row[col]))) return;
    const s = scoreOpportunity(readOpportunity(row, mapping), model, { asOf });
    out.verdict[i] = s.verdict;
    out.grade[i] = s.grade;
    out.score[i] = s.score;
    out.risk[i] = s.risk;
    out.effort[i] = s.effort;
  });
  return out;
}

/** Row i of score columns as one Scores object, or null for an empty row. */
export function scoresAt(columns: ScoreColumns, i: number): Scores | null {
  const verdict = columns.verdict[i];
  if (verdict === null) return null;
  return {
    verdict,
    score: columns.score[i],
    grade: columns.grade[i]!,
    risk: columns.risk[i],
    effort: columns.effort[i],
  };
}

// One scorer per model, kept while the model lives: its memos of what each text means carry over from one
// call to the next, as a workbook recalculates over the same words. A new day (asOf) starts afresh, since dates
// are worth less as they come closer.
const scorers = new WeakMap<ScoringModel, TableScorer>();

/** Scores of every row, exactly as scoreOpportunity gives them row by row. */
export function scoreRows(
  rows: readonly (readonly Cell[])[],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
): ScoreColumns {
  if (compile(model).knockOuts.length > MAX_RULES) return rowByRow(rows, mapping, model, asOf);
  let scorer = scorers.get(model);
  if (scorer === undefined || scorer.asOf !== asOf) {
    scorer = new TableScorer(model, asOf);
    scorers.set(model, scorer);
  }
  return scorer.score(rows, mapping);
}

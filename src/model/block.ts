// A block: up to BLOCK rows held column by column, what the plan reads from their cells (status, number, level,
// goodness of every field) and what evaluate() works out for them. Table rows are read into one block at a
// time; the counterfactual fills a block with variants of its rows. Plain typed arrays, allocated once per plan.
import { FIELDS } from "./fields";
import { isBlankCell, numericValue, quickNumber } from "./parse";
import {
  otherOutcome,
  RISK_COMPONENTS,
  unseenTextOutcome,
  valueGoodness,
  OK,
  UNRECOGNISED,
  type FieldPlan,
  type ModelPlan,
  type Outcome,
} from "./plan";
import { interpolate } from "./curve";
import type { ValueTally } from "./value-tally";
import type { Cell } from "./types";

/**
 * Where a row's deal stands (Block.stage), from its stage, closed and won columns: an open pursuit (or nothing
 * says otherwise), closed and won, closed and lost, or closed without saying how.
 */
export const STAGE_OPEN = 0;
export const STAGE_WON = 1;
export const STAGE_LOST = 2;
export const STAGE_CLOSED = 3;

export const BLOCK = 256;
const F = FIELDS.length;

export class Block {
  // What was read, field i of row r at i * BLOCK + r.
  readonly st = new Uint8Array(F * BLOCK);
  readonly num = new Float64Array(F * BLOCK);
  readonly lvl = new Int8Array(F * BLOCK);
  /** Goodness of scored fields; slot F holds Solution Availability after the roadmap discount. */
  readonly g = new Float64Array((F + 1) * BLOCK);
  readonly ref: (Outcome | null)[] = new Array<Outcome | null>(F * BLOCK).fill(null);
  readonly nonBlank = new Uint8Array(BLOCK);
  readonly stage = new Uint8Array(BLOCK); // STAGE_* of each row
  // What evaluate() works out, row r at r (components and parts: k * BLOCK + r).
  readonly effort = new Float64Array(BLOCK);
  readonly parts = new Float64Array(4 * BLOCK);
  readonly bidCost = new Float64Array(BLOCK);
  readonly effortG = new Float64Array(BLOCK);
  readonly score = new Float64Array(BLOCK); // rounded to 0.1
  readonly pointSum = new Float64Array(BLOCK); // the factors' unrounded points, added up
  readonly risk = new Float64Array(BLOCK);
  readonly components = new Float64Array(RISK_COMPONENTS.length * BLOCK);
  readonly scratch = new Float64Array(BLOCK);
  readonly partScratch = [0, 0, 0, 0]; // one row's effort parts, copied out straight away
  readonly knocks: Uint8Array; // rule k trips for row r at k * BLOCK + r
  readonly knocked = new Uint8Array(BLOCK);
  readonly unsure = new Uint8Array(BLOCK); // 1: Qualified on assumptions only, so Conditional until data is known
  readonly known = new Float64Array(BLOCK); // share of the model's weight read from real values, 0–1
  readonly verdict = new Uint8Array(BLOCK); // index into VERDICTS
  // With a learned win model only (win-rule.ts): each row's win probability (0–1), and 1 where the model's
  // minimum win probability alone kept the row from Qualified.
  readonly win = new Float64Array(BLOCK);
  readonly winBlocked = new Uint8Array(BLOCK);

  /** The column plan whose absent fields fillAbsent filled, in rows [0, absentRows); readRows of others forgets. */
  absentFor: ColumnPlan | null = null;
  absentRows = 0;

  constructor(rules: number) {
    this.knocks = new Uint8Array(Math.max(1, rules) * BLOCK);
  }
}

/** How much of a field's cells is read: what a row's scoring and explanation need of it, and no more. */
export const READ_BLANK = 0; // names and ids no rule reads: only whether the cell is blank
export const READ_GOODNESS = 1; // goodness and status only: fields that feed no rule but score, risk, confidence
export const READ_VALUE = 2; // status, number and level too: fields the rules read (effort, knock-outs, roadmap)
export const READ_ALL = 3; // and the cell's outcome, to word its reason: rows that are explained

/** Which column of the row holds each field (FIELDS order), -1 for none; and how much of it is read. */
export interface ColumnPlan {
  columns: Int32Array;
  read: Uint8Array; // READ_* by field
}

/** Reads rows[from, from + count) into the block (after fillAbsent for the fields the table lacks). */
export function readRows(
  plan: ModelPlan,
  block: Block,
  rows: readonly (readonly Cell[])[],
  from: number,
  count: number,
  cols: ColumnPlan,
  asOf: number,
  tally: ValueTally | null = null,
): void {
  block.nonBlank.fill(0, 0, count);
  if (block.absentFor !== cols) block.absentFor = null; // it writes fields another plan filled as absent
  let blankOnly = false;
  for (const f of plan.fields) {
    const col = cols.columns[f.index];
    if (col < 0) continue; // see fillAbsent
    if (cols.read[f.index] === READ_BLANK) blankOnly = true;
    else readColumn(f, block, rows, from, count, col, asOf, cols.read[f.index], tally);
  }
  // Columns read only to tell a blank row (id, name, customer): after the others, so that only the rows still
  // blank in every read field are looked at there, the few a table has.
  if (blankOnly) {
    const { nonBlank } = block;
    for (const f of plan.fields) {
      const col = cols.columns[f.index];
      if (col < 0 || cols.read[f.index] !== READ_BLANK) continue;
      for (let r = 0; r < count; r++)
        if (nonBlank[r] === 0 && !isBlankCell(rows[from + r][col])) nonBlank[r] = 1;
    }
  }
  readStage(plan, block, count, cols);
}

/** What the CRM itself says of row r: where the deal stands, and its own estimate, to show beside ours. */
export interface CrmView {
  stage: number; // STAGE_*
  probability: number | null; // 0..1
  forecast: string | null; // a Forecast Category level key
}

export function crmViewAt(plan: ModelPlan, b: Block, r: number): CrmView {
  const p = plan.at.probability * BLOCK + r;
  const f = plan.at.forecastCategory * BLOCK + r;
  const levels = plan.fields[plan.at.forecastCategory].levelKeys;
  return {
    stage: b.stage[r],
    probability: b.st[p] === OK ? b.num[p] : null,
    forecast: b.st[f] === OK && b.lvl[f] >= 0 ? levels[b.lvl[f]] : null,
  };
}

/**
 * Each row's stage: its stage column's level when it says one; else the CRM's flags (won; closed and not won is
 * lost; closed alone is closed); else open. A "not won" flag alone says nothing: open deals are not won either.
 */
function readStage(plan: ModelPlan, block: Block, count: number, cols: ColumnPlan): void {
  const { stage: s, closed: c, won: w } = plan.at;
  if (cols.columns[s] < 0 && cols.columns[c] < 0 && cols.columns[w] < 0) {
    block.stage.fill(STAGE_OPEN, 0, count);
    return;
  }
  const { st, lvl } = block;
  const [S, C, W] = [s * BLOCK, c * BLOCK, w * BLOCK];
  for (let r = 0; r < count; r++) {
    const level = st[S + r] === OK ? lvl[S + r] : -1; // open, won, lost (fields.ts order)
    const won = st[W + r] === OK ? lvl[W + r] : -1; // no, yes
    const closed = st[C + r] === OK ? lvl[C + r] : -1; // no, yes
    block.stage[r] =
      level === 0
        ? STAGE_OPEN
        : level === 1
          ? STAGE_WON
          : level === 2
            ? STAGE_LOST
            : won === 1
              ? STAGE_WON
              : closed === 1
                ? won === 0
                  ? STAGE_LOST
                  : STAGE_CLOSED
                : STAGE_OPEN;
  }
}

/**
 * Fills the fields the table has no column for, as missing, for the first `rows` rows of the block (all of them
 * by default). readRows never writes them, so once before reading a table's rows is enough; a table of one row
 * (a one-row formula) fills one.
 */
export function fillAbsent(plan: ModelPlan, block: Block, cols: ColumnPlan, rows = BLOCK): void {
  const n = Math.min(rows, BLOCK);
  // Filled already for these columns (the same formula recalculating, row after row): nothing has written them.
  if (block.absentFor === cols && block.absentRows >= n) return;
  block.absentFor = cols;
  block.absentRows = n;
  for (const f of plan.fields) {
    if (cols.columns[f.index] >= 0) continue;
    const a = f.index * BLOCK;
    const o = f.absent;
    block.st.fill(o.st, a, a + n);
    block.num.fill(NaN, a, a + n);
    block.lvl.fill(-1, a, a + n);
    block.g.fill(f.missing, a, a + n);
    block.ref.fill(o, a, a + n);
  }
}

/** What a cell means, as the fields read it: a number on the field's axis read directly, else NaN. */
function directNumber(f: FieldPlan, cell: Cell): number {
  if (typeof cell === "number") return f.numeric ? numericValue(f.spec, cell) : NaN;
  if (typeof cell === "string" && f.plainNumbers) return quickNumber(f.spec, cell);
  return NaN;
}

/**
 * Reads one column of the block's rows: goodness (of a scored field), and with READ_VALUE the status, number and
 * level the rules read, and with READ_ALL each cell's outcome too (to word its reason). Most fields of a
 * score-only run read goodness alone: one store per cell.
 */
function readColumn(
  f: FieldPlan,
  block: Block,
  rows: readonly (readonly Cell[])[],
  from: number,
  count: number,
  col: number,
  asOf: number,
  read: number,
  tally: ValueTally | null,
): void {
  const a = f.index * BLOCK;
  const { st, num, lvl, g, ref, nonBlank } = block;
  const scored = f.scored >= 0;
  const values = read >= READ_VALUE;
  const outcomes = read === READ_ALL;
  const curve = f.curve;
  const day = f.dated ? asOf : 0;
  const texts = f.texts.young;
  for (let r = 0; r < count; r++) {
    const cell = rows[from + r][col];
    const n = directNumber(f, cell);
    if (n === n) {
      // A number on the field's axis, read without the memo: the common case for amounts, counts and dates.
      nonBlank[r] = 1;
      st[a + r] = OK; // always: whether a value was read counts towards the row's confidence
      if (values) {
        num[a + r] = n;
        lvl[a + r] = -1;
        if (outcomes) ref[a + r] = null;
      }
      if (scored) g[a + r] = interpolate(curve!, n - day);
      continue;
    }
    // A text seen lately is found with one lookup, here; anything else through the field's plan.
    const o =
      typeof cell === "string" ? (texts.get(cell) ?? unseenTextOutcome(f, cell)) : otherOutcome(f, cell);
    if (!o.blank) nonBlank[r] = 1;
    st[a + r] = o.st;
    if (o.st === UNRECOGNISED && tally !== null) tally.add(f, o);
    if (values) {
      num[a + r] = o.num;
      lvl[a + r] = o.lvl;
      if (outcomes) ref[a + r] = o;
    }
    if (scored) g[a + r] = f.dated ? valueGoodness(f, o.st, o.num, o.lvl, asOf) : o.g;
  }
}

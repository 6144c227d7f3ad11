// The table service every shell calls: a header row (or a mapping the user chose) and data rows in, result
// columns and problems out. Rows are read into blocks through the model's plan, scored by evaluate(), and
// explained as far as the caller asks: numbers only, the rationale, or whole assessments (with the
// counterfactual when wanted). Scoring one opportunity is scoring a table of one.
import {
  Block,
  BLOCK,
  READ_ALL,
  READ_BLANK,
  READ_GOODNESS,
  READ_VALUE,
  fillAbsent,
  readRows,
  STAGE_CLOSED,
  STAGE_LOST,
  STAGE_OPEN,
  STAGE_WON,
  type ColumnPlan,
} from "./block";
import { CounterfactualSearch, type InputsOf } from "./counterfactual";
import { currencyCode, currencyOfText } from "./currency";
import { evaluate, goodnessSlots } from "./evaluate";
import { confidenceAt, dealValueAt, Explainer } from "./explain";
import { FIELDS } from "./fields";
import { CURRENCY_HEADERS, matchHeaders, normaliseHeader, recognisedCount } from "./headers";
import { fieldIndex, planFor, type ModelPlan } from "./plan";
import { problem, type Problem } from "./problems";
import { gradeOf, VERDICTS } from "./score";
import { ValueTally, type UnrecognisedValues } from "./value-tally";
import type { ScoringModel } from "./schema";
import { winDriversAt, winPlanOf, winText } from "./win-probability";
import type {
  Assessment,
  Cell,
  FieldKey,
  Grade,
  HeaderMapping,
  OpportunityTable,
  Scores,
  Verdict,
} from "./types";

/**
 * How much a shell wants to know of each row: the numbers (verdict, score, grade, risk, effort), also the
 * rationale, or whole assessments (drivers with their reasons, risk components, effort parts, missing data).
 */
export type Detail = "scores" | "rationale" | "assessments";

export interface QualifyOptions {
  model: ScoringModel;
  asOf: number; // Excel serial date of "today", for time pressure and roadmap distance
  mapping?: HeaderMapping; // a mapping the user chose; the headers' own otherwise
  sample?: readonly (readonly Cell[])[]; // first data rows: their values decide headers that could name two fields
  detail?: Detail; // "scores" by default
  counterfactual?: boolean; // also what would make each row Qualified (a search: costs more than the rest)
}

/**
 * Results, one column per output. Row i is empty (nothing in any recognised field) when verdict[i] is null; its
 * numbers are then NaN. Columns, not one object per row: shells write them back as columns, and 100,000 small
 * objects would cost more than the scoring itself.
 */
export interface QualificationColumns {
  length: number;
  verdict: (Verdict | null)[];
  grade: (Grade | null)[];
  score: Float64Array;
  risk: Float64Array;
  effort: Float64Array;
  dealValue: Float64Array; // NaN when unknown
  confidence: Float64Array; // share of the model's weight read from real values, in whole percent 0–100
  /**
   * "Closed won", "Closed lost" or "Closed" for a deal that is no longer open (its verdict is what it would be as
   * an open pursuit: shells show it as history, not as a verdict), null for an open or empty row.
   */
  closed: (string | null)[];
  /** The deal value's currency (ISO code) when its text or a currency column names one; null: the base. */
  currency: (string | null)[];
  rationale: (string | null)[] | null; // detail "rationale" or "assessments"
  counterfactual: (string | null)[] | null; // with options.counterfactual: null for qualified and empty rows
  /**
   * With options.counterfactual: what to do next, the counterfactual of a Conditional or Not qualified row, the
   * fields to collect first for one that needs information; null for Qualified and empty rows.
   */
  nextStep: (string | null)[] | null;
  assessments: (Assessment | null)[] | null; // detail "assessments"
  // Only with a learned win model (the model's winModel section); absent otherwise.
  winProbability?: Float64Array; // 0–1
  expectedValue?: Float64Array; // win probability × deal value − bid cost; NaN when the deal value is unknown
  winRationale?: (string | null)[]; // detail "rationale" or "assessments": "Win 34 %: Financing Unsecured (−18 pts…"
}

export interface TableQualifier {
  mapping: HeaderMapping;
  /** Why the table cannot be qualified (no field recognised); rows() then gives empty results. */
  problems: Problem[];
  /** Qualifies rows under the headers; call it with chunks of a long table, in any order. */
  rows(rows: readonly (readonly Cell[])[]): QualificationColumns;
  /** The values not recognised so far in each mapped column, with how many rows hold each (value-tally.ts). */
  unrecognised(): UnrecognisedValues[];
}

/** Row i of result columns as one Scores object, or null for an empty row. */
export function scoresAt(columns: QualificationColumns, i: number): Scores | null {
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

function emptyColumns(n: number, detail: Detail, counterfactual: boolean): QualificationColumns {
  return {
    length: n,
    verdict: new Array<Verdict | null>(n).fill(null),
    grade: new Array<Grade | null>(n).fill(null),
    score: new Float64Array(n).fill(NaN),
    risk: new Float64Array(n).fill(NaN),
    effort: new Float64Array(n).fill(NaN),
    dealValue: new Float64Array(n).fill(NaN),
    confidence: new Float64Array(n).fill(NaN),
    closed: new Array<string | null>(n).fill(null),
    currency: new Array<string | null>(n).fill(null),
    rationale: detail === "scores" ? null : new Array<string | null>(n).fill(null),
    counterfactual: counterfactual ? new Array<string | null>(n).fill(null) : null,
    nextStep: counterfactual ? new Array<string | null>(n).fill(null) : null,
    assessments: detail === "assessments" ? new Array<Assessment | null>(n).fill(null) : null,
  };
}

/**
 * Which column holds each field, and how much of it to read: every field a rule reads (and, for the
 * counterfactual, every field it may change) with its value; the others by their goodness alone when only
 * numbers are wanted, in full when rows are explained; names and ids only for whether they are blank.
 */
function columnPlan(
  plan: ModelPlan,
  mapping: HeaderMapping,
  detail: Detail,
  counterfactual: boolean,
): ColumnPlan {
  // Formulas ask again and again with the same columns (often the same mapping object): each layout's plan is
  // remembered with the model's.
  const how = `${detail}|${counterfactual ? 1 : 0}`;
  // Only a frozen mapping is known by its identity: one that can change must be read again.
  const frozen = Object.isFrozen(mapping) && Object.isFrozen(mapping.columns);
  let mine = frozen ? plan.derived.byMapping.get(mapping) : undefined;
  const same = mine?.get(how);
  if (same) return same;
  const columns = Int32Array.from(FIELDS, (f) => mapping.columns[f.key] ?? -1);
  const key = `${how}|${columns.join(",")}`;
  const known = plan.derived.columnPlans.get(key);
  if (!mine && frozen) plan.derived.byMapping.set(mapping, (mine = new Map()));
  if (known) {
    mine?.set(how, known);
    return known;
  }
  const values = new Set(plan.ruleFields);
  // A learned win model reads its fields' values (levels, numbers), not only their goodness.
  for (const key of Object.keys(plan.model.winModel?.fields ?? {})) values.add(fieldIndex(key as FieldKey));
  if (counterfactual)
    for (const key of Object.keys(plan.model.counterfactual.changeable))
      values.add(fieldIndex(key as FieldKey));
  const made: ColumnPlan = {
    columns,
    read: Uint8Array.from(plan.fields, (f) =>
      f.spec.kind === "text" && !values.has(f.index)
        ? READ_BLANK
        : detail !== "scores" || counterfactual // a counterfactual words the inputs behind its blockers
          ? READ_ALL
          : values.has(f.index) || f.scored < 0
            ? READ_VALUE
            : READ_GOODNESS,
    ),
  };
  if (plan.derived.columnPlans.size >= 256) plan.derived.columnPlans.clear();
  plan.derived.columnPlans.set(key, made);
  mine?.set(how, made);
  return made;
}

/** Prepares to qualify rows under a header row: finds the fields once, for every chunk of rows that follows. */
export function tableQualifier(headers: readonly Cell[], options: QualifyOptions): TableQualifier {
  const mapping = options.mapping ?? matchHeaders(headers, { model: options.model, sample: options.sample });
  const detail = options.detail ?? "scores";
  const counterfactual = options.counterfactual === true;
  const problems: Problem[] =
    recognisedCount(mapping) === 0 ? [problem("table.noFields", { headers: headerTexts(headers) })] : [];
  const plan = planFor(options.model);
  const cols = columnPlan(plan, mapping, detail, counterfactual);
  const slots = (plan.derived.slots ??= goodnessSlots(plan));
  const asOf = options.asOf;
  const block = (plan.blocks.rows ??= new Block(plan.knockOuts.length));
  const explainer = detail === "scores" && !counterfactual ? null : new Explainer(plan, cols.columns);
  const dealColumn = cols.columns[plan.at.dealValue];
  const currencyColumn =
    mapping.currency ?? headers.findIndex((h) => CURRENCY_HEADERS.has(normaliseHeader(h)));
  const search = counterfactual ? new CounterfactualSearch(plan, slots) : null;
  const model = plan.model;
  const tally = new ValueTally();
  const win = winPlanOf(plan);

  return {
    mapping,
    problems,
    unrecognised: () => tally.columns(plan.fields, mapping, headers),
    rows(rows) {
      const n = rows.length;
      const out = emptyColumns(n, detail, counterfactual);
      if (win) {
        out.winProbability = new Float64Array(n).fill(NaN);
        out.expectedValue = new Float64Array(n).fill(NaN);
        if (detail !== "scores") out.winRationale = new Array<string | null>(n).fill(null);
      }
      if (problems.length > 0) return out;
      fillAbsent(plan, block, cols, n);
      for (let from = 0; from < n; from += BLOCK) {
        const count = Math.min(BLOCK, n - from);
        readRows(plan, block, rows, from, count, cols, asOf, tally);
        evaluate(plan, block, count, asOf, slots, counterfactual);
        for (let r = 0; r < count; r++) {
          if (block.nonBlank[r] === 0) continue; // an empty row stays as emptyColumns left it
          const i = from + r;
          const score = block.score[r];
          out.verdict[i] = VERDICTS[block.verdict[r]];
          out.grade[i] = gradeOf(model, score);
          out.score[i] = score;
          out.risk[i] = block.risk[r];
          out.effort[i] = block.effort[r];
          const deal = dealValueAt(plan, block, r);
          if (deal !== null) {
            out.dealValue[i] = deal;
            out.currency[i] = currencyAt(rows[i], dealColumn, currencyColumn);
          }
          out.confidence[i] = confidenceAt(block, r);
          const closed = closedLabel(block.stage[r]);
          out.closed[i] = closed;
          if (out.nextStep) out.nextStep[i] = closed ?? explainer!.nextStep(block, r);
          let winWords: string | null = null;
          if (win) {
            const p = block.win[r]; // evaluate() worked it out (win-rule.ts)
            out.winProbability![i] = p;
            if (deal !== null) out.expectedValue![i] = p * deal - block.bidCost[r];
            if (out.winRationale) out.winRationale[i] = winWords = winText(p, winDriversAt(win, block, r));
          }
          if (explainer && out.rationale) {
            explainer.row(rows[i]);
            explainer.apportion(block, r, slots);
            let rationale = explainer.rationale(block, r, asOf);
            // A closed deal is history, not a pursuit: what it would have been as one, without time pressure.
            if (closed) rationale = `${closed}, not assessed as an open pursuit. As one: ${rationale}`;
            // The learned chance of winning, said only when the model learned one.
            if (winWords !== null) rationale = `${rationale} ${winWords}.`;
            out.rationale[i] = rationale;
            if (out.assessments) {
              const a = explainer.assessment(block, r, asOf, rationale);
              if (closed) {
                a.closed = closed;
                a.nextStep = closed;
              }
              if (winWords !== null) {
                const ev = out.expectedValue![i];
                a.win = {
                  probability: out.winProbability![i],
                  expectedValue: ev === ev ? ev : null,
                  currency: out.currency[i] ?? model.currency?.base ?? null,
                  text: winWords,
                };
              }
              out.assessments[i] = a;
            }
          }
        }
        if (search) {
          // The counterfactuals of the block's rows, searched together: their variants are scored as blocks too.
          const rowsHere: number[] = [];
          for (let r = 0; r < count; r++)
            if (block.nonBlank[r] === 1 && block.stage[r] === STAGE_OPEN) rowsHere.push(r);
          const inputsOf: InputsOf = (r, key, skip) => {
            explainer!.row(rows[from + r]);
            return explainer!.componentInputs(block, r, key, asOf, skip);
          };
          search.search(block, rowsHere, asOf, inputsOf).forEach((cf, n) => {
            const i = from + rowsHere[n];
            out.counterfactual![i] = cf?.text ?? null;
            if (cf) out.nextStep![i] = cf.text;
            const a = out.assessments?.[i];
            if (a && cf) {
              a.counterfactual = cf.text;
              a.changes = cf.changes;
              a.nextStep = cf.text;
            }
          });
        }
      }
      return out;
    },
  };
}

export interface TableQualification {
  mapping: HeaderMapping;
  problems: Problem[];
  results: QualificationColumns;
}

/** Qualifies every row of a table. */
export function qualifyTable(table: OpportunityTable, options: QualifyOptions): TableQualification {
  const q = tableQualifier(table.headers, options);
  return { mapping: q.mapping, problems: q.problems, results: q.rows(table.rows) };
}

/** A row's deal currency: named by its deal value's text, else by its currency column; null for the base. */
function currencyAt(row: readonly Cell[], deal: number, currency: number): string | null {
  const text = deal >= 0 ? row[deal] : null;
  return (
    (typeof text === "string" ? currencyOfText(text) : null) ??
    (currency >= 0 ? currencyCode(row[currency]) : null)
  );
}

/** What a closed row shows in place of a verdict; null for an open one. */
function closedLabel(stage: number): string | null {
  return stage === STAGE_WON
    ? "Closed won"
    : stage === STAGE_LOST
      ? "Closed lost"
      : stage === STAGE_CLOSED
        ? "Closed"
        : null;
}

/** The header texts as a user reads them, for messages: dates as dates, errors as Excel shows them. */
function headerTexts(headers: readonly Cell[]): string[] {
  return headers.map((h) =>
    h === null || h === undefined
      ? ""
      : h instanceof Date
        ? h.toISOString().slice(0, 10)
        : typeof h === "object"
          ? h.error
          : String(h),
  );
}

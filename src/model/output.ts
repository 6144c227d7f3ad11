// What every shell writes for an assessment: the output column names and the row of values under them,
// so a formula, the task pane and the CLI put exactly the same things in cells.
import type { Grade, OutputColumn, Verdict } from "./types";

/**
 * The result columns an output row is read from: the table service's QualificationColumns has them. Said here
 * by shape, so this module (which the engine's own modules import for round1) imports nothing that imports it.
 */
interface OutputSource {
  verdict: readonly (Verdict | null)[];
  grade: readonly (Grade | null)[];
  score: ArrayLike<number>;
  risk: ArrayLike<number>;
  effort: ArrayLike<number>;
  confidence: ArrayLike<number>;
  closed: readonly (string | null)[];
  rationale: readonly (string | null)[] | null;
  nextStep: readonly (string | null)[] | null;
  winProbability?: ArrayLike<number>;
  expectedValue?: ArrayLike<number>;
}

export const OUTPUT_COLUMNS: readonly OutputColumn[] = [
  "Verdict",
  "Score",
  "Grade",
  "Risk",
  "Effort (pd)",
  "Confidence (%)",
  "Rationale",
  "Next step",
];

/**
 * The columns written beside those only when the model in use has a learned win model: the win probability
 * (a fraction, which writers show as a percentage) and the expected value in the deal's own currency.
 */
export const WIN_COLUMNS: readonly OutputColumn[] = ["Win %", "Expected value"];

/** The columns a model's results are written to: the eight, and the win columns with a learned win model. */
export function outputColumnsFor(model: { winModel?: unknown }): readonly OutputColumn[] {
  return model.winModel ? [...OUTPUT_COLUMNS, ...WIN_COLUMNS] : OUTPUT_COLUMNS;
}

/** Every header this tool writes, for telling its own columns from a user's. */
export const ALL_OUTPUT_COLUMNS: readonly OutputColumn[] = [...OUTPUT_COLUMNS, ...WIN_COLUMNS];

export type OutputRow = [
  verdict: string,
  score: number,
  grade: string,
  risk: number,
  effort: number,
  confidence: number,
  rationale: string,
  nextStep: string,
];

/** A row's values under WIN_COLUMNS: the win probability and the expected value (null when unknown). */
export type WinRow = [win: number | null, expectedValue: number | null];

/**
 * Row i's output values, or null for an empty row. Results need the rationale (detail "rationale" or more) and
 * the next step (the counterfactual option). With `win` (the model has a learned win model) the row goes on
 * under WIN_COLUMNS.
 */
export function outputRowAt(results: OutputSource, i: number): OutputRow | null;
export function outputRowAt(
  results: OutputSource,
  i: number,
  win: boolean,
): (OutputRow | [...OutputRow, ...WinRow]) | null;
export function outputRowAt(
  results: OutputSource,
  i: number,
  win = false,
): (OutputRow | [...OutputRow, ...WinRow]) | null {
  const verdict = results.verdict[i];
  if (verdict === null) return null;
  const row: OutputRow = [
    results.closed[i] === null ? verdict : "", // a closed deal's verdict is history: its Next step says how it ended
    results.score[i],
    results.grade[i]!,
    results.risk[i],
    results.effort[i],
    results.confidence[i],
    results.rationale?.[i] ?? "",
    results.nextStep?.[i] ?? results.closed[i] ?? "",
  ];
  return win ? [...row, ...winValuesAt(results, i)] : row;
}

/**
 * Row i's win probability, to a tenth of a percent, and expected value, to a whole unit of its currency (money is
 * not shown finer, and the same rounding for every writer keeps CSV, xlsx and Excel equal). A closed deal has none:
 * its chance is decided.
 */
function winValuesAt(results: OutputSource, i: number): WinRow {
  const p = results.winProbability?.[i] ?? NaN;
  const ev = results.expectedValue?.[i] ?? NaN;
  if (results.closed[i] !== null || p !== p) return [null, null];
  return [Math.round(p * 1000) / 1000, ev === ev ? Math.round(ev) + 0 : null];
}

/** Numbers are kept to one decimal everywhere, so sums of drivers match the score a user sees. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * A number as the rationale shows it: to one decimal, without a trailing ".0" ("86", "70.8"). A number rounded to
 * tenths is k / 10 for a whole k, whose shortest decimal form is exactly that: String() is toFixed(1) without ".0".
 */
export function formatScore(x: number): string {
  const tenths = Math.round(x * 10);
  if (tenths >= -TENTHS && tenths <= TENTHS) return SHOWN[tenths + TENTHS];
  const r = tenths / 10;
  return r === 0 ? "0" : String(r);
}

// Scores, risks and points lie within ±100: their words are worked out once, not for every row.
const TENTHS = 1000;
const SHOWN: readonly string[] = Array.from({ length: 2 * TENTHS + 1 }, (_, k) =>
  k === TENTHS ? "0" : String((k - TENTHS) / 10),
);

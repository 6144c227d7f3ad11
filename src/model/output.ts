// What every shell writes for an assessment: the output column names and the row of values under them,
// so a formula, the task pane and the CLI put exactly the same things in cells.
import type { QualificationColumns } from "./qualify-table";
import type { OutputColumn } from "./types";

export const OUTPUT_COLUMNS: readonly OutputColumn[] = [
  "Verdict",
  "Score",
  "Grade",
  "Risk",
  "Effort (pd)",
  "Rationale",
];

export type OutputRow = [
  verdict: string,
  score: number,
  grade: string,
  risk: number,
  effort: number,
  rationale: string,
];

/** Row i's output values, or null for an empty row. Results need the rationale (detail "rationale" or more). */
export function outputRowAt(results: QualificationColumns, i: number): OutputRow | null {
  const verdict = results.verdict[i];
  if (verdict === null) return null;
  return [
    verdict,
    results.score[i],
    results.grade[i]!,
    results.risk[i],
    results.effort[i],
    results.rationale?.[i] ?? "",
  ];
}

/** Text that Excel or a CSV reader would take as a formula (OWASP CSV injection's list, plus tab and CR). */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
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

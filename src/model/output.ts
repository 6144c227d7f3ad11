// What every shell writes for an assessment: the output column names and the row of values under them,
// so a formula, the task pane and the CLI put exactly the same things in cells.
import type { Assessment, OutputColumn } from "./types";

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

export function outputRow(a: Assessment): OutputRow {
  return [a.verdict, a.score, a.grade, a.risk.total, a.effort.total, a.rationale];
}

/** Text that Excel or a CSV reader would take as a formula (OWASP CSV injection's list, plus tab and CR). */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/** Numbers are kept to one decimal everywhere, so sums of drivers match the score a user sees. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function formatScore(x: number): string {
  return round1(x).toFixed(1).replace(/\.0$/, "");
}

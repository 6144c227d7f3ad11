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
  rationale: readonly (string | null)[] | null;
  nextStep: readonly (string | null)[] | null;
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

/**
 * Row i's output values, or null for an empty row. Results need the rationale (detail "rationale" or more) and
 * the next step (the counterfactual option).
 */
export function outputRowAt(results: OutputSource, i: number): OutputRow | null {
  const verdict = results.verdict[i];
  if (verdict === null) return null;
  return [
    verdict,
    results.score[i],
    results.grade[i]!,
    results.risk[i],
    results.effort[i],
    results.confidence[i],
    results.rationale?.[i] ?? "",
    results.nextStep?.[i] ?? "",
  ];
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

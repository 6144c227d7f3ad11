// The pipeline summary every shell shows: how many opportunities and how much deal value fall under each
// verdict, and which ones need attention (not qualified or conditional) with what would change them.
import type { Assessment, Verdict } from "./types";

export const VERDICTS: readonly Verdict[] = ["Qualified", "Conditional", "Not qualified"];

export interface VerdictTotal {
  verdict: Verdict;
  count: number;
  value: number; // sum of known deal values
  unknownValue: number; // how many had no readable deal value
}

export interface PipelineSummary {
  totals: VerdictTotal[];
  count: number;
  value: number;
  attention: { index: number; assessment: Assessment }[]; // not qualified first, then conditional, by score
}

/** Summarises assessed rows; `index` in `attention` is the row's position in `results` (empty rows are null). */
export function summarise(results: readonly (Assessment | null)[]): PipelineSummary {
  const totals = VERDICTS.map((verdict) => ({ verdict, count: 0, value: 0, unknownValue: 0 }));
  const attention: PipelineSummary["attention"] = [];
  results.forEach((a, index) => {
    if (!a) return;
    const t = totals[VERDICTS.indexOf(a.verdict)];
    t.count += 1;
    if (a.subject.dealValue === null) t.unknownValue += 1;
    else t.value += a.subject.dealValue;
    if (a.verdict !== "Qualified") attention.push({ index, assessment: a });
  });
  const rank = (v: Verdict) => VERDICTS.indexOf(v);
  attention.sort(
    (x, y) =>
      rank(y.assessment.verdict) - rank(x.assessment.verdict) || y.assessment.score - x.assessment.score,
  );
  return {
    totals,
    count: totals.reduce((s, t) => s + t.count, 0),
    value: totals.reduce((s, t) => s + t.value, 0),
    attention,
  };
}

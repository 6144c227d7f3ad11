// The pipeline summary every shell shows: how many opportunities and how much deal value fall under each
// verdict, and which ones need attention (not qualified or conditional) with what would change them.
// Built row by row, so a shell can summarise a long file without keeping every assessment.
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
  attention: { index: number; assessment: Assessment }[]; // conditional (the near misses) first, then not qualified; best score first
}

export class SummaryBuilder {
  private totals = VERDICTS.map((verdict): VerdictTotal => ({
    verdict,
    count: 0,
    value: 0,
    unknownValue: 0,
  }));
  private attention: PipelineSummary["attention"] = [];

  /** `keepAttention: false` counts the row without keeping it (for long files). */
  add(a: Assessment, index: number, keepAttention = true): void {
    const t = this.totals[VERDICTS.indexOf(a.verdict)];
    t.count += 1;
    if (a.subject.dealValue === null) t.unknownValue += 1;
    else t.value += a.subject.dealValue;
    if (keepAttention && a.verdict !== "Qualified") this.attention.push({ index, assessment: a });
  }

  result(): PipelineSummary {
    const rank = (v: Verdict) => VERDICTS.indexOf(v);
    const attention = [...this.attention].sort(
      (x, y) =>
        rank(x.assessment.verdict) - rank(y.assessment.verdict) ||
        y.assessment.score - x.assessment.score ||
        x.index - y.index,
    );
    const totals = this.totals.map((t) => ({ ...t }));
    return {
      totals,
      count: totals.reduce((s, t) => s + t.count, 0),
      value: totals.reduce((s, t) => s + t.value, 0),
      attention,
    };
  }
}

/** Summarises assessed rows; `index` in `attention` is the row's position in `results` (empty rows are null). */
export function summarise(results: readonly (Assessment | null)[]): PipelineSummary {
  const b = new SummaryBuilder();
  results.forEach((a, index) => a && b.add(a, index));
  return b.result();
}

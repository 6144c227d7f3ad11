// The pipeline summary every shell shows: how many opportunities and how much deal value fall under each
// verdict, how much of the model the data informs, and which ones need attention (all but the qualified). Built chunk by chunk from result
// columns, so a shell can summarise a long file without keeping its rows.
import { VERDICTS } from "./score";
import type { QualificationColumns } from "./qualify-table";
import type { Verdict } from "./types";

export interface VerdictTotal {
  verdict: Verdict;
  count: number;
  value: number; // sum of known deal values
  unknownValue: number; // how many had no readable deal value
}

export interface AttentionItem {
  index: number; // the row's position in the rows summarised
  verdict: Verdict;
  score: number;
}

export interface PipelineSummary {
  totals: VerdictTotal[];
  count: number;
  value: number;
  confidence: number; // mean confidence of the opportunities counted, whole percent (0 when none)
  attention: AttentionItem[]; // conditional (the near misses) first, then not qualified; best score first
}

export class SummaryBuilder {
  private totals = VERDICTS.map((verdict): VerdictTotal => ({
    verdict,
    count: 0,
    value: 0,
    unknownValue: 0,
  }));
  private attention: AttentionItem[] = [];
  private confidenceSum = 0;

  /**
   * Counts a chunk of results whose first row is row `offset` of the whole; `keepAttention: false` counts them
   * without keeping the rows that need attention (for long files).
   */
  add(results: QualificationColumns, offset = 0, keepAttention = true): void {
    for (let i = 0; i < results.length; i++) {
      const verdict = results.verdict[i];
      if (verdict === null) continue;
      const t = this.totals[VERDICTS.indexOf(verdict)];
      t.count += 1;
      this.confidenceSum += results.confidence[i];
      const value = results.dealValue[i];
      if (value !== value) t.unknownValue += 1;
      else t.value += value;
      if (keepAttention && verdict !== "Qualified")
        this.attention.push({ index: offset + i, verdict, score: results.score[i] });
    }
  }

  result(): PipelineSummary {
    const rank = (v: Verdict) => VERDICTS.indexOf(v);
    const attention = [...this.attention].sort(
      (x, y) => rank(x.verdict) - rank(y.verdict) || y.score - x.score || x.index - y.index,
    );
    const totals = this.totals.map((t) => ({ ...t }));
    const count = totals.reduce((s, t) => s + t.count, 0);
    return {
      totals,
      count,
      value: totals.reduce((s, t) => s + t.value, 0),
      confidence: count > 0 ? Math.round(this.confidenceSum / count) : 0,
      attention,
    };
  }
}

/** Summarises results; `index` in `attention` is the row's position in them. */
export function summarise(results: QualificationColumns): PipelineSummary {
  const b = new SummaryBuilder();
  b.add(results);
  return b.result();
}

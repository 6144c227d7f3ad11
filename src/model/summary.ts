// The pipeline summary every shell shows: how many opportunities and how much deal value fall under each
// verdict, how much of the model the data informs, and which ones need attention (all but the qualified). Built chunk by chunk from result
// columns, so a shell can summarise a long file without keeping its rows.
import { CurrencyTotals, type CurrencySettings } from "./currency";
import { VERDICTS } from "./score";
import type { QualificationColumns } from "./qualify-table";
import type { Verdict } from "./types";

export interface VerdictTotal {
  verdict: Verdict;
  count: number;
  value: number; // sum of known deal values as numbers, whatever their currency (for proportions only)
  valueText: string; // the same in words, never adding two currencies without a rate ("28.7M + 2.4M EUR")
  expectedText: string | null; // with a learned model: win probability × deal value − bid cost, added up in words
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
  valueText: string; // the whole pipeline's value in words, per currency unless the model's rates convert it
  expectedText: string | null; // with a learned model: the pipeline's expected value, the same way
  confidence: number; // mean confidence of the opportunities counted, whole percent (0 when none)
  closed: { won: number; lost: number; other: number }; // closed deals: counted apart, never as verdicts
  attention: AttentionItem[]; // conditional (the near misses) first, then not qualified; best score first
}

export class SummaryBuilder {
  private totals = VERDICTS.map((verdict): VerdictTotal => ({
    verdict,
    count: 0,
    value: 0,
    valueText: "",
    expectedText: null,
    unknownValue: 0,
  }));
  private readonly money = VERDICTS.map(() => new CurrencyTotals());
  private readonly expected = VERDICTS.map(() => new CurrencyTotals());
  private learned = false; // results carried a learned win probability

  /** `currency`: the model's base currency and rates (none: amounts are shown per currency). */
  constructor(private readonly currency: CurrencySettings = { base: null, rates: {} }) {}
  private attention: AttentionItem[] = [];
  private confidenceSum = 0;
  private closed = { won: 0, lost: 0, other: 0 };

  /**
   * Counts a chunk of results whose first row is row `offset` of the whole; `keepAttention: false` counts them
   * without keeping the rows that need attention (for long files).
   */
  add(results: QualificationColumns, offset = 0, keepAttention = true): void {
    for (let i = 0; i < results.length; i++) {
      const verdict = results.verdict[i];
      if (verdict === null) continue;
      const closed = results.closed[i];
      if (closed !== null) {
        // History, not pipeline: how it ended, apart from the open deals' verdicts.
        if (closed === "Closed won") this.closed.won += 1;
        else if (closed === "Closed lost") this.closed.lost += 1;
        else this.closed.other += 1;
        continue;
      }
      const k = VERDICTS.indexOf(verdict);
      const t = this.totals[k];
      t.count += 1;
      this.confidenceSum += results.confidence[i];
      const value = results.dealValue[i];
      if (value !== value) t.unknownValue += 1;
      else {
        t.value += value;
        this.money[k].add(value, results.currency[i]);
      }
      const ev = results.expectedValue?.[i];
      if (results.expectedValue) this.learned = true;
      if (ev !== undefined && ev === ev) this.expected[k].add(ev, results.currency[i]);
      if (keepAttention && verdict !== "Qualified")
        this.attention.push({ index: offset + i, verdict, score: results.score[i] });
    }
  }

  result(): PipelineSummary {
    const rank = (v: Verdict) => VERDICTS.indexOf(v);
    const attention = [...this.attention].sort(
      (x, y) => rank(x.verdict) - rank(y.verdict) || y.score - x.score || x.index - y.index,
    );
    const totals = this.totals.map((t, k) => ({
      ...t,
      // Nothing to add up is not a total of 0: no deal value was known.
      valueText: t.count > 0 && t.unknownValue === t.count ? "—" : this.money[k].text(this.currency),
      expectedText: this.learned ? this.expected[k].text(this.currency) : null,
    }));
    const all = new CurrencyTotals();
    for (const m of this.money) all.merge(m);
    const expected = new CurrencyTotals();
    for (const m of this.expected) expected.merge(m);
    const count = totals.reduce((s, t) => s + t.count, 0);
    return {
      totals,
      count,
      value: totals.reduce((s, t) => s + t.value, 0),
      valueText: all.text(this.currency),
      expectedText: this.learned ? expected.text(this.currency) : null,
      confidence: count > 0 ? Math.round(this.confidenceSum / count) : 0,
      closed: { ...this.closed },
      attention,
    };
  }
}

/** Summarises results; `index` in `attention` is the row's position in them. */
export function summarise(results: QualificationColumns, currency?: CurrencySettings): PipelineSummary {
  const b = new SummaryBuilder(currency);
  b.add(results);
  return b.result();
}

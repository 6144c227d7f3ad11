// What the CLI prints: JSON Lines for machines, or a short summary for people.
import { describeProblem, type Assessment, type PipelineSummary, type Problem } from "../model";

export function jsonLine(a: Assessment, row: number): string {
  return JSON.stringify({
    row,
    id: a.subject.id,
    verdict: a.verdict,
    score: a.score,
    grade: a.grade,
    risk: a.risk.total,
    effort: a.effort.total,
    confidence: a.confidence,
    closed: a.closed,
    crm: a.crm,
    win: a.win, // only with a learned model
    rationale: a.rationale,
    nextStep: a.nextStep,
    counterfactual: a.counterfactual,
    drivers: a.drivers,
    missing: a.missing,
  });
}

export function summaryText(s: PipelineSummary, written: string, where: string): string {
  const width = Math.max(...s.totals.map((t) => t.verdict.length));
  // Counts grouped by thousands, as the pane and `qualify learn` write them ("17,168").
  const n = (k: number) => k.toLocaleString("en-US");
  const lines = [`Assessed ${n(s.count)} ${s.count === 1 ? "opportunity" : "opportunities"} (${where}):`];
  for (const t of s.totals) {
    const unknown = t.unknownValue > 0 ? ` (${n(t.unknownValue)} without a deal value)` : "";
    lines.push(
      `  ${t.verdict.padEnd(width)}  ${n(t.count).padStart(6)}  ${t.valueText.padStart(8)}${unknown}`,
    );
  }
  lines.push(`  ${"Total".padEnd(width)}  ${n(s.count).padStart(6)}  ${s.valueText.padStart(8)}`);
  const { won, lost, other } = s.closed;
  if (won + lost + other > 0) {
    const parts = [`${n(won)} won`, `${n(lost)} lost`, ...(other > 0 ? [`${n(other)} closed`] : [])];
    lines.push(`Closed deals, not assessed: ${n(won + lost + other)} (${parts.join(", ")})`);
  }
  if (s.count > 0)
    lines.push(`Confidence: ${s.confidence}% of the model's weight read from the data, on average`);
  if (s.expectedText !== null) {
    const per = s.totals.filter((t) => t.count > 0).map((t) => `${t.verdict} ${t.expectedText}`);
    lines.push(
      `Expected value (learned win % × deal value − bid cost): ${s.expectedText} (${per.join("; ")})`,
    );
  }
  lines.push(`Wrote ${written}`);
  return lines.join("\n");
}

/** A one-line progress bar for a terminal. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} rows`;
}

/** Text from a file, safe to print: control characters (a terminal's escape sequences) shown as "?". */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
}

/** The notes after a run (the mapping's problems, unrecognised values), one line per column; "" when none. */
export function notesText(notes: readonly Problem[], max = 30): string {
  const lines = notes.slice(0, max).map((p) => `  ${terminalText(describeProblem(p))}`);
  if (notes.length > max) lines.push(`  and ${notes.length - max} more`);
  return lines.length > 0 ? ["Notes:", ...lines].join("\n") : "";
}

// The evidence of a learned win model in plain words, numbers after the sentence that says what they mean: what
// history it came from, what the current model would have said of those deals, how well each separates won from
// lost out of fold, and what to do. Every shell (CLI, pane, report) prints these lines.
import type { LearnReport } from "./learn";

const pct = (x: number) => `${Math.round(x * 100)} %`;
const n = (x: number) => x.toLocaleString("en-US");

/** The current model's share of Qualified among the won deals and among the lost ones. */
export function qualifiedShares(report: LearnReport): { won: number; lost: number } {
  const q = report.verdicts.find((v) => v.verdict === "Qualified") ?? { rows: 0, won: 0 };
  return { won: report.won ? q.won / report.won : 0, lost: report.lost ? (q.rows - q.won) / report.lost : 0 };
}

/** The evidence, one sentence a line. */
export function evidenceLines(report: LearnReport): string[] {
  const lines: string[] = [];
  const span = report.from && report.to ? `, closed ${report.from} to ${report.to}` : "";
  lines.push(
    `Learned from ${n(report.rows)} closed deals (${n(report.won)} won, ${n(report.lost)} lost${span}), ` +
      `outcome column '${report.outcomeColumn}'` +
      (report.open > 0 ? `; ${n(report.open)} rows still open or without an outcome were left out` : ""),
  );
  const q = qualifiedShares(report);
  lines.push(
    `Of the deals you won, ${pct(q.won)} would have been Qualified by the current model; of those you lost, ${pct(q.lost)}`,
  );
  lines.push(
    `Win rate by the current model's verdict: ${report.verdicts
      .map((v) => `${v.verdict} ${v.rows > 0 ? pct(v.won / v.rows) : "—"} of ${n(v.rows)}`)
      .join(", ")}`,
  );
  const current =
    report.currentAuc === null
      ? "the current model scored none of them"
      : `the current score ${report.currentAuc.toFixed(2)}`;
  lines.push(
    `Out of fold (${report.folds} folds, seed ${report.seed}), the learned win probability ranks a won deal above a lost one ` +
      `${pct(report.auc)} of the time (AUC ${report.auc.toFixed(2)}, Brier ${report.brier.toFixed(3)}); ${current}` +
      ` (0.50 is chance)`,
  );
  const used = report.fields.filter((f) => f.used);
  const strongest = [...used].sort((a, b) => b.auc - a.auc).slice(0, 3);
  if (strongest.length > 0)
    lines.push(
      `Fields that tell most on their own: ${strongest.map((f) => `${f.label} (AUC ${f.auc.toFixed(2)})`).join(", ")}`,
    );
  lines.push(
    report.recommendation === "use"
      ? "Recommendation: use the learned win probability; it separates won from lost better than the current score"
      : "Recommendation: keep the current model; the learned win probability does not separate won from lost better out of fold",
  );
  return lines;
}

// The evidence of a learned win model in plain words, numbers after the sentence that says what they mean: what
// history it came from, what the current model would have said of those deals, how well each separates won from
// lost out of fold, and what to do. Every shell (CLI, pane, report) prints these lines.
import type { LearnReport } from "./learn";
import { MIN_EACH, type MinWinProposal, type VerdictChange } from "./min-win-proposal";
import { VERDICTS } from "./score";

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
      (report.open === 1
        ? "; 1 row still open or without an outcome was left out"
        : report.open > 0
          ? `; ${n(report.open)} rows still open or without an outcome were left out`
          : ""),
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

/** A minimum as a manager sets it: "30 %" ("30.5 %" when it has a decimal). */
const minimumText = (x: number) => `${Number((x * 100).toFixed(1))} %`;

/** "Qualified 35 → 15, Conditional 0 → 20", the verdicts that change only; "" when none does. */
function changeText(c: VerdictChange): string {
  return VERDICTS.filter((v) => c.before[v] !== c.after[v])
    .map((v) => `${v} ${n(c.before[v])} → ${n(c.after[v])}`)
    .join(", ");
}

/**
 * The proposed minimum win probability to qualify and what it (or the minimum asked for) changes, one sentence a
 * line: why this value, the closed deals' verdicts before → after and the won and lost ones it holds back, the
 * open deals'.
 */
export function minWinLines(p: MinWinProposal): string[] {
  const lines: string[] = [];
  const among =
    p.basis === "qualified"
      ? `the closed deals the model qualifies (${n(p.basisWon)} won, ${n(p.basisLost)} lost)`
      : `all ${n(p.basisWon + p.basisLost)} closed deals (${n(p.basisWon)} won, ${n(p.basisLost)} lost), as the model qualifies fewer than ${MIN_EACH} won or ${MIN_EACH} lost ones`;
  lines.push(
    p.proposed === null
      ? `No minimum win probability to qualify is proposed: among ${among}, none keeps a larger share of the won than of the lost`
      : `Proposed minimum win probability to qualify: ${minimumText(p.proposed)}; among ${among}, ` +
          (p.minimum === p.proposed
            ? `it keeps ${pct(p.keptWon)} of the won and ${pct(p.keptLost)} of the lost, the best separation of any whole percentage`
            : "it is the whole percentage that best separates won from lost"),
  );
  if (p.minimum === null) return lines;
  const at = `With a minimum of ${minimumText(p.minimum)}`;
  const h = p.history;
  const moved = changeText(h);
  // Closed rows with nothing the model reads get no verdict: say so, so the counts add up to the history's.
  const unread = h.won + h.lost - h.rows;
  const deals = `${n(h.rows)} closed deals${unread > 0 ? ` with a verdict (${n(unread)} have no field the model reads)` : ""}`;
  lines.push(
    moved === ""
      ? `${at}, no verdict of the ${deals} changes`
      : `${at}, of the ${deals}: ${moved}; ${n(h.wonLeaving)} won and ${n(h.lostLeaving)} lost deals would no longer be Qualified`,
  );
  if (p.open.rows > 0) {
    const open = changeText(p.open);
    lines.push(
      open === ""
        ? `Of the ${n(p.open.rows)} open deals, no verdict changes`
        : `Of the ${n(p.open.rows)} open deals: ${open}`,
    );
  }
  return lines;
}

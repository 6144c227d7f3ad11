// The "Learn from history" panel's data, without React: a table of closed deals in, what learning found out (the
// engine's learnFromHistory, src/model/learn.ts) as the panel shows it. The evidence and the refusal are the
// engine's words (learn-words.ts, the message catalogue), only arranged here: the refusal with what was found, or
// the evidence, the figures side by side, the curves and the per-field table. The one line worded here is the
// outcome column and counts above them (foundText).
import { describeProblem, type Cell, type HeaderMapping, type ScoringModel } from "../../model";
import type { CalibrationBin } from "../../model/calibration";
import { learnFromHistory, type FieldEvidence, type HistoryFound, type LearnReport } from "../../model/learn";
import { evidenceLines, minWinLines } from "../../model/learn-words";
import { proposeMinWin } from "../../model/min-win-proposal";

/** A closed deals table's rows as the panel lists them: the recommendation apart, the sentences before it. */
export interface LearnedView {
  kind: "learned";
  source: string; // "the closed rows of Table Pipeline on Sheet1"
  found: HistoryFound;
  sentences: string[]; // the evidence in plain words, one sentence each, the recommendation excluded
  recommendation: { use: boolean; text: string };
  warnings: string[]; // a skewed win rate, a field left out as recorded after the outcome
  figures: { learned: { auc: number; brier: number }; current: { auc: number | null; brier: number | null } };
  roc: { learned: [number, number][]; current: [number, number][] };
  calibration: CalibrationBin[];
  fields: FieldEvidence[];
  folds: number;
  /** The model to store on "Use this model": the model in use with the learned winModel section. */
  model: ScoringModel;
  /**
   * The minimum win probability to qualify proposed from the same history, and how the verdicts would change
   * with it, in the engine's words (as `qualify learn` prints them); null when the history gives none to show.
   */
  proposal: { minimum: number | null; lines: string[] } | null;
  report: LearnReport;
}

export interface RefusedView {
  kind: "refused";
  source: string;
  message: string; // the catalogue's words: "Found 23 won and 61 lost; at least 40 of each are needed"
  found: HistoryFound | null; // the outcome column and the counts, once the column was found
}

export type LearnView = LearnedView | RefusedView;

export interface LearnInput {
  headers: readonly Cell[];
  rows: readonly (readonly Cell[])[];
  /** The model in use: learning reads the history with it (its words, the meanings a user gave values)… */
  scoring: ScoringModel;
  /** …and the learned section is added to this one (the model as the sheet stores it, without those meanings). */
  stored: ScoringModel;
  asOf: number;
  mapping?: HeaderMapping; // the pane's mapping when the history is the current table
  source: string;
}

/** Learns from a table of closed deals (open rows are counted and left out by the engine). */
export function learnView(input: LearnInput): LearnView {
  const result = learnFromHistory(input.headers, input.rows, {
    model: input.scoring,
    asOf: input.asOf,
    mapping: input.mapping,
  });
  if (!result.ok) {
    return {
      kind: "refused",
      source: input.source,
      message: `${result.problems.map(describeProblem).join("; ")}.`,
      found: result.found ?? null,
    };
  }
  const r = result.report;
  const lines = evidenceLines(r).map((l) => `${l}.`);
  const proposed = proposeMinWin(input.headers, input.rows, result.model, {
    asOf: input.asOf,
    mapping: input.mapping,
  });
  const proposal = proposed.ok
    ? { minimum: proposed.proposal.proposed, lines: minWinLines(proposed.proposal).map((l) => `${l}.`) }
    : null;
  return {
    kind: "learned",
    source: input.source,
    found: { outcomeColumn: r.outcomeColumn, won: r.won, lost: r.lost, open: r.open },
    sentences: lines.slice(0, -1),
    recommendation: { use: r.recommendation === "use", text: lines[lines.length - 1] },
    warnings: r.warnings.map((w) => `${describeProblem(w)}.`),
    figures: {
      learned: { auc: r.auc, brier: r.brier },
      current: { auc: r.currentAuc, brier: r.currentBrier },
    },
    roc: { learned: r.roc, current: r.currentRoc },
    calibration: r.calibration,
    fields: r.fields,
    folds: r.folds,
    model: { ...input.stored, winModel: result.model.winModel },
    proposal,
    report: r,
  };
}

/** "Outcome column 'Status': 305 won, 825 lost; 70 open rows left out." */
export function foundText(found: HistoryFound): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const open = found.open > 0 ? `; ${n(found.open)} open row${found.open === 1 ? "" : "s"} left out` : "";
  return `Outcome column '${found.outcomeColumn}': ${n(found.won)} won, ${n(found.lost)} lost${open}.`;
}

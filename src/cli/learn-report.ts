// `qualify learn --report`: the evidence of a learned win model as a workbook — a summary sheet in plain words
// with the figures, the per-field table (win rate and count per level, the learned points), the calibration
// table with its chart (predicted against observed), the ROC points (learned and current) with their chart, and
// the current model's verdicts on the history.
import type { Cell, ScoringModel } from "../model";
import type { LearnReport } from "../model/learn";
import { evidenceLines } from "../model/learn-words";
import type { MinWinProposal } from "../model/min-win-proposal";
import { describeProblem } from "../model";
import { newWorkbook } from "../files/xlsx";
import { addScatterCharts, type ScatterChart } from "./report-charts";

const ROC_POINTS = 200; // enough for a smooth curve; a long history's every threshold would not add to it

/** At most `max` + 1 points of a curve, evenly spread, the first and last kept. */
export function thin(points: readonly [number, number][], max = ROC_POINTS): [number, number][] {
  if (points.length <= max + 1) return [...points];
  return Array.from({ length: max + 1 }, (_, k) => points[Math.round((k * (points.length - 1)) / max)]);
}

const r4 = (x: number) => Number(x.toFixed(4));

/** The report's sheets, as rows of cells. */
export function learnReportSheets(
  report: LearnReport,
  model: ScoringModel,
  minWin?: MinWinReport,
): { name: string; rows: Cell[][] }[] {
  const summary: Cell[][] = [
    ["Learn from history"],
    ...evidenceLines(report).map((l) => [l]),
    ...report.warnings.map((p) => [`Warning: ${describeProblem(p)}`]),
    ...(minWin?.lines ?? []).map((l) => [l]),
    [],
    ["Figure", "Value"],
    ["Closed deals", report.rows],
    ["Won", report.won],
    ["Lost", report.lost],
    ["Open or no outcome (left out)", report.open],
    ["Outcome column", report.outcomeColumn],
    ["First close date", report.from ?? ""],
    ["Last close date", report.to ?? ""],
    ["AUC learned (out of fold)", r4(report.auc)],
    ["AUC learned without order rules (out of fold)", r4(report.unconstrainedAuc)],
    ["AUC current score", report.currentAuc === null ? "" : r4(report.currentAuc)],
    ["Brier learned (out of fold)", r4(report.brier)],
    ["Folds", report.folds],
    ["Seed", report.seed],
    ["Intercept (log-odds)", model.winModel?.intercept ?? ""],
    ["Recommendation", report.recommendation === "use" ? "Use the learned model" : "Keep the current model"],
    ...(minWin ? minWinFigures(minWin.proposal, model) : []),
  ];
  const fields: Cell[][] = [
    ["Field", "Level", "Deals", "Won", "Win rate", "Learned points (log-odds)", "Used", "AUC alone"],
  ];
  for (const f of report.fields)
    for (const l of f.levels)
      fields.push([
        f.label,
        l.label,
        l.rows,
        l.won,
        l.rows > 0 ? r4(l.won / l.rows) : "",
        f.used ? Number(l.points.toFixed(6)) : "", // as the model holds them
        f.used ? "yes" : "no: left out",
        r4(f.auc),
      ]);
  const calibration: Cell[][] = [
    ["Tenth", "Deals", "Predicted win rate", "Observed win rate", "Lowest predicted", "Highest predicted"],
    ...report.calibration.map((b, i) => [
      i + 1,
      b.rows,
      r4(b.predicted),
      r4(b.observed),
      r4(b.from),
      r4(b.to),
    ]),
  ];
  const learnedRoc = thin(report.roc);
  const currentRoc = thin(report.currentRoc);
  const roc: Cell[][] = [
    [
      "Learned: false positive rate",
      "Learned: true positive rate",
      "Current: false positive rate",
      "Current: true positive rate",
    ],
  ];
  const len = Math.max(learnedRoc.length, currentRoc.length);
  for (let i = 0; i < len; i++) {
    const a = learnedRoc[i];
    const b = currentRoc[i];
    roc.push([a ? r4(a[0]) : null, a ? r4(a[1]) : null, b ? r4(b[0]) : null, b ? r4(b[1]) : null]);
  }
  const verdicts: Cell[][] = [
    ["Current verdict", "Deals", "Won", "Win rate"],
    ...report.verdicts.map((v) => [v.verdict, v.rows, v.won, v.rows > 0 ? r4(v.won / v.rows) : ""]),
  ];
  return [
    { name: "Summary", rows: summary },
    { name: "Fields", rows: fields },
    { name: "Calibration", rows: calibration },
    { name: "ROC", rows: roc },
    { name: "Verdicts", rows: verdicts },
  ];
}

/** The report's two charts: the ROC curves and the calibration, on their own sheets (3 and 4). */
export function learnReportCharts(report: LearnReport): ScatterChart[] {
  const learnedRoc = thin(report.roc).map((p) => p.map(r4));
  const currentRoc = thin(report.currentRoc).map((p) => p.map(r4));
  const predicted = report.calibration.map((b) => r4(b.predicted));
  const observed = report.calibration.map((b) => r4(b.observed));
  const roc: ScatterChart = {
    sheet: 4,
    sheetName: "ROC",
    title: "Won above lost: ROC curve",
    xTitle: "Lost deals ranked above the threshold",
    yTitle: "Won deals ranked above the threshold",
    series: [
      {
        name: "Learned win probability (out of fold)",
        xColumn: "A",
        yColumn: "B",
        firstRow: 2,
        x: learnedRoc.map((p) => p[0]),
        y: learnedRoc.map((p) => p[1]),
        line: true,
      },
    ],
    at: { col: 5, row: 1 },
  };
  if (currentRoc.length > 0)
    roc.series.push({
      name: "Current score",
      xColumn: "C",
      yColumn: "D",
      firstRow: 2,
      x: currentRoc.map((p) => p[0]),
      y: currentRoc.map((p) => p[1]),
      line: true,
    });
  const calibration: ScatterChart = {
    sheet: 3,
    sheetName: "Calibration",
    title: "Predicted against observed win rate",
    xTitle: "Predicted win rate",
    yTitle: "Observed win rate",
    series: [
      {
        name: "Tenths of the deals",
        xColumn: "C",
        yColumn: "D",
        firstRow: 2,
        x: predicted,
        y: observed,
        line: false,
      },
      {
        name: "Perfect calibration",
        xColumn: "C",
        yColumn: "C",
        firstRow: 2,
        x: predicted,
        y: predicted,
        line: true,
      },
    ],
    at: { col: 7, row: 1 },
  };
  return [calibration, roc];
}

export function learnReportWorkbook(
  report: LearnReport,
  model: ScoringModel,
  minWin?: MinWinReport,
): Uint8Array {
  return addScatterCharts(newWorkbook(learnReportSheets(report, model, minWin)), learnReportCharts(report));
}

/** The proposed minimum win probability and its sentences (learn-words.ts minWinLines and what was set). */
export interface MinWinReport {
  proposal: MinWinProposal;
  lines: string[];
}

/** The minimum's figures for the Summary sheet, then its verdicts before → after as a table of their own. */
function minWinFigures(p: MinWinProposal, model: ScoringModel): Cell[][] {
  const rows: Cell[][] = [
    ["Proposed minimum win probability", p.proposed ?? "none"],
    ["Chosen on", p.basis === "qualified" ? "closed deals the model qualifies" : "all closed deals"],
    ["Minimum win probability set in the model", model.winModel?.minWinProbability ?? "not set"],
  ];
  if (p.minimum === null) return rows;
  rows.push(
    ["Minimum the changes below are for", p.minimum],
    ["Won deals no longer Qualified", p.history.wonLeaving],
    ["Lost deals no longer Qualified", p.history.lostLeaving],
    [],
    [
      "Verdict",
      "Closed deals without the minimum",
      "Closed deals with it",
      "Open deals without",
      "Open deals with",
    ],
    ...VERDICTS.map((v): Cell[] => [
      v,
      p.history.before[v],
      p.history.after[v],
      p.open.before[v],
      p.open.after[v],
    ]),
  );
  return rows;
}

const VERDICTS = ["Qualified", "Conditional", "Needs information", "Not qualified"] as const;

// What QUALIFY's `detail` argument can ask for, as a table beside the code (as HyperFormula keeps its functions'
// metadata): for each choice, how much the engine must work out and the cells one opportunity's result spills
// into. Values come straight from the engine's result columns; nothing is computed here.
import {
  problem,
  OUTPUT_COLUMNS,
  outputRowAt,
  WIN_COLUMNS,
  type Assessment,
  type Detail as EngineDetail,
  type QualificationColumns,
} from "../model/index";
import { FormulaError } from "./formula-error";

interface DetailSpec {
  engine: EngineDetail; // how much the engine works out
  counterfactual: boolean; // whether it searches what would change the verdict
  limited?: boolean; // text or entities per row: refused above the model's formulas.maxDetailRows
  width(results: QualificationColumns): number; // cells per opportunity
  cells(results: QualificationColumns, i: number, cards: boolean): unknown[]; // row i's cells (never empty)
}

const one = () => 1;
const learned = (r: QualificationColumns) => r.winProbability !== undefined;

export const DETAIL_SPECS = {
  // A closed deal has no verdict: its Next step says how it ended.
  verdict: {
    engine: "scores",
    counterfactual: false,
    width: one,
    cells: (r, i) => [r.closed[i] === null ? r.verdict[i] : ""],
  },
  score: { engine: "scores", counterfactual: false, width: one, cells: (r, i) => [r.score[i]] },
  grade: { engine: "scores", counterfactual: false, width: one, cells: (r, i) => [r.grade[i]] },
  risk: { engine: "scores", counterfactual: false, width: one, cells: (r, i) => [r.risk[i]] },
  effort: { engine: "scores", counterfactual: false, width: one, cells: (r, i) => [r.effort[i]] },
  confidence: { engine: "scores", counterfactual: false, width: one, cells: (r, i) => [r.confidence[i]] },
  rationale: {
    engine: "rationale",
    counterfactual: false,
    limited: true,
    width: one,
    cells: (r, i) => [r.rationale![i]],
  },
  // The learned win probability (0–1): only a model with a win model has one.
  win: {
    engine: "scores",
    counterfactual: false,
    width: one,
    cells: (r, i) => {
      if (!r.winProbability) throw FormulaError.of(problem("formula.noWinModel", {}));
      return [r.winProbability[i]];
    },
  },
  counterfactual: {
    engine: "rationale",
    counterfactual: true,
    limited: true,
    width: one,
    cells: (r, i) => [r.counterfactual![i] ?? ""],
  },
  next: {
    engine: "scores",
    counterfactual: true,
    limited: true,
    width: one,
    cells: (r, i) => [r.nextStep![i] ?? ""],
  },
  // The columns the CLI and the pane write: the eight, and Win % and Expected value with a learned model.
  all: {
    engine: "rationale",
    counterfactual: true,
    limited: true,
    width: (r) => (learned(r) ? OUTPUT_COLUMNS.length + WIN_COLUMNS.length : OUTPUT_COLUMNS.length),
    cells: (r, i) => outputRowAt(r, i, learned(r))!.map((v) => v ?? ""), // unknown: a blank cell, as written in files
  },
  card: {
    engine: "assessments",
    counterfactual: true,
    limited: true,
    width: one,
    cells: (r, i, cards) => [cards ? card(r.assessments![i]!) : r.closed[i] === null ? r.verdict[i] : ""],
  },
} satisfies Record<string, DetailSpec>;

export type Detail = keyof typeof DETAIL_SPECS;
export const DETAILS = Object.keys(DETAIL_SPECS) as Detail[];

export function parseDetail(arg: unknown): Detail {
  if (arg === null || arg === undefined) return "verdict";
  const text = String(Array.isArray(arg) ? (arg[0]?.[0] ?? "") : arg)
    .trim()
    .toLowerCase();
  if (text === "") return "verdict";
  const found = DETAILS.find((d) => d === text);
  if (!found) {
    throw FormulaError.of(problem("formula.unknownDetail", { detail: String(arg), choices: DETAILS }));
  }
  return found;
}

/** An Excel entity value (CustomFunctionsRuntime 1.4): the verdict as text, the assessment on its card. */
export interface EntityValue {
  type: "Entity";
  text: string;
  properties: Record<string, unknown>;
  layouts: { card: { title: { property: string }; sections: unknown[] } };
}

const str = (basicValue: string) => ({ type: "String", basicValue });
const num = (basicValue: number) => ({ type: "Double", basicValue });

export function card(a: Assessment): EntityValue {
  const [, scoreLabel, gradeLabel, riskLabel, effortLabel, confidenceLabel, rationaleLabel, nextLabel] =
    OUTPUT_COLUMNS;
  const properties: Record<string, unknown> = {
    Verdict: str(a.verdict),
    [scoreLabel]: num(a.score),
    [gradeLabel]: str(a.grade),
    [riskLabel]: num(a.risk.total),
    [effortLabel]: num(a.effort.total),
    [confidenceLabel]: num(a.confidence),
    [rationaleLabel]: str(a.rationale),
  };
  // The CRM's own estimate, beside ours where the table carries it.
  const crm: string[] = [];
  if (a.crm.probability !== null) {
    properties["CRM probability (%)"] = num(Math.round(a.crm.probability * 1000) / 10);
    crm.push("CRM probability (%)");
  }
  if (a.crm.forecast !== null) {
    properties["CRM forecast"] = str(a.crm.forecast);
    crm.push("CRM forecast");
  }
  // With a learned model: the chance of winning and what it is worth.
  if (a.win) {
    properties["Win %"] = num(Math.round(a.win.probability * 1000) / 10);
    crm.unshift("Win %");
    if (a.win.expectedValue !== null) {
      properties["Expected value"] = num(Math.round(a.win.expectedValue));
      crm.splice(1, 0, "Expected value");
    }
  }
  const why: string[] = [rationaleLabel];
  if (a.nextStep) {
    properties[nextLabel] = str(a.nextStep);
    why.push(nextLabel);
  }
  const sections: unknown[] = [
    { layout: "List", properties: [scoreLabel, gradeLabel, riskLabel, effortLabel, confidenceLabel, ...crm] },
    { layout: "List", title: "Why", properties: why },
  ];
  if (a.drivers.length > 0) {
    properties.Drivers = {
      type: "Array",
      elements: a.drivers.map((d) => [str(d.label), num(d.points), str(d.reason)]),
    };
    sections.push({
      layout: "List",
      title: "Drivers",
      collapsible: true,
      collapsed: true,
      properties: ["Drivers"],
    });
  }
  return {
    type: "Entity",
    text: a.closed ?? a.verdict,
    properties,
    layouts: { card: { title: { property: "Verdict" }, sections } },
  };
}

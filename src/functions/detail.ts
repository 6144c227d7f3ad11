// What QUALIFY's `detail` argument can ask for, as a table beside the code (as HyperFormula keeps its functions'
// metadata): for each choice, how much the engine must work out and the cells one opportunity's result spills
// into. Values come straight from the engine's result columns; nothing is computed here.
import {
  problem,
  OUTPUT_COLUMNS,
  outputRowAt,
  type Assessment,
  type Detail as EngineDetail,
  type QualificationColumns,
} from "../model/index";
import { FormulaError } from "./formula-error";

interface DetailSpec {
  engine: EngineDetail; // how much the engine works out
  counterfactual: boolean; // whether it searches what would change the verdict
  width: number; // cells per opportunity
  cells(results: QualificationColumns, i: number, cards: boolean): unknown[]; // row i's cells (never empty)
}

export const DETAIL_SPECS = {
  verdict: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.verdict[i]] },
  score: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.score[i]] },
  grade: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.grade[i]] },
  risk: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.risk[i]] },
  effort: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.effort[i]] },
  confidence: { engine: "scores", counterfactual: false, width: 1, cells: (r, i) => [r.confidence[i]] },
  rationale: { engine: "rationale", counterfactual: false, width: 1, cells: (r, i) => [r.rationale![i]] },
  counterfactual: {
    engine: "rationale",
    counterfactual: true,
    width: 1,
    cells: (r, i) => [r.counterfactual![i] ?? ""],
  },
  next: {
    engine: "scores",
    counterfactual: true,
    width: 1,
    cells: (r, i) => [r.nextStep![i] ?? ""],
  },
  all: {
    engine: "rationale",
    counterfactual: true,
    width: OUTPUT_COLUMNS.length,
    cells: (r, i) => outputRowAt(r, i)!,
  },
  card: {
    engine: "assessments",
    counterfactual: true,
    width: 1,
    cells: (r, i, cards) => [cards ? card(r.assessments![i]!) : r.verdict[i]],
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
  const why: string[] = [rationaleLabel];
  if (a.nextStep) {
    properties[nextLabel] = str(a.nextStep);
    why.push(nextLabel);
  }
  const sections: unknown[] = [
    { layout: "List", properties: [scoreLabel, gradeLabel, riskLabel, effortLabel, confidenceLabel] },
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
    text: a.verdict,
    properties,
    layouts: { card: { title: { property: "Verdict" }, sections } },
  };
}

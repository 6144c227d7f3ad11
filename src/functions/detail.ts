// What QUALIFY's `detail` argument asks for, and the cells each choice produces for one opportunity.
// Values come straight from the engine (scoreOpportunity / assess / outputRow); nothing is computed here.
import { outputRow, OUTPUT_COLUMNS, type Assessment, type Scores } from "../model/index";
import { FormulaError } from "./formula-error";

export const DETAILS = [
  "verdict",
  "score",
  "grade",
  "risk",
  "effort",
  "rationale",
  "counterfactual",
  "all",
  "card",
] as const;
export type Detail = (typeof DETAILS)[number];

/** Details answered by the engine's fast path (numbers and verdict, no text). */
export const FAST_DETAILS: ReadonlySet<Detail> = new Set<Detail>([
  "verdict",
  "score",
  "grade",
  "risk",
  "effort",
]);

export function parseDetail(arg: unknown): Detail {
  if (arg === null || arg === undefined) return "verdict";
  const text = String(Array.isArray(arg) ? (arg[0]?.[0] ?? "") : arg)
    .trim()
    .toLowerCase();
  if (text === "") return "verdict";
  const found = DETAILS.find((d) => d === text);
  if (!found) {
    throw new FormulaError(`Unknown detail "${String(arg).slice(0, 30)}": use ${DETAILS.join(", ")}.`);
  }
  return found;
}

/** How many columns one opportunity's result spills across. */
export function widthOfDetail(detail: Detail): number {
  return detail === "all" ? OUTPUT_COLUMNS.length : 1;
}

export function fastCell(detail: Detail, s: Scores): string | number {
  switch (detail) {
    case "score":
      return s.score;
    case "grade":
      return s.grade;
    case "risk":
      return s.risk;
    case "effort":
      return s.effort;
    default:
      return s.verdict;
  }
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
  const [verdict, score, grade, risk, effort, rationale] = outputRow(a);
  const [, scoreLabel, gradeLabel, riskLabel, effortLabel, rationaleLabel] = OUTPUT_COLUMNS;
  const properties: Record<string, unknown> = {
    Verdict: str(verdict),
    [scoreLabel]: num(score),
    [gradeLabel]: str(grade),
    [riskLabel]: num(risk),
    [effortLabel]: num(effort),
    [rationaleLabel]: str(rationale),
  };
  const why: string[] = [rationaleLabel];
  if (a.counterfactual) {
    properties["What would change it"] = str(a.counterfactual);
    why.push("What would change it");
  }
  const sections: unknown[] = [
    { layout: "List", properties: [scoreLabel, gradeLabel, riskLabel, effortLabel] },
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
    text: verdict,
    properties,
    layouts: { card: { title: { property: "Verdict" }, sections } },
  };
}

/** The cells of one assessed opportunity for a text-bearing detail. */
export function fullCells(detail: Detail, a: Assessment, cards: boolean): unknown[] {
  switch (detail) {
    case "rationale":
      return [a.rationale];
    case "counterfactual":
      return [a.counterfactual ?? ""];
    case "all":
      return outputRow(a);
    case "card":
      return [cards ? card(a) : a.verdict];
    default:
      return [
        fastCell(detail, {
          verdict: a.verdict,
          score: a.score,
          grade: a.grade,
          risk: a.risk.total,
          effort: a.effort.total,
        }),
      ];
  }
}

// The one message catalogue: the words for every problem code, in one place, so one problem reads the same in a
// cell, on the command line, in the task pane and beside a model setting. Surfaces add only where it happened
// (the file, the setting) and, from HINTS, what to do there.
import { pathText, type Problem, type ProblemCode, type ProblemParams } from "./problems";

/** A list for a message: the first few, each cut to `width`, with how many more. */
export function listForMessage(items: readonly string[], max = 6, width = 30, separator = ", "): string {
  const shown = items.slice(0, max).map((s) => (s.length > width ? `${s.slice(0, width - 1)}…` : s));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(separator)} and ${more} more` : shown.join(separator);
}

const quoteList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");

const WORDS: { [C in ProblemCode]: (p: ProblemParams[C]) => string } = {
  "table.noFields": (p) => {
    const seen = p.headers.filter((h) => h.trim() !== "");
    return seen.length > 0
      ? `No opportunity fields found in: ${listForMessage(seen)}`
      : "No opportunity fields found: the header row is empty";
  },
  "formula.emptyRange": () => "The opportunity range is empty: select a range",
  "formula.headerRows": (p) => `Headers must be one row, not ${p.rows}: select only the header row`,
  "formula.widthMismatch": (p) =>
    `The headers have ${p.headers} columns but the opportunity has ${p.width}: select ranges of the same width`,
  "formula.headerOnly": () => "Only a header row was given: include the data rows below it",
  "formula.unknownDetail": (p) => `Unknown detail "${p.detail.slice(0, 30)}": use ${p.choices.join(", ")}`,
  "formula.modelShape": () => "The model must be a two-column setting/value range or a JSON text",
  "formula.modelColumns": (p) =>
    `The model range has ${p.width} column${p.width === 1 ? "" : "s"}: select two columns, setting and value`,
  "formula.unexpected": (p) => `Could not qualify this input (${p.error}). Please report it with the input`,
  "model.json": (p) => `the JSON text is not valid (${p.error})`,
  "model.type": (p) => `expected ${p.expected}, received ${p.received}`,
  "model.tooSmall": (p) => `must be ${p.inclusive ? "at least" : "more than"} ${p.minimum}`,
  "model.tooBig": (p) => `must be ${p.inclusive ? "at most" : "less than"} ${p.maximum}`,
  "model.tooFew": (p) => `needs at least ${p.minimum} ${p.what}`,
  "model.option": (p) => `must be one of ${p.options.join(", ")}`,
  "model.unknownKeys": (p) => `unknown setting${p.keys.length === 1 ? "" : "s"} ${quoteList(p.keys)}`,
  "model.unknownSetting": () => "unknown setting",
  "model.plainValue": () => "expected a plain value",
  "model.jsonSetting": (p) => `expected JSON text such as ${p.example}`,
  "model.curveOrder": () => "points must be in increasing order of value",
  "model.curveDirection": (p) =>
    p.direction === "up"
      ? "a larger value must never score lower (goodness must not decrease)"
      : "a larger value must never score higher (goodness must not increase)",
  "model.levelOrder": (p) => `must not score higher than ${p.better}`,
  "model.missingAboveMiddle": (p) =>
    `a missing value must not score better than the middle value (${Number(p.middle.toFixed(3))})`,
  "model.effortOrder": (p) => `more bespoke work must not take less effort than ${p.less}`,
  "model.noWeight": () => "at least one weight must be above 0",
  "model.noRiskWeight": () => "at least one risk component needs a weight above 0",
  "model.noRiskFactor": () => "needs at least one factor with a weight above 0",
  "model.thresholdOrder": (p) => `must be at ${p.bound} ${p.other}`,
  "model.gradeOrder": (p) => `must be at least ${p.other}`,
  "model.knockoutCondition": () => "needs exactly one of levels, below or above",
  "model.knockoutNoLevels": (p) => `${p.field} has no levels; use below or above`,
  "model.knockoutNotLevel": (p) => `'${p.level}' is not a level of ${p.field} (${p.levels.join(", ")})`,
  "model.knockoutWorseLevel": (p) => `must also include '${p.level}', which is worse`,
  "model.knockoutUseLevels": (p) => `${p.field} has levels; use levels, not below or above`,
  "model.knockoutDirection": (p) =>
    p.use === "above"
      ? `a larger ${p.field} is worse: use above`
      : `a larger ${p.field} is better: use below`,
  "model.changeableValue": (p) =>
    p.levels.length > 0 ? `must be one of ${p.levels.join(", ")}` : "must be a number on the field's scale",
  "model.invalid": (p) => p.detail,
};

/** What went wrong, in words (without where: surfaces say that their own way). */
export function describeProblem(p: Problem): string {
  return (WORDS[p.code] as (params: unknown) => string)(p.params);
}

/** A model setting's problem as one line: "weights.financing: expected number, received 'lots'". */
export function describeSettingProblem(p: Problem): string {
  const where = pathText(p.path);
  return where ? `${where}: ${describeProblem(p)}` : describeProblem(p);
}

/** What to do about a problem, where the surface can say it: a formula's cell, the task pane. */
export const HINTS: Partial<Record<ProblemCode, { formula?: string; pane?: string }>> = {
  "table.noFields": {
    formula: "Include the header row, or pass it as the second argument.",
    pane: "Map the columns above.",
  },
};

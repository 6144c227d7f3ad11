// Excel custom functions OPP.QUALIFY, OPP.RISKSCORE and OPP.EFFORT. The JSDoc below is the functions'
// metadata: CustomFunctionsMetadataPlugin turns it into functions.json and appends the associate calls.
// Each function only translates between Excel and the engine (see run.ts); every failure becomes #VALUE!.
import { FormulaError, shortMessage } from "./formula-error";
import { runEffort, runQualify, runRisk, type RunOptions } from "./spill";

function excelError(message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, shortMessage(message));
}

function toExcelError(err: unknown): CustomFunctions.Error {
  return excelError((err instanceof FormulaError ? err : FormulaError.unexpected(err)).message);
}

/** Whether Excel can show entity values returned by a custom function here. */
function entityValuesSupported(): boolean {
  try {
    return (
      typeof Office !== "undefined" &&
      Office.context.requirements.isSetSupported("CustomFunctionsRuntime", "1.4")
    );
  } catch {
    return false;
  }
}

function options(): RunOptions {
  return { cards: entityValuesSupported() };
}

// Excel shows a thrown CustomFunctions.Error as #VALUE! with its message; anything else would be a bare #VALUE!.
function guard(work: () => unknown[][]): unknown[][] {
  try {
    return work();
  } catch (err) {
    throw toExcelError(err);
  }
}

/**
 * What OPP.QUALIFY shows for each opportunity: Excel offers these words in AutoComplete where it supports custom
 * enums (older Excel takes the same words as plain text). The same words as DETAIL_SPECS in detail.ts.
 * @customenum {string}
 */
enum Detail {
  /** Qualified, Conditional, Needs information or Not qualified (the default). */
  verdict = "verdict",
  /** Attractiveness score, 0 to 100. */
  score = "score",
  /** Attractiveness grade, A (best) to D. */
  grade = "grade",
  /** Risk, 0 (safe) to 100 (very risky). */
  risk = "risk",
  /** Effort to win, in person-days. */
  effort = "effort",
  /** Share of the model's weight read from the row's data, 0 to 100. */
  confidence = "confidence",
  /** The reasons in words (at most 5,000 rows by default). */
  rationale = "rationale",
  /** The learned win probability, 0 to 1 (with a model learned from won/lost history). */
  win = "win",
  /** What would make it qualify (at most 5,000 rows by default). */
  counterfactual = "counterfactual",
  /** What to do next: what would make it qualify, or the data to collect (at most 5,000 rows by default). */
  next = "next",
  /** All the output columns: eight, ten with a learned model (at most 5,000 rows by default). */
  all = "all",
  /** A card with the assessment (at most 5,000 rows by default). */
  card = "card",
}

/**
 * Qualifies sales opportunities (eTOM 1.1.9.1): verdict, score, grade, risk, effort or the reasons, one result per row.
 * @customfunction QUALIFY
 * @helpurl https://localhost:3000/help/functions.html#qualify
 * @param {any[][]} opportunity Table rows of opportunities; or a block whose first row is the headers; or a two-column form with labels on the left.
 * @param {any[][]} [headers] The header row matching the opportunity rows, e.g. Pipeline[#Headers]. Leave out when the range includes its headers.
 * @param [detail] What to show: "verdict" (default), "score", "grade", "risk", "effort", "confidence", "rationale", "win" (the learned win probability, with a learned model), "counterfactual", "next", "all" (the eight output columns, ten with a learned model) or "card"; the text details and "card" up to 5,000 rows.
 * @param {any[][]} [model] Settings that override the default model: a two-column setting/value range, or a model as JSON text.
 * @returns {any[][]} One result per opportunity row, spilled down.
 */
export function qualify(
  opportunity: unknown[][],
  headers?: unknown[][],
  detail?: Detail,
  model?: unknown[][],
): unknown[][] {
  return guard(() => runQualify(opportunity, headers, detail, model, options()));
}

/**
 * Risk of pursuing each opportunity, 0 (safe) to 100 (very risky).
 * @customfunction RISKSCORE
 * @helpurl https://localhost:3000/help/functions.html#riskscore
 * @param {any[][]} opportunity Table rows of opportunities; or a block whose first row is the headers; or a two-column form with labels on the left.
 * @param {any[][]} [headers] The header row matching the opportunity rows. Leave out when the range includes its headers.
 * @param {any[][]} [model] Settings that override the default model: a two-column setting/value range, or a model as JSON text.
 * @returns {any[][]} One risk score per opportunity row, spilled down.
 */
export function riskScore(opportunity: unknown[][], headers?: unknown[][], model?: unknown[][]): unknown[][] {
  return guard(() => runRisk(opportunity, headers, model, options()));
}

/**
 * Effort to achieve each sale, in person-days (RFP response, solution design, customer interactions, alternatives).
 * @customfunction EFFORT
 * @helpurl https://localhost:3000/help/functions.html#effort
 * @param {any[][]} opportunity Table rows of opportunities; or a block whose first row is the headers; or a two-column form with labels on the left.
 * @param {any[][]} [headers] The header row matching the opportunity rows. Leave out when the range includes its headers.
 * @param {any[][]} [model] Settings that override the default model: a two-column setting/value range, or a model as JSON text.
 * @returns {any[][]} One effort in person-days per opportunity row, spilled down.
 */
export function effort(opportunity: unknown[][], headers?: unknown[][], model?: unknown[][]): unknown[][] {
  return guard(() => runEffort(opportunity, headers, model, options()));
}

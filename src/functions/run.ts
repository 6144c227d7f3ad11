// The formulas' work, free of Excel's globals: read the arguments, ask the engine, lay out the spill.
// functions.ts wraps these for Excel; tests and benchmarks call them directly too.
import {
  assess,
  isEmptyOpportunity,
  readOpportunity,
  scoreColumns,
  scoresAt,
  todaySerial,
  type Cell,
  type Scores,
  type ScoringModel,
} from "../model/index";
import { FAST_DETAILS, fastCell, fullCells, parseDetail, widthOfDetail } from "./detail";
import { resolveModel } from "./model-arg";
import { readFormulaInput, type FormulaInput } from "./shapes";

export interface RunOptions {
  /** Excel serial date of "today"; defaults to the machine's today. */
  asOf?: number;
  /** Whether the host shows entity values (CustomFunctionsRuntime 1.4); "card" falls back to the verdict text. */
  cards?: boolean;
  /** Turns a failure inside one row into that row's cell, so one bad row does not blank a whole spill. */
  rowError?: (err: unknown) => unknown;
}

const blankRow = (width: number): string[] => new Array<string>(width).fill("");

function eachRow(
  opportunity: unknown,
  headers: unknown,
  modelArg: unknown,
  width: number,
  options: RunOptions,
  cells: (row: Cell[], input: FormulaInput, model: ScoringModel) => unknown[],
): unknown[][] {
  const input = readFormulaInput(opportunity, headers);
  const model = resolveModel(modelArg);
  const out: unknown[][] = new Array(input.rows.length);
  for (let i = 0; i < input.rows.length; i++) {
    const row = input.rows[i];
    // The same test as the CLI and the task pane: a row with nothing in any recognised field has no result.
    if (isEmptyOpportunity(row, input.mapping)) {
      out[i] = blankRow(width);
      continue;
    }
    try {
      out[i] = cells(row, input, model);
    } catch (err) {
      if (!options.rowError) throw err;
      out[i] = [options.rowError(err), ...blankRow(width - 1)];
    }
  }
  return out;
}

export function runQualify(
  opportunity: unknown,
  headers: unknown,
  detailArg: unknown,
  modelArg: unknown,
  options: RunOptions = {},
): unknown[][] {
  const detail = parseDetail(detailArg);
  const asOf = options.asOf ?? todaySerial();
  const width = widthOfDetail(detail);
  if (FAST_DETAILS.has(detail))
    return scoreSpill((s) => fastCell(detail, s), opportunity, headers, modelArg, options);
  // The counterfactual is a search over changed inputs: run it only where it is shown.
  const counterfactual = detail === "counterfactual" || detail === "card";
  const cards = options.cards === true;
  return eachRow(opportunity, headers, modelArg, width, options, (row, input, model) =>
    fullCells(detail, assess(readOpportunity(row, input.mapping), model, { asOf, counterfactual }), cards),
  );
}

/**
 * Spills that need only numbers go through the engine's table scorer: one pass over the whole range, each
 * distinct text read once. It reads every cell without throwing (a fuzz test holds it to that), so there is
 * no row-by-row error to isolate here.
 */
function scoreSpill(
  pick: (s: Scores) => string | number,
  opportunity: unknown,
  headers: unknown,
  modelArg: unknown,
  options: RunOptions,
): unknown[][] {
  const asOf = options.asOf ?? todaySerial();
  const input = readFormulaInput(opportunity, headers);
  const model = resolveModel(modelArg);
  const columns = scoreColumns(input, model, { asOf }, input.mapping);
  const out: unknown[][] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const s = scoresAt(columns, i);
    out[i] = [s === null ? "" : pick(s)];
  }
  return out;
}

export function runRisk(opportunity: unknown, headers: unknown, modelArg: unknown, options: RunOptions = {}) {
  return scoreSpill((s) => s.risk, opportunity, headers, modelArg, options);
}

export function runEffort(
  opportunity: unknown,
  headers: unknown,
  modelArg: unknown,
  options: RunOptions = {},
) {
  return scoreSpill((s) => s.effort, opportunity, headers, modelArg, options);
}

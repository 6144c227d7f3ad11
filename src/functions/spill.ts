// The formulas' work, free of Excel's globals: read the arguments, ask the engine's table service, lay out the
// spill. functions.ts wraps these for Excel; tests and benchmarks call them directly too.
import { defaultModel, problem, qualifyTable, todaySerial } from "../model/index";
import { DETAIL_SPECS, parseDetail, type Detail } from "./detail";
import { FormulaError } from "./formula-error";
import { resolveModel } from "./model-arg";
import { mappingOf, readFormulaInput } from "./shapes";

export interface RunOptions {
  /** Excel serial date of "today"; defaults to the machine's today. */
  asOf?: number;
  /** Whether the host shows entity values (CustomFunctionsRuntime 1.4); "card" falls back to the verdict text. */
  cards?: boolean;
}

/**
 * One spill: every row of the input qualified in one call of the engine (each distinct text read once), one
 * result per row, blanks for a row with nothing in any recognised field.
 */
function spill(
  detail: Detail,
  opportunity: unknown,
  headers: unknown,
  modelArg: unknown,
  options: RunOptions,
): unknown[][] {
  const spec = DETAIL_SPECS[detail];
  const input = readFormulaInput(opportunity, headers);
  const model = resolveModel(modelArg);
  // The input's shape is found with the shipped vocabulary; its fields with the model's, which may add words.
  const mapping = model === defaultModel ? input.mapping : mappingOf(input.headers, model);
  // Text and entity spills over thousands of rows can hang Excel on the web (#BUSY!): refused before any work,
  // with what to do instead. Verdicts and numbers stay unlimited.
  const limit = (model.formulas ?? defaultModel.formulas)?.maxDetailRows ?? Infinity;
  if ("limited" in spec && spec.limited && input.rows.length > limit) {
    throw FormulaError.of(problem("formula.tooManyRows", { detail, rows: input.rows.length, limit }));
  }
  const { results, problems } = qualifyTable(input, {
    model,
    asOf: options.asOf ?? todaySerial(new Date()),
    mapping,
    detail: spec.engine,
    counterfactual: spec.counterfactual,
  });
  if (problems.length > 0) throw FormulaError.of(problems[0]);
  const cards = options.cards === true;
  const blank = new Array<string>(spec.width(results)).fill("");
  const out: unknown[][] = new Array(results.length);
  for (let i = 0; i < results.length; i++)
    out[i] = results.verdict[i] === null ? blank.slice() : spec.cells(results, i, cards);
  return out;
}

export function runQualify(
  opportunity: unknown,
  headers: unknown,
  detailArg: unknown,
  modelArg: unknown,
  options: RunOptions = {},
): unknown[][] {
  return spill(parseDetail(detailArg), opportunity, headers, modelArg, options);
}

export function runRisk(opportunity: unknown, headers: unknown, modelArg: unknown, options: RunOptions = {}) {
  return spill("risk", opportunity, headers, modelArg, options);
}

export function runEffort(
  opportunity: unknown,
  headers: unknown,
  modelArg: unknown,
  options: RunOptions = {},
) {
  return spill("effort", opportunity, headers, modelArg, options);
}

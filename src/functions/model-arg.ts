// The formulas' optional `model` argument: a two-column setting/value range or a JSON text, read into a
// scoring model by the engine (applySettings / loadModel). One workbook reuses the same model range in
// thousands of formulas, so each distinct argument is validated once and remembered.
import {
  applySettings,
  defaultModel,
  errorText,
  isBlankCell,
  loadModel,
  ModelError,
  problem,
  type Cell,
  type Problem,
  type ScoringModel,
} from "../model/index";
import { toRows, widthOf } from "./cells";
import { FormulaError } from "./formula-error";

type Outcome = { model: ScoringModel } | { problems: Problem[] };

const cache = new Map<string, Outcome>();
const CACHE_LIMIT = 64;

function remember(key: string, outcome: Outcome): Outcome {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, outcome);
  return outcome;
}

function parse(key: string, read: () => ScoringModel): Outcome {
  const known = cache.get(key);
  if (known) return known;
  try {
    return remember(key, { model: read() });
  } catch (err) {
    if (err instanceof ModelError) return remember(key, { problems: err.problems });
    throw err;
  }
}

// JSON text overrides the default model's settings, like the range does: only the keys it names change.
function fromJson(text: string): Outcome {
  return parse(`json\u0000${text}`, () => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ModelError([problem("model.json", { error: errorText(err) })]);
    }
    return loadModel(json, defaultModel);
  });
}

function fromSettings(rows: Cell[][]): Outcome {
  return parse(`rows\u0000${JSON.stringify(rows)}`, () => applySettings(defaultModel, rows));
}

/** The model a formula uses: the default when the argument is omitted or blank; #VALUE! when it is unusable. */
export function resolveModel(arg: unknown): ScoringModel {
  const rows = toRows(arg).filter((r) => !r.every(isBlankCell));
  if (rows.length === 0) return defaultModel;
  const width = widthOf(rows); // a loop: a spread of 200,000 rows' widths would exhaust the stack
  let outcome: Outcome;
  if (rows.length === 1 && width === 1) {
    const only = rows[0][0];
    const text = typeof only === "string" ? only.trim() : "";
    if (!text.startsWith("{")) {
      throw FormulaError.of(problem("formula.modelShape", {}));
    }
    outcome = fromJson(text);
  } else if (width === 2) {
    outcome = fromSettings(rows);
  } else {
    throw FormulaError.of(problem("formula.modelColumns", { width }));
  }
  if ("problems" in outcome) throw new FormulaError(outcome.problems);
  return outcome.model;
}

/** For tests and benchmarks: forget remembered models. */
export function clearModelCache(): void {
  cache.clear();
}

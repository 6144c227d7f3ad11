// The one error a formula shows: #VALUE! with a short message saying what went wrong and what to do. It carries
// the problem as data and words it with the engine's message catalogue. Kept free of the CustomFunctions global
// so the formula logic runs in Node tests; functions.ts turns it into Excel's error.
import {
  describeProblem,
  describeSettingProblem,
  errorText,
  HINTS,
  problem,
  type Problem,
} from "../model/index";

export class FormulaError extends Error {
  constructor(readonly problems: Problem[]) {
    super(cellMessage(problems));
    this.name = "FormulaError";
  }

  static of(p: Problem): FormulaError {
    return new FormulaError([p]);
  }

  /** For a failure no check foresaw: still #VALUE! with words, never a bare error. */
  static unexpected(err: unknown): FormulaError {
    return FormulaError.of(problem("formula.unexpected", { error: errorText(err) }));
  }
}

// Excel shows the message in a tooltip; long ones are cut off there anyway, so cut them where we choose.
const MAX_MESSAGE = 250;

export function shortMessage(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

/**
 * The cell printer: model problems as "Model: <setting>: <what>; …" (the first three), any other problem as its
 * sentence and the formula's hint.
 */
export function cellMessage(problems: readonly Problem[]): string {
  const first = problems[0];
  if (!first) return "";
  if (first.code.startsWith("model.")) {
    const shown = problems.slice(0, 3).map((p) => shortMessage(describeSettingProblem(p)).slice(0, 120));
    const more = problems.length - shown.length;
    return shortMessage(`Model: ${shown.join("; ")}${more > 0 ? ` and ${more} more` : ""}`);
  }
  const hint = HINTS[first.code]?.formula;
  return shortMessage(`${describeProblem(first)}.${hint ? ` ${hint}` : ""}`);
}

// The one error a formula shows: #VALUE! with a short message saying what to do. Kept free of the
// CustomFunctions global so the formula logic runs in Node tests; functions.ts turns it into Excel's error.

export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormulaError";
  }
}

// Excel shows the message in a tooltip; long ones are cut off there anyway, so cut them where we choose.
const MAX_MESSAGE = 250;

export function shortMessage(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

/** A list of texts for a message: the first few, each cut to `width`, with how many more. */
export function listForMessage(items: readonly string[], max = 6, width = 30, separator = ", "): string {
  const shown = items.slice(0, max).map((s) => (s.length > width ? `${s.slice(0, width - 1)}…` : s));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(separator)} and ${more} more` : shown.join(separator);
}

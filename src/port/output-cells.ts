// What goes into an output cell, for every writer: the CSV writer and the xlsx writer in src/files, and the Office
// adapter. A rule of the shells that write cells, not of the scoring engine, and free of product words.

/** A value written into an output cell. Strings are text: writers keep formula-like text from being evaluated. */
export type OutputValue = string | number | boolean | null;

/** Text that Excel or a CSV reader would take as a formula (OWASP CSV injection's list, plus tab and CR). */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

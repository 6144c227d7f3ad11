// Which column of a history says how each deal ended, and what each of its values means: won, lost, or still
// open. The words are model data (the model's `outcome` section); a column is found by its header, else by
// holding both won and lost values.
import { normaliseHeader } from "./headers";
import { problem, type Problem } from "./problems";
import type { Cell, HeaderMapping } from "./types";

export interface OutcomeVocabulary {
  headers: readonly string[];
  won: readonly string[];
  lost: readonly string[];
  dateHeaders: readonly string[];
}

export const WON = 1;
export const LOST = 0;
export const OPEN = -1;

/** Folds a value for comparison: case, spacing and punctuation ignored ("Closed - Won" = "closedwon"). */
function fold(cell: Cell): string {
  if (cell === null || cell === undefined || typeof cell === "object") return "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return normaliseHeader(String(cell));
}

/** Reads outcome cells: WON, LOST or OPEN (anything else: blank, "Pending", "Negotiation"). */
export function outcomeReader(vocabulary: OutcomeVocabulary): (cell: Cell) => number {
  const won = new Set(vocabulary.won.map(fold));
  const lost = new Set(vocabulary.lost.map(fold));
  return (cell) => {
    const v = fold(cell);
    return won.has(v) ? WON : lost.has(v) ? LOST : OPEN;
  };
}

/**
 * The outcome column: the one `named` (by its header, folded), else the first header in the vocabulary's order
 * that the table has, else the column with the most won-or-lost values that has both. -1 when there is none.
 * `exclude` are columns that hold opportunity fields: never found by their values alone (a Yes/No RFP column).
 */
export function findOutcomeColumn(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  vocabulary: OutcomeVocabulary,
  named?: string,
  exclude: ReadonlySet<number> = new Set(),
): number {
  const folded = headers.map((h) => normaliseHeader(h));
  if (named !== undefined) return folded.indexOf(normaliseHeader(named));
  for (const h of vocabulary.headers) {
    // A header the outcome words name is the outcome even if it also names a field (a "Stage" column).
    const i = folded.indexOf(normaliseHeader(h));
    if (i >= 0) return i;
  }
  const read = outcomeReader(vocabulary);
  let best = -1;
  let bestCount = 0;
  for (let c = 0; c < headers.length; c++) {
    if (exclude.has(c)) continue;
    let won = 0;
    let lost = 0;
    for (const row of rows) {
      const o = read(row[c]);
      if (o === WON) won++;
      else if (o === LOST) lost++;
    }
    // Yes/No and 1/0 columns of other meaning also hold "won" and "lost" words: only a column where they are
    // most of the values counts.
    if (won > 0 && lost > 0 && won + lost > bestCount && won + lost >= rows.length / 2) {
      best = c;
      bestCount = won + lost;
    }
  }
  return best;
}

/** The first column whose header names a close date, -1 when none does. */
export function findDateColumn(headers: readonly Cell[], vocabulary: OutcomeVocabulary): number {
  const folded = headers.map((h) => normaliseHeader(h));
  for (const h of vocabulary.dateHeaders) {
    const i = folded.indexOf(normaliseHeader(h));
    if (i >= 0) return i;
  }
  return -1;
}

/** A header as the learning messages quote it: "" for a blank or a non-text cell. */
export function headerText(h: Cell): string {
  return h === null || h === undefined || typeof h === "object" ? "" : String(h);
}

/**
 * The outcome column learning reads (named, or found among the columns the mapping does not read as fields; it is
 * never also a field), or the problem to report when there is none.
 */
export function outcomeColumnOf(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  vocabulary: OutcomeVocabulary,
  named: string | undefined,
  mapped: HeaderMapping,
): { col: number } | { problem: Problem } {
  const col = findOutcomeColumn(headers, rows, vocabulary, named, new Set(Object.values(mapped.columns)));
  if (col >= 0) return { col };
  const texts = headers.map(headerText);
  return {
    problem:
      named !== undefined
        ? problem("learn.outcomeNotFound", { column: named, headers: texts })
        : problem("learn.noOutcome", { headers: texts }),
  };
}

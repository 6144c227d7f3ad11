// The three ways a formula hands over opportunities, turned into one header row plus data rows:
// (a) rows with a separate header row, (b) a block whose first row is the headers, (c) a two-column
// label/value form. Which fields the headers name is the engine's business (matchHeaders), and so is saying that
// they name none: the table service reports it, as it does for every shell.
import {
  defaultModel,
  isBlankCell,
  matchHeaders,
  problem,
  recognisedCount,
  type Cell,
  type HeaderMapping,
  type ScoringModel,
} from "../model/index";
import { toRows, widthOf } from "./cells";
import { FormulaError } from "./formula-error";

export type InputShape = "rows" | "block" | "form";

export interface FormulaInput {
  shape: InputShape;
  headers: Cell[];
  rows: Cell[][];
  mapping: HeaderMapping;
}

// A workbook recalculates the same formulas over the same header rows: each header row's mapping is worked out
// once per model (whose vocabulary names the fields) and handed out frozen, so no caller can change what another
// is given. The header row met last is checked first, cell by cell: a column of one-row formulas asks for the
// same headers thousands of times in a row, and comparing them costs less than building the key.
interface Mappings {
  byKey: Map<string, HeaderMapping>;
  last: { headers: Cell[]; mapping: HeaderMapping } | null;
}
const byModel = new WeakMap<ScoringModel, Mappings>();

const sameCells = (a: readonly Cell[], b: readonly Cell[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const headerText = (h: Cell) => (h === null || h === undefined ? "" : String(h));

/** The header row's mapping under `model`'s vocabulary (the shipped one by default), remembered. */
export function mappingOf(headers: readonly Cell[], model: ScoringModel = defaultModel): HeaderMapping {
  let mappings = byModel.get(model);
  if (mappings === undefined) byModel.set(model, (mappings = { byKey: new Map(), last: null }));
  const last = mappings.last;
  // Only texts and numbers are compared as they are: anything else (a date, an error) by its key below.
  if (last !== null && sameCells(last.headers, headers)) return last.mapping;
  const key = headers.map(headerText).join("\u0001");
  let mapping = mappings.byKey.get(key);
  if (mapping === undefined) {
    const m = matchHeaders(headers, { model });
    Object.freeze(m.columns);
    Object.freeze(m.unmatched);
    Object.freeze(m.outputColumns);
    if (m.problems) Object.freeze(m.problems);
    mapping = Object.freeze(m);
    if (mappings.byKey.size >= 64) mappings.byKey.clear();
    mappings.byKey.set(key, mapping);
  }
  const plain = headers.every((h) => h === null || typeof h === "string" || typeof h === "number");
  mappings.last = plain ? { headers: headers.slice(), mapping } : null;
  return mapping;
}

function padRow(row: readonly Cell[], width: number): Cell[] {
  if (row.length >= width) return row as Cell[];
  const out = row.slice();
  while (out.length < width) out.push(null);
  return out;
}

/** Reads the opportunity and headers arguments as Excel passes them (null when omitted). */
export function readFormulaInput(opportunity: unknown, headersArg: unknown): FormulaInput {
  const block = toRows(opportunity);
  const width = widthOf(block);
  if (block.length === 0 || width === 0) throw FormulaError.of(problem("formula.emptyRange", {}));

  const headerRows = toRows(headersArg);
  const headersGiven = headerRows.length > 0 && !headerRows.every((r) => r.every(isBlankCell));
  if (headersGiven) {
    if (headerRows.length > 1) {
      throw FormulaError.of(problem("formula.headerRows", { rows: headerRows.length }));
    }
    const headers = headerRows[0];
    if (headers.length !== width) {
      throw FormulaError.of(problem("formula.widthMismatch", { headers: headers.length, width }));
    }
    return {
      shape: "rows",
      headers,
      rows: block.map((r) => padRow(r, width)),
      mapping: mappingOf(headers),
    };
  }

  const top = padRow(block[0], width);
  const topMapping = mappingOf(top);
  if (width === 2) {
    // A form's labels run down the left; a two-column table's run across the top. Whichever names more fields wins.
    const labels = block.map((r) => r[0] ?? null);
    const formMapping = mappingOf(labels);
    if (recognisedCount(formMapping) > recognisedCount(topMapping)) {
      return { shape: "form", headers: labels, rows: [block.map((r) => r[1] ?? null)], mapping: formMapping };
    }
  }
  // A header row alone: say so when it names fields (headers that name none are the table service's problem).
  if (block.length < 2 && recognisedCount(topMapping) > 0)
    throw FormulaError.of(problem("formula.headerOnly", {}));
  return {
    shape: "block",
    headers: top,
    rows: block.slice(1).map((r) => padRow(r, width)),
    mapping: topMapping,
  };
}

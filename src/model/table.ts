// Tables: a header row and data rows, as every shell reads them. Finds the fields, assesses each non-empty
// row, and refuses a table with no opportunity field with one message that lists the headers it saw.
import { matchHeaders, recognisedCount } from "./headers";
import { isBlankCell, readOpportunity } from "./parse";
import { scoreRows, scoresAt, type ScoreColumns } from "./batch";
import { assess } from "./qualify";
import type { ScoringModel } from "./schema";
import type { AssessOptions, Assessment, Cell, HeaderMapping, OpportunityTable, Scores } from "./types";

export class NoFieldsError extends Error {
  constructor(readonly headers: string[]) {
    const seen = headers.filter((h) => h !== "");
    super(
      seen.length > 0
        ? `No opportunity fields found in: ${seen.join(", ")}`
        : "No opportunity fields found: the header row is empty",
    );
    this.name = "NoFieldsError";
  }
}

/** The mapping for a header row, or NoFieldsError when it names no field the engine knows. */
export function requireMapping(
  headers: readonly Cell[],
  mapping: HeaderMapping = matchHeaders(headers),
): HeaderMapping {
  if (recognisedCount(mapping) === 0) {
    throw new NoFieldsError(
      headers.map((h) =>
        h === null || h === undefined
          ? ""
          : String(h instanceof Date ? h.toISOString() : typeof h === "object" ? h.error : h),
      ),
    );
  }
  return mapping;
}

/**
 * A row with nothing in any recognised field is not an opportunity: it gets no result. Cells in other columns
 * (notes, or this add-in's own outputs from an earlier run) do not make it one.
 */
export function isEmptyOpportunity(row: readonly Cell[], mapping: HeaderMapping): boolean {
  return blankAt(row, Object.values(mapping.columns) as number[]);
}

function blankAt(row: readonly Cell[], columns: readonly number[]): boolean {
  for (const col of columns) if (!isBlankCell(row[col])) return false;
  return true;
}

export interface TableResult<T> {
  mapping: HeaderMapping;
  results: (T | null)[]; // null for an empty row
}

/** Assesses every row; pass `mapping` to use a column mapping the user edited instead of the detected one. */
export function assessTable(
  table: OpportunityTable,
  model: ScoringModel,
  options: AssessOptions,
  mapping?: HeaderMapping,
): TableResult<Assessment> {
  const m = requireMapping(table.headers, mapping);
  const columns = Object.values(m.columns) as number[];
  return {
    mapping: m,
    results: table.rows.map((row) =>
      blankAt(row, columns) ? null : assess(readOpportunity(row, m), model, options),
    ),
  };
}

/** Score-only over every row, as columns (see ScoreColumns): the fast path for shells that need no words. */
export function scoreColumns(
  table: OpportunityTable,
  model: ScoringModel,
  options: AssessOptions,
  mapping?: HeaderMapping,
): ScoreColumns & { mapping: HeaderMapping } {
  const m = requireMapping(table.headers, mapping);
  return { mapping: m, ...scoreRows(table.rows, m, model, options.asOf) };
}

/** Score-only over every row, one Scores object per row (null for an empty row). */
export function scoreTable(
  table: OpportunityTable,
  model: ScoringModel,
  options: AssessOptions,
  mapping?: HeaderMapping,
): TableResult<Scores> {
  const columns = scoreColumns(table, model, options, mapping);
  return {
    mapping: columns.mapping,
    results: Array.from({ length: columns.length }, (_, i) => scoresAt(columns, i)),
  };
}

// The CLI's work without its I/O: read the opportunity table from workbook bytes or CSV text, assess every row
// with the engine, and produce the output file's content. Only translates between the file adapter and the
// engine; every number comes from src/model.
import {
  assessTable,
  matchHeaders,
  OUTPUT_COLUMNS,
  outputRow,
  type Assessment,
  type ScoringModel,
} from "../model";
import { mergeOutputColumns, readCsv, writeCsv } from "../files/csv";
import { colToLetters } from "../files/cellRef";
import { readWorkbookTable, writeOutputColumns, type SheetTable } from "../files/xlsx";

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

export interface ScoreOptions {
  model: ScoringModel;
  asOf: number;
  sheet?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface Scored {
  output: Uint8Array | string;
  results: (Assessment | null)[];
  /** Sheet row number of each result (1-based), for messages and JSON lines. */
  rowNumbers: number[];
  where: string; // "sheet 'Pipeline', table 'Pipeline'" or "CSV"
  updated: boolean; // the file had this tool's columns already, and they were updated in place
}

const CHUNK = 5000;

function assessRows(table: { headers: SheetTable["headers"]; rows: SheetTable["rows"] }, opts: ScoreOptions) {
  const mapping = matchHeaders(table.headers);
  const results: (Assessment | null)[] = [];
  // In chunks, so a long file can report progress; the mapping is found once.
  for (let i = 0; i < table.rows.length; i += CHUNK) {
    const part = assessTable(
      { headers: table.headers, rows: table.rows.slice(i, i + CHUNK) },
      opts.model,
      { asOf: opts.asOf },
      mapping,
    );
    results.push(...part.results);
    opts.onProgress?.(Math.min(i + CHUNK, table.rows.length), table.rows.length);
  }
  if (table.rows.length === 0)
    assessTable({ headers: table.headers, rows: [] }, opts.model, { asOf: opts.asOf }, mapping);
  return results;
}

const outputs = (results: (Assessment | null)[]) =>
  results.map((a) => (a ? outputRow(a) : OUTPUT_COLUMNS.map(() => null)));

/**
 * Where the output columns go: over this tool's own columns when the workbook's marker names them, else right
 * of the data. A user's column that merely has one of our names is never overwritten.
 */
function outputStart(table: SheetTable): number {
  if (table.ownColumns && table.ownColumns.headerRow === table.headerRow) return table.ownColumns.firstCol;
  const mapping = matchHeaders(table.headers);
  for (const [name, index] of Object.entries(mapping.outputColumns)) {
    const ref = `${colToLetters(table.firstCol + index)}${table.headerRow}`;
    throw new CliError(
      `column '${name}' (${ref}) already exists and was not written by qualify; rename it so its data is not overwritten`,
    );
  }
  return table.lastCol + 1;
}

export function scoreWorkbook(data: Uint8Array, opts: ScoreOptions): Scored {
  const table = readWorkbookTable(data, { sheet: opts.sheet });
  const startCol = outputStart(table);
  // This tool's own earlier columns are outputs, not inputs: the engine's header matching already sets them apart.
  const results = assessRows(table, opts);
  const output = writeOutputColumns(data, {
    sheetName: table.sheetName,
    headerRow: table.headerRow,
    firstDataRow: table.headerRow + 1,
    startCol,
    headers: [...OUTPUT_COLUMNS],
    rows: outputs(results),
    tableName: table.tableName,
    firstCol: table.firstCol,
  });
  return {
    output,
    results,
    rowNumbers: results.map((_, i) => table.headerRow + 1 + i),
    where: `sheet '${table.sheetName}'${table.tableName ? `, table '${table.tableName}'` : ""}`,
    updated: startCol <= table.lastCol,
  };
}

export function scoreCsv(text: string, opts: ScoreOptions): Scored {
  const table = readCsv(text);
  if (table.headers.every((h) => h === null || String(h).trim() === ""))
    throw new CliError("row 1: no header row");
  const results = assessRows(table, opts);
  const merged = mergeOutputColumns(table, [...OUTPUT_COLUMNS], outputs(results));
  return {
    output: writeCsv(merged.headers, merged.rows, { delimiter: table.delimiter }),
    results,
    rowNumbers: results.map((_, i) => i + 2),
    where: "CSV",
    updated: merged.replaced,
  };
}

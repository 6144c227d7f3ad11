// The one door between the task pane and a workbook. The pane asks in plain data; an adapter answers:
// src/office/ for Excel (Office.js) and src/workbench/ for a workbook file in the browser. Nothing here
// touches Office.js, the DOM or the engine's scoring: it only says what may be read and written.
import {
  ProblemError,
  type Cell,
  type FieldKey,
  type OutputColumn,
  type Problem,
  type Verdict,
} from "../model";
import type { OutputValue } from "./output-cells";

/** Where the opportunity table is. `address` is the whole block (header row included) on `sheet`, e.g. "A1:T101". */
export interface TableRef {
  kind: "table" | "range";
  sheet: string;
  name?: string; // the Excel table's name when kind is "table"
  address: string;
}

/** How the table was found, said to the user as is. */
export type TableSource =
  "selected table" | "table on the active sheet" | "region around the selection" | "your choice";

export interface TableChoice {
  ref: TableRef;
  label: string; // e.g. "Table Pipeline on Sheet1" or "Sheet2!A1:K40"
}

/** What detection found: the table, a sample of it for the mapping and preview, and the other candidates. */
export interface DetectedTable {
  ref: TableRef;
  source: TableSource;
  headers: Cell[];
  sample: Cell[][]; // the first data rows, at most SAMPLE_ROWS
  rowCount: number; // data rows (header excluded)
  ownColumns: number[]; // table columns this add-in wrote on an earlier run (recognised by its marker)
  alternatives: TableChoice[]; // every other table in the workbook, and the region around the selection
}

export const SAMPLE_ROWS = 20;

/** The whole table, read once per run. */
export interface TableData {
  ref: TableRef;
  headers: Cell[];
  rows: Cell[][];
  ownColumns: number[];
}

/** Where one output column goes. `column` is 0-based within the table; a "new" column is appended at `column`. */
export interface OutputColumnPlan {
  header: OutputColumn;
  column: number;
  origin: "new" | "own" | "user"; // "user": a column of the user's with our header name, which the user agreed to overwrite
}

export interface WriteRequest {
  ref: TableRef;
  /** What the values were computed from; the adapter refuses to write if the sheet no longer has this shape. */
  expected: { headers: Cell[]; rowCount: number };
  columns: OutputColumnPlan[];
  /** One row per data row, one value per entry of `columns`. */
  values: OutputValue[][];
  /** The cells of the existing ("own"/"user") columns before the run, per entry of `columns` (null for new ones), to undo with. */
  previous: (Cell[] | null)[];
}

export interface WriteResult {
  ref: TableRef; // the table after writing (wider if columns were added)
  rowsWritten: number;
  columnsAdded: number;
}

export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A run that stopped part-way: cancelled, or failed. `restored` says the sheet is as it was before; otherwise
 * `writtenRows` says exactly which data rows (1-based, inclusive) hold new values. The problem says which.
 */
export class WriteStoppedError extends ProblemError {
  readonly reason: "cancelled" | "failed";
  readonly restored: boolean;
  readonly writtenRows: [number, number][];

  constructor(problem: Problem<StopCode>) {
    super(problem);
    this.name = "WriteStoppedError";
    const written = "written" in problem.params ? problem.params.written : null;
    this.reason =
      problem.code === "read.cancelled" || problem.code === "write.cancelled" ? "cancelled" : "failed";
    this.restored = written === null;
    this.writtenRows = written ?? [];
  }
}

/** Why a run stops: cancelled while reading or writing, a write that failed, or one refused before it began. */
type StopCode =
  "read.cancelled" | "write.cancelled" | "write.failed" | "write.columnsApart" | "write.cellsNotEmpty";

/** The sheet no longer matches what the run was computed from (headers or row count changed, the table is gone). */
export class TableChangedError extends ProblemError {
  constructor(problem: Problem<"table.changed" | "table.gone" | "table.notOutputColumn">) {
    super(problem);
    this.name = "TableChangedError";
  }
}

import type { StoredValues } from "./mapping-sheet";
export type { StoredValues };

/** A remembered column mapping: the header text chosen for each field, or null for "not in this table". */
export type StoredMapping = Partial<Record<FieldKey, string | null>>;

export interface WorkbookPort {
  /** "excel" inside Excel, "file" in the workbench. */
  readonly kind: "excel" | "file";
  /** Finds the opportunity table (selected table, table on the active sheet, region around the selection) or reads `choice`. */
  detect(choice?: TableRef): Promise<DetectedTable | null>;
  /** Reads the whole table once. */
  readTable(ref: TableRef, control?: RunControl): Promise<TableData>;
  /**
   * Writes the output columns, adds missing ones, applies the verdict colours and the risk colour scale to them and
   * leaves the marker that recognises them next time. Writes nothing outside those columns.
   * Throws WriteStoppedError (cancel/failure) or TableChangedError.
   */
  writeOutputs(request: WriteRequest, control?: RunControl): Promise<WriteResult>;
  /** Filters the table on its Verdict column to `verdicts`, or clears that filter when `verdicts` is null. */
  setVerdictFilter(ref: TableRef, verdictColumn: number, verdicts: Verdict[] | null): Promise<void>;
  /** Selects data row `row` (0-based) of the table in the sheet. */
  selectRow(ref: TableRef, row: number): Promise<void>;
  /** The rows of the `Qualification Model` sheet, or null when the workbook has none. */
  readModelSettings(): Promise<Cell[][] | null>;
  /** Replaces the `Qualification Model` sheet's contents with these setting/value rows (header row included). */
  writeModelSettings(rows: Cell[][]): Promise<void>;
  readMapping(ref: TableRef): Promise<StoredMapping | null>;
  writeMapping(ref: TableRef, mapping: StoredMapping): Promise<void>;
  /** What the user said the table's unrecognised values mean (mapping-sheet.ts), {} when nothing. */
  readValues(ref: TableRef): Promise<StoredValues>;
  writeValues(ref: TableRef, values: StoredValues): Promise<void>;
}

export const MODEL_SHEET = "Qualification Model";
/** A very hidden sheet holding remembered column mappings, one row per table and field. */
export const MAPPING_SHEET = "_OppQualifier";
export const MAPPING_HEADER: Cell[] = ["Table", "Field", "Column header"];
/** The defined name that marks this add-in's own output columns, in Excel and in files the CLI or workbench wrote. */
export const OUTPUT_MARKER = "_OppQualifier_Output";
export const OUTPUT_MARKER_COMMENT = "Columns written by Opportunity Qualifier";

/** The key a mapping is remembered under: the table's name, or the sheet and top-left cell of a plain range. */
export function tableKey(ref: TableRef): string {
  if (ref.kind === "table" && ref.name) return ref.name;
  return `${ref.sheet}!${ref.address.split(":")[0]}`;
}

export function describeTable(ref: TableRef): string {
  return ref.kind === "table" && ref.name
    ? `Table ${ref.name} on ${ref.sheet}`
    : `${ref.sheet}!${ref.address}`;
}

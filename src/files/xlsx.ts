// The xlsx adapter's one entry point: openWorkbook(bytes) gives a handle that reads a table, writes output columns
// beside it and whole small sheets, and saves a package in which every part it did not edit keeps its stored bytes.
// The package is unzipped, its shared strings parsed and a sheet inflated once per handle, however often they are
// read and written. Pure TypeScript on Uint8Array, so it runs in Node and in the browser. What the columns mean
// (their headers, colours, the marker's name) is the caller's: nothing here knows about opportunities.

import type { Cell } from "../model";
import { openBook } from "./book";
import { eachTableRow, readTable, type ReadOptions, type SheetTable } from "./readTable";
import { writeSheetRows, type SheetState } from "./sheetRows";
import { writeOutputs, type OutputSpec } from "./writeOutputs";
import type { InflateLimits, ZipCodec, ZipSource } from "./zip";

export { FileFormatError } from "./errors";
export { newWorkbook, type SheetState } from "./sheetRows";
export type { ReadOptions, SheetTable } from "./readTable";
export type { CellRule, ColourScale, ColumnFormat, OutputSpec, ScaleStop } from "./writeOutputs";
export type { OutputRows } from "./sheetWrite";
export {
  DEFAULT_INFLATE_LIMITS,
  type ChunkStore,
  type InflateLimits,
  type ZipCodec,
  type ZipSource,
} from "./zip";

export interface OpenOptions {
  /** DEFLATE implementation; defaults to fflate (pure JS). Node callers may pass native zlib for speed. */
  codec?: ZipCodec;
  /** Caps on decompression (zip bombs); the defaults pass any real workbook. */
  limits?: Partial<InflateLimits>;
  /**
   * Sheets up to this many bytes of XML are inflated once and kept while the workbook is open; larger ones are
   * inflated in pieces on each pass (read, then write), so their XML is never held whole. Default 32 MB.
   */
  wholeSheetBytes?: number;
}

export interface SheetRowsOptions {
  /** A new sheet's visibility (an existing sheet keeps its own); "veryHidden" hides it from Excel's Unhide too. */
  state?: SheetState;
}

/** An open workbook. Writes are all or nothing: one that throws leaves the handle as it was. */
export interface WorkbookFile {
  /** Every sheet's name, in workbook order (chart sheets and hidden sheets included). */
  sheetNames(): string[];
  /**
   * Finds and reads the table: the first Excel table on `sheet` (or in the workbook), else the used range of the
   * sheet (or the first worksheet) under its first row of two or more values.
   */
  readTable(options?: ReadOptions): SheetTable;
  /**
   * Hands each data row of a table read with keepRows: false to `take`, streaming the sheet (index from the first
   * data row, cells from firstCol to lastCol): for reading a long table without holding it.
   */
  eachRow(table: SheetTable, take: (index: number, cells: Cell[]) => void): void;
  /** Writes output columns beside a table, with their conditional formats, autofilter and marker name. */
  writeOutputs(spec: OutputSpec): void;
  /** Replaces a sheet's cells with `rows` from A1, or adds a sheet holding them. */
  writeSheetRows(sheetName: string, rows: readonly (readonly Cell[])[], options?: SheetRowsOptions): void;
  /** The workbook with every write so far. */
  save(): Uint8Array;
  /** The same bytes as save(), handed to `write` piece by piece (a large package is not copied into one array). */
  saveTo(write: (bytes: Uint8Array) => void): void;
}

/** Opens a workbook from its bytes, or from a source that reads them by position (a file left on disk). */
export function openWorkbook(bytes: Uint8Array | ZipSource, options: OpenOptions = {}): WorkbookFile {
  const book = openBook(bytes, options.codec, options.limits, options.wholeSheetBytes);
  const { pkg } = book;
  return {
    sheetNames: () => pkg.sheets.map((s) => s.name),
    readTable: (opts) => readTable(book, opts),
    eachRow: (table, take) => eachTableRow(book, table, take),
    writeOutputs: (spec) => writeOutputs(book, spec),
    writeSheetRows: (sheetName, rows, opts = {}) =>
      pkg.transaction(() => writeSheetRows(pkg, sheetName, rows, opts.state)),
    save: () => {
      pkg.release();
      return pkg.save();
    },
    saveTo: (write) => {
      pkg.release();
      pkg.saveTo(write);
    },
  };
}

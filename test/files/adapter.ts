// The file adapter called the way the shells call it: open, read or write once, save. The output columns get the
// shells' formats and marker (src/port), so these tests see what the CLI and the workbench write.
import type { Box } from "../../src/port/a1";
import { outputFormats } from "../../src/port/formats";
import { OUTPUT_MARKER, OUTPUT_MARKER_COMMENT } from "../../src/port/workbook";
import {
  openWorkbook,
  type OutputSpec,
  type ReadOptions,
  type SheetTable,
  type ZipCodec,
} from "../../src/files/xlsx";

export const MARKER = { name: OUTPUT_MARKER, comment: OUTPUT_MARKER_COMMENT };

/** What to write, formats and marker defaulting to the shells'. */
export type WriteTarget = Omit<OutputSpec, "formats" | "marker"> &
  Partial<Pick<OutputSpec, "formats" | "marker">>;

export function readWorkbookTable(
  data: Uint8Array,
  opts: ReadOptions & { codec?: ZipCodec } = {},
): SheetTable {
  const { codec, ...read } = opts;
  return openWorkbook(data, { codec }).readTable({ marker: OUTPUT_MARKER, ...read });
}

export function writeOutputColumns(
  data: Uint8Array,
  target: WriteTarget,
  opts: { codec?: ZipCodec } = {},
): Uint8Array {
  const book = openWorkbook(data, opts);
  book.writeOutputs({ formats: outputFormats(target.headers), marker: MARKER, ...target });
  return book.save();
}

export function listSheets(data: Uint8Array): string[] {
  return openWorkbook(data).sheetNames();
}

/** The header cells the marker records on the sheet's table, or null. */
export function markedColumns(data: Uint8Array, sheet: string): Box | null {
  return readWorkbookTable(data, { sheet }).marker ?? null;
}

// A CSV file read in two streaming passes over its bytes, so a file of any length needs memory for one record:
// the first pass finds its encoding, BOM, Excel "sep=" line, delimiter, header and widest row; the second hands
// over the records one by one. Output lines are built from each record's raw text, so the user's fields are
// written back exactly as they were and only the tool's own columns are added or replaced.

import { splitPreamble, type CsvDelimiter } from "./csv";
import { CsvParser, type CsvRecord } from "./csvParser";
import { FileFormatError, fileError } from "./errors";
import { bomBytes, bomEncoding, bomlessUtf16, createDecoder, type TextEncodingName } from "./textEncoding";
import { entryPieces, readZip, type ZipSource } from "./zip";

/** The file's bytes from the start, in pieces; called once per pass. */
export type ByteSource = () => Iterable<Uint8Array>;

export interface CsvLayout {
  encoding: TextEncodingName;
  /** Whether the file starts with its encoding's BOM (written back when it does). */
  bom: boolean;
  /** An Excel "sep=;" first line with its line break, exactly as it was; "" when there is none. */
  preamble: string;
  delimiter: CsvDelimiter;
  headers: string[];
  /** Fields in the widest record, the header included. */
  width: number;
  /** Data records after the header; blank lines at the end are not counted. */
  rows: number;
  /** The first line break of the file: what a last line without one gets. */
  newline: string;
  /** The row (1-based, the header being 1) whose quote is never closed, if any: it runs to the end of the file. */
  unclosedRow?: number;
}

const HEAD_CHARS = 1 << 16;

interface Start {
  bom: boolean;
  preamble: string;
  delimiter: CsvDelimiter;
}

/** Decodes and parses the whole source, giving each record to `onRecord`; returns what it found at the start. */
function parseSource(
  source: ByteSource,
  encoding: TextEncodingName,
  onRecord: (r: CsvRecord) => void,
): Start {
  const decode = createDecoder(encoding);
  const bomOf = bomBytes(encoding);
  let first = true;
  let head = "";
  let parser: CsvParser | undefined;
  let start: Start = { bom: false, preamble: "", delimiter: "," };
  const begin = () => {
    const { preamble, delimiter, rest } = splitPreamble(head);
    head = "";
    start = { ...start, preamble, delimiter };
    parser = new CsvParser(delimiter, onRecord);
    parser.push(rest);
  };
  const take = (text: string) => {
    if (parser) parser.push(text);
    else {
      head += text;
      if (head.length >= HEAD_CHARS) begin();
    }
  };
  for (const bytes of source()) {
    if (first && bytes.length > 0) {
      first = false;
      start = { ...start, bom: bomOf.length > 0 && bomOf.every((b, i) => bytes[i] === b) };
    }
    take(decode(bytes, false));
  }
  take(decode(new Uint8Array(0), true));
  if (!parser) begin();
  parser!.end();
  return start;
}

/** The encoding the bytes announce (BOM, or UTF-16's zero bytes), if any. */
function announcedEncoding(source: ByteSource): TextEncodingName | undefined {
  // The first 4 KB, however the source cuts its pieces: UTF-16 without a BOM is told by many zero bytes.
  const head = new Uint8Array(4096);
  let n = 0;
  for (const bytes of source()) {
    const take = Math.min(bytes.length, head.length - n);
    head.set(bytes.subarray(0, take), n);
    n += take;
    if (n === head.length) break;
  }
  const start = head.subarray(0, n);
  return bomEncoding(start) ?? bomlessUtf16(start);
}

/**
 * The first pass: the file's layout. The encoding is `forced`, else the one its BOM names, else UTF-16 told by
 * its zero bytes, else UTF-8 when every byte is valid UTF-8, else Windows-1252 (what Excel's "CSV (Comma
 * delimited)" writes on Western-European Windows).
 */
export function scanCsv(source: ByteSource, forced?: TextEncodingName): CsvLayout {
  const encoding = forced ?? announcedEncoding(source) ?? "utf-8";
  try {
    return scanAs(source, encoding);
  } catch (e) {
    const invalidUtf8 =
      e instanceof FileFormatError && e.problem.code === "file.encoding" && !forced && encoding === "utf-8";
    if (!invalidUtf8) throw e;
    return scanAs(source, "windows-1252");
  }
}

function scanAs(source: ByteSource, encoding: TextEncodingName): CsvLayout {
  let headers: string[] | undefined;
  let width = 0;
  let count = 0; // records after the header
  let rows = 0;
  let newline = "";
  let unclosedRow: number | undefined;
  const start = parseSource(source, encoding, (r) => {
    if (r.unclosed) unclosedRow = count + (headers ? 2 : 1);
    if (!headers) {
      headers = r.fields;
      newline = r.newline;
    } else {
      count++;
      if (!r.blank) rows = count;
    }
    if (r.fields.length > width) width = r.fields.length;
  });
  return {
    encoding,
    bom: start.bom,
    preamble: start.preamble,
    delimiter: start.delimiter,
    headers: headers ?? [],
    width,
    rows,
    newline: newline || "\r\n",
    unclosedRow,
  };
}

/** The second pass: every record in order (the header first), with its index (0 = the header). */
export function eachCsvRecord(
  source: ByteSource,
  layout: CsvLayout,
  fn: (r: CsvRecord, index: number) => void,
): void {
  let index = 0;
  parseSource(source, layout.encoding, (r) => fn(r, index++));
}

/**
 * A whole CSV table, read by the same rules as the two passes (encoding, BOM, "sep=" line, delimiter), for the
 * callers that need every row at once: learning from a history, the workbench. Blank lines at the end are not rows.
 */
export function readCsvTable(
  source: ByteSource,
  forced?: TextEncodingName,
): { headers: string[]; rows: string[][]; layout: CsvLayout } {
  const layout = scanCsv(source, forced);
  const rows: string[][] = [];
  eachCsvRecord(source, layout, (r, index) => {
    if (index > 0 && index <= layout.rows) rows.push(r.fields);
  });
  return { headers: layout.headers, rows, layout };
}

/**
 * One output line: the record's first `base` fields exactly as they were (padded with empty fields when it has
 * fewer), then the `columns` (already written as CSV fields), then any fields it had after the `replaced` ones.
 * Ends with the record's own line break.
 */
export function outputLine(
  r: CsvRecord,
  base: number,
  replaced: number,
  delimiter: string,
  columns: readonly string[],
  newline: string,
): string {
  const n = r.fields.length;
  let line: string;
  if (n > base) line = r.raw.slice(0, r.starts[base] - 1);
  else line = r.raw + delimiter.repeat(base - n);
  line += delimiter + columns.join(delimiter);
  if (n > base + replaced) line += r.raw.slice(r.starts[base + replaced] - 1);
  return line + (r.newline || newline);
}

/**
 * The one CSV inside a zip archive (as data sets are shipped: "export.csv.zip"), as a source of its bytes for the
 * two passes: inflated a piece at a time on each pass, checked as any zip part is (limits, size, CRC-32). Folders
 * and macOS's "__MACOSX/" copies are not files; no CSV, or several, is a problem naming what the archive holds.
 */
export function zippedCsv(archive: ZipSource): { name: string; source: ByteSource } {
  const zip = readZip(archive);
  const files = zip.entries.filter((e) => !e.name.endsWith("/") && !/(^|\/)__MACOSX\//.test(e.name));
  const csvs = files.filter((e) => /\.(csv|txt)$/i.test(e.name));
  if (csvs.length === 0) throw fileError("file.zipNoCsv", { entries: files.map((e) => e.name) });
  if (csvs.length > 1) throw fileError("file.zipManyCsv", { names: csvs.map((e) => e.name) });
  const entry = csvs[0];
  return { name: entry.name, source: () => entryPieces(zip, entry) };
}

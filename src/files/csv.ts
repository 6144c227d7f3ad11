// CSV in and out for whole texts: a reader that detects "," / ";" / tab from the header line (or Excel's "sep="
// line), a writer that neutralises spreadsheet formula injection losslessly, and typing of CSV cells. Files of any
// size are streamed by csvFile.ts with the same parser (csvParser.ts).

import type { Cell } from "../model";
import { isFormulaLike } from "../port/output-cells";
import { CsvParser, type CsvRecord } from "./csvParser";

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvTable {
  headers: Cell[];
  rows: Cell[][];
  delimiter: CsvDelimiter;
}

const CANDIDATES: CsvDelimiter[] = [",", ";", "\t"];

/**
 * The delimiter that splits the first record into the most fields (ties go to ","), the record read by the parser's
 * own rules for each candidate, so a stray quote is treated the same way here as when the file is read.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const head = text.slice(0, 1 << 16);
  let best: CsvDelimiter = ",";
  let most = -1;
  for (const d of CANDIDATES) {
    let fields = 0;
    const stop = new Error("first record read");
    try {
      const parser = new CsvParser(d, (r) => {
        fields = r.fields.length;
        throw stop;
      });
      parser.push(head);
      parser.end();
    } catch (e) {
      if (e !== stop) throw e;
    }
    if (fields > most) {
      most = fields;
      best = d;
    }
  }
  return best;
}

/**
 * An Excel "sep=;" first line: the delimiter it names and the text after it. Without one, the delimiter is the
 * one used most on the first line.
 */
export function splitPreamble(text: string): { preamble: string; delimiter: CsvDelimiter; rest: string } {
  const sep = /^sep=([,;\t])(\r\n|\n|\r)/i.exec(text);
  if (sep) return { preamble: sep[0], delimiter: sep[1] as CsvDelimiter, rest: text.slice(sep[0].length) };
  return { preamble: "", delimiter: detectDelimiter(text), rest: text };
}

/**
 * Parses CSV text. Values stay text (the engine parses numbers and dates itself). A leading BOM and an Excel
 * "sep=" line are honoured; an unterminated quote takes the rest of the text rather than losing it.
 */
export function readCsv(text: string): CsvTable {
  const { delimiter, rest } = splitPreamble(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const records: CsvRecord[] = [];
  const parser = new CsvParser(delimiter, (r) => records.push(r));
  parser.push(rest);
  parser.end();
  // Blank lines at the end are not rows.
  while (records.length > 0 && records[records.length - 1].blank) records.pop();
  const [headers = [], ...rows] = records.map((r) => r.fields);
  return { headers, rows, delimiter };
}

const PLAIN_NUMBER_RE = /^[+-]?(?:\d[\d,.]*|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/**
 * OWASP CSV injection defence for the columns this tool writes: text starting with = + - @ (or tab / CR) gets a
 * single quote in front so a spreadsheet shows it as text instead of running it. Plain signed numbers ("-5",
 * "+1.2") cannot run anything and are left alone. Text that already starts with a quote gets one more, so the
 * rule is lossless: drop one leading quote from a written value to get the text back ('=x is written ''=x).
 */
export function neutraliseCsvText(s: string): string {
  if (s.startsWith("'") || (isFormulaLike(s) && !PLAIN_NUMBER_RE.test(s))) return "'" + s;
  return s;
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString();
  return v.error;
}

export interface CsvWriteOptions {
  delimiter?: CsvDelimiter;
  /** Line ending; RFC 4180 says CRLF. */
  newline?: string;
  /** Neutralise formula-like text (default true). */
  neutralise?: boolean;
}

/** One value as a CSV field: text neutralised (neutraliseCsvText), quoted when it needs to be. */
export function csvField(v: Cell, neutralise = true): string {
  let t = cellText(v);
  if (neutralise && typeof v === "string") t = neutraliseCsvText(t);
  // Quote anything holding a candidate delimiter too, so delimiter detection on read cannot be misled, and a
  // leading BOM, which a reader would take for the file's own.
  return /[",;\t\r\n]|^\ufeff/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Writes a CSV with a trailing newline. Text cells are neutralised against formula injection. */
export function writeCsv(headers: Cell[], rows: Cell[][], opts: CsvWriteOptions = {}): string {
  const d = opts.delimiter ?? ",";
  const nl = opts.newline ?? "\r\n";
  const neutralise = opts.neutralise ?? true;
  const field = (v: Cell): string => csvField(v, neutralise);
  const line = (cells: Cell[]): string => {
    const text = cells.map(field).join(d);
    // A lone empty field would be a blank line, which readers skip.
    return text === "" && cells.length > 0 ? '""' : text;
  };
  const out: string[] = [line(headers)];
  for (const r of rows) out.push(line(r));
  return out.join(nl) + nl;
}

/** CSV cells are text; plain numbers become numbers so the workbook a user downloads adds up. */
export function typedCell(v: Cell): Cell {
  if (typeof v !== "string") return v;
  const t = v.trim();
  return /^-?(\d+(\.\d+)?|\.\d+)(e[+-]?\d+)?$/i.test(t) && t.length < 16 ? Number(t) : v;
}

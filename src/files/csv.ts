// CSV in and out: an RFC 4180 reader that detects "," / ";" / tab from the header line, a writer that neutralises
// spreadsheet formula injection, and the merge of output columns into a table read from CSV.

import type { Cell } from "../model";
import { isFormulaLike, type OutputValue } from "../port/output-cells";

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvTable {
  headers: Cell[];
  rows: Cell[][];
  delimiter: CsvDelimiter;
}

const CANDIDATES: CsvDelimiter[] = [",", ";", "\t"];

/** The delimiter used most often outside quotes on the first line (ties go to ","). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: CsvDelimiter = ",";
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/**
 * Parses CSV text. Values stay text (the engine parses numbers and dates itself). A leading BOM and an Excel
 * "sep=" line are honoured; an unterminated quote takes the rest of the text rather than losing it.
 */
export function readCsv(text: string): CsvTable {
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let delimiter: CsvDelimiter | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(s);
  if (sep && CANDIDATES.includes(sep[1] as CsvDelimiter)) {
    delimiter = sep[1] as CsvDelimiter;
    s = s.slice(sep[0].length);
  }
  const d = delimiter ?? detectDelimiter(s);
  const records: string[][] = [];
  const blank: boolean[] = [];
  const n = s.length;
  let i = 0;
  let record: string[] = [];
  let sawQuote = false;
  while (i < n) {
    let value: string;
    if (s[i] === '"') {
      sawQuote = true;
      value = "";
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          value += s.slice(i);
          i = n;
          break;
        }
        value += s.slice(i, q);
        if (s[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text after a closing quote (malformed) is kept, not dropped.
      const stop = nextStop(s, i, d);
      value += s.slice(i, stop);
      i = stop;
    } else {
      const stop = nextStop(s, i, d);
      value = s.slice(i, stop);
      i = stop;
    }
    record.push(value);
    if (i >= n) break;
    const c = s[i];
    if (c === d) {
      i++;
      if (i >= n) record.push("");
      continue;
    }
    i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
    records.push(record);
    blank.push(!sawQuote && record.length === 1 && record[0] === "");
    record = [];
    sawQuote = false;
  }
  if (record.length > 0) {
    records.push(record);
    blank.push(!sawQuote && record.length === 1 && record[0] === "");
  }
  // Blank lines at the end are not rows.
  while (records.length > 0 && blank[records.length - 1]) {
    records.pop();
    blank.pop();
  }
  const [headers = [], ...rows] = records;
  return { headers, rows, delimiter: d };
}

function nextStop(s: string, from: number, d: string): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === d || c === "\n" || c === "\r") return i;
  }
  return s.length;
}

const PLAIN_NUMBER_RE = /^[+-]?(?:\d[\d,.]*|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/**
 * OWASP CSV injection defence: text starting with = + - @ (or tab / CR) is prefixed with a single quote so a
 * spreadsheet shows it as text instead of running it. Plain signed numbers ("-5", "+1.2") cannot run anything
 * and are left alone so negative values survive.
 */
export function neutraliseCsvText(s: string): string {
  if (!isFormulaLike(s) || PLAIN_NUMBER_RE.test(s)) return s;
  return "'" + s;
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

/** Writes a CSV with a trailing newline. Text cells are neutralised against formula injection. */
export function writeCsv(headers: Cell[], rows: Cell[][], opts: CsvWriteOptions = {}): string {
  const d = opts.delimiter ?? ",";
  const nl = opts.newline ?? "\r\n";
  const neutralise = opts.neutralise ?? true;
  const field = (v: Cell): string => {
    let t = cellText(v);
    if (neutralise && typeof v === "string") t = neutraliseCsvText(t);
    // Quote anything holding a candidate delimiter too, so delimiter detection on read cannot be misled, and a
    // leading BOM, which a reader would take for the file's own.
    return /[",;\t\r\n]|^\ufeff/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const line = (cells: Cell[]): string => {
    const text = cells.map(field).join(d);
    // A lone empty field would be a blank line, which readers skip.
    return text === "" && cells.length > 0 ? '""' : text;
  };
  const out: string[] = [line(headers)];
  for (const r of rows) out.push(line(r));
  return out.join(nl) + nl;
}

/**
 * Puts output columns on a CSV table: when its last headers are exactly `outputHeaders` (an earlier run), they
 * are replaced; otherwise they are appended after the widest row. Extra fields are never dropped.
 */
export function mergeOutputColumns(
  table: { headers: Cell[]; rows: Cell[][] },
  outputHeaders: string[],
  outputRows: readonly (readonly OutputValue[])[],
): { headers: Cell[]; rows: Cell[][]; replaced: boolean } {
  const k = outputHeaders.length;
  const h = table.headers;
  const replaced =
    h.length >= k && outputHeaders.every((name, i) => String(h[h.length - k + i] ?? "").trim() === name);
  const width = Math.max(h.length, ...table.rows.map((r) => r.length));
  const base = replaced ? h.length - k : width;
  const pad = (cells: Cell[], to: number, fill: Cell): Cell[] => {
    const out = cells.slice(0, to);
    while (out.length < to) out.push(fill);
    return out;
  };
  const headers = [...pad(h, base, ""), ...outputHeaders];
  const rows = table.rows.map((r, i) => [
    ...pad(r, base, ""),
    ...pad([...(outputRows[i] ?? [])], k, null),
    ...r.slice(base + k),
  ]);
  return { headers, rows, replaced };
}

/** CSV cells are text; plain numbers become numbers so the workbook a user downloads adds up. */
export function typedCell(v: Cell): Cell {
  if (typeof v !== "string") return v;
  const t = v.trim();
  return /^-?(\d+(\.\d+)?|\.\d+)(e[+-]?\d+)?$/i.test(t) && t.length < 16 ? Number(t) : v;
}

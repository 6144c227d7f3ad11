// Value parsing: turns what analysts really type ("$1.2M", "25%", "3 years", "Q3 2027", "Wholly bespoke")
// into numbers on a field's axis or level keys. Never throws: anything it cannot read is "unrecognised", kept
// verbatim so the rationale can quote it. The shapes of numbers and dates are rules (here); the words a value
// may be written in are the model's vocabulary, compiled into one reader per field (fieldReaders).
import defaultJson from "./default-model.json";
import { partsToSerial, dateToSerial } from "./dates";
import { FIELDS, fieldSpec, type FieldSpec } from "./fields";
import { compactWord, type Vocabulary } from "./schema";
import type { Cell, FieldKey, FieldValue } from "./types";

const MISSING: FieldValue = Object.freeze({ status: "missing" }) as FieldValue;

const EXCEL_ERROR =
  /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;
const MAX_TEXT = 200; // longer text is never a value we can read; quote it shortened

function unrecognised(raw: string): FieldValue {
  const shown = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  return { status: "unrecognised", raw: shown };
}

function ok(value: number | string | boolean, raw: Cell): FieldValue {
  return { status: "ok", value, raw };
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
const isDigit = (c: number) => c >= ZERO && c <= NINE;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function plainNumber(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, "");
  if (!NUMBER.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The common shapes of groupedNumber's input, read without regular expressions: "1200000", "1.25",
 * "1,200,000", "1.200.000" and "12,5". Exactly what the general rule below makes of them; NaN for anything else.
 */
function commonGrouping(t: string): number {
  const n = t.length;
  if (n === 0 || n > 24 || !isDigit(t.charCodeAt(0)) || !isDigit(t.charCodeAt(n - 1))) return NaN;
  let mark = 0; // the one kind of mark used: a point or a comma
  let marks = 0;
  let last = -1; // where the last mark is
  let regular = true; // every mark is followed by exactly three digits, the first preceded by one to three
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (isDigit(c)) continue;
    if (c !== DOT && c !== COMMA) return NaN;
    if (mark !== 0 && c !== mark) return NaN;
    mark = c;
    if (marks === 0 ? i > 3 : i - last !== 4) regular = false;
    marks++;
    last = i;
  }
  if (marks > 0 && n - last !== 4) regular = false;
  if (marks === 0) return Number(t);
  if (mark === DOT) {
    if (marks === 1) return Number(t); // a decimal point
    return regular ? Number(t.replaceAll(".", "")) : NaN; // "1.200.000"; other uses of points: the general rule
  }
  if (regular) return Number(t.replaceAll(",", "")); // "1,200,000"
  if (marks === 1 && n - last <= 3) return Number(t.replace(",", ".")); // "12,5": a decimal comma
  return NaN;
}

/** "1,200,000", "1.200.000", "1 200 000,50", "1.2": decides which mark is the decimal point. */
function groupedNumber(text: string): number | null {
  const common = commonGrouping(text);
  if (common === common) return common;
  let t = text.replace(/[\s\u00a0\u202f']/g, "");
  if (t === "") return null;
  const hasComma = t.includes(",");
  const hasDot = t.includes(".");
  if (hasComma && hasDot) {
    const decimal = t.lastIndexOf(",") > t.lastIndexOf(".") ? "," : ".";
    const group = decimal === "," ? "." : ",";
    t = t.split(group).join("");
    if (decimal === ",") t = t.replace(",", ".");
  } else if (hasComma) {
    if (/^[+-]?\d{1,3}(,\d{3})+$/.test(t)) t = t.replace(/,/g, "");
    else if (/^[+-]?\d+,\d{1,2}$/.test(t)) t = t.replace(",", ".");
    else return null;
  } else if (hasDot && (t.match(/\./g) ?? []).length > 1) {
    if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, "");
    else return null;
  }
  return plainNumber(t);
}

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  mio: 1e6,
  million: 1e6,
  millions: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};
const CURRENCY = /[$€£¥₹]|\b(usd|eur|gbp|chf|aud|cad|jpy|inr|sek|nok|dkk|nzd|sgd|zar)\b/gi;

const SYMBOLS = new Set([0x24, 0x20ac, 0xa3, 0xa5, 0x20b9]); // $ € £ ¥ ₹
const CODES = new Set([
  "usd",
  "eur",
  "gbp",
  "chf",
  "aud",
  "cad",
  "jpy",
  "inr",
  "sek",
  "nok",
  "dkk",
  "nzd",
  "sgd",
  "zar",
]);
const MULTIPLIER_WORDS = new Map(Object.entries(MULTIPLIERS));

/**
 * An amount in the shape most exports use, read without regular expressions: an optional currency symbol (or a
 * code and a space) in front, digits grouped by commas, points or single spaces, and an optional multiplier
 * ("$1.2M", "€950k", "EUR 1.234.567", "1 234 k"). It reads exactly as parseMoney's general rule reads the same
 * text (it is that rule's first step); anything else gives NaN and takes the general rule.
 */
function simpleAmount(t: string): number {
  const n = t.length;
  if (n === 0 || n > 40) return NaN;
  let i = 0;
  const first = t.charCodeAt(0);
  if (SYMBOLS.has(first)) {
    i = 1;
    if (t.charCodeAt(i) === SPACE) i++;
  } else if (!isDigit(first)) {
    if (n < 5 || t.charCodeAt(3) !== SPACE || !CODES.has(t.slice(0, 3).toLowerCase())) return NaN;
    i = 4;
  }
  const start = i;
  if (!isDigit(t.charCodeAt(i))) return NaN;
  let whole = 0; // the digits as a whole number, while they are only digits
  let onlyDigits = true;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (isDigit(c)) whole = whole * 10 + (c - ZERO);
    else if (c === DOT || c === COMMA || (c === SPACE && isDigit(t.charCodeAt(i + 1)))) onlyDigits = false;
    else break;
    i++;
  }
  const end = i;
  if (!isDigit(t.charCodeAt(end - 1))) return NaN; // "1,200." is not an amount
  if (i < n && t.charCodeAt(i) === SPACE) i++;
  let multiplier = 1;
  if (i === n - 1) {
    const c = t.charCodeAt(i) | 0x20; // one letter, either case
    multiplier = c === 0x6b ? 1e3 : c === 0x6d ? 1e6 : c === 0x62 ? 1e9 : NaN; // k, m, b
    if (multiplier !== multiplier) return NaN;
  } else if (i < n) {
    const m = MULTIPLIER_WORDS.get(t.slice(i).toLowerCase());
    if (m === undefined) return NaN;
    multiplier = m;
  } else if (t.charCodeAt(n - 1) === SPACE) return NaN;
  // Up to 15 digits, the whole number is exact, as Number() would read it.
  const value = onlyDigits && end - start <= 15 ? whole : groupedNumber(t.slice(start, end));
  return value === null ? NaN : value * multiplier;
}

function parseMoney(text: string): number | null {
  const simple = simpleAmount(text);
  if (simple === simple) return simple;
  const t = text.toLowerCase().replace(CURRENCY, "").trim();
  const m = /^(.*?)\s*(k|thousand|mm|mn|mio|m|millions?|bn|b|billion)?$/.exec(t);
  if (!m) return null;
  const n = groupedNumber(m[1]);
  if (n === null) return null;
  return n * (m[2] ? MULTIPLIERS[m[2]] : 1);
}

function parsePercent(text: string): number | null {
  const m = /^(.*?)\s*(%|percent|pct)?$/i.exec(text.trim());
  if (!m) return null;
  const n = groupedNumber(m[1]);
  if (n === null) return null;
  return m[2] ? n / 100 : fractionFromNumber(n);
}

/** In a percent field a number above 1 means percent: 25 is 25%, 0.25 is 25%. */
function fractionFromNumber(n: number): number {
  return Math.abs(n) > 1 ? n / 100 : n;
}

/** A number and a unit word ("3 weeks", "12 pd"), converted by the vocabulary's factor for that unit. */
function parseWithUnit(text: string, units: ReadonlyMap<string, number>): number | null {
  const m = /^([+-]?[\d.,\s]*\d[\d.,]*)\s*([a-z ]*)$/i.exec(text.trim().toLowerCase());
  if (!m) return null;
  const n = groupedNumber(m[1]);
  if (n === null) return null;
  const unit = compactWord(m[2]);
  if (unit === "") return n;
  const factor = units.get(unit);
  return factor === undefined ? null : n * factor;
}

/** A leading count ("12 questions", "3 workshops"). */
function parseCount(text: string): number | null {
  const m = /^(\d[\d,]*(\.\d+)?)(\s+[\p{L} ]+)?$/u.exec(text.trim());
  if (!m) return null;
  return groupedNumber(m[1]);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function monthIndex(word: string): number | null {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

function lastDayOfMonth(year: number, month: number): number | null {
  return partsToSerial(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/**
 * Dates as text: ISO, day-first or month-first when unambiguous, "31 Mar 2027", "Mar 2027", "Q3 2027", "H2 2027".
 * Periods resolve to their last day: a roadmap promise for "Q3" is only kept at the end of Q3.
 */
function parseDateText(text: string): number | null {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})([ T].*)?$/.exec(t);
  if (m) return partsToSerial(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (m) {
    const a = +m[1];
    const b = +m[2];
    if (a > 12 && b <= 12) return partsToSerial(+m[3], b, a);
    if (b > 12 && a <= 12) return partsToSerial(+m[3], a, b);
    if (a === b) return partsToSerial(+m[3], a, b);
    return null; // 03/04/2027 could be March or April: refuse rather than guess
  }
  m = /^(\d{4})[-/](\d{1,2})$/.exec(t);
  if (m) return lastDayOfMonth(+m[1], +m[2]);
  m = /^q([1-4])[\s-]*(?:fy)?\s*(\d{4})$/i.exec(t);
  if (m) return lastDayOfMonth(+m[2], +m[1] * 3);
  m = /^(\d{4})[\s-]*q([1-4])$/i.exec(t);
  if (m) return lastDayOfMonth(+m[1], +m[2] * 3);
  m = /^h([12])\s*(\d{4})$/i.exec(t);
  if (m) return lastDayOfMonth(+m[2], +m[1] * 6);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i.exec(t);
  if (m && monthIndex(m[2])) return partsToSerial(+m[3], monthIndex(m[2])!, +m[1]);
  m = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(t);
  if (m && monthIndex(m[1])) return partsToSerial(+m[3], monthIndex(m[1])!, +m[2]);
  m = /^([a-z]{3,9})\.?\s+(\d{4})$/i.exec(t);
  if (m && monthIndex(m[1])) return lastDayOfMonth(+m[2], monthIndex(m[1])!);
  m = /^(\d{4})$/.exec(t);
  if (m && +m[1] >= 1900) return partsToSerial(+m[1], 12, 31);
  return null;
}

const MAX_SERIAL = 2958465; // 9999-12-31

/** One field's reader: the field and the vocabulary's words for it, folded once (compactWord). */
export interface FieldReader {
  spec: FieldSpec;
  missing: ReadonlySet<string>; // words that mean "no value" (lower case, trimmed): "tbd", "n/a", "-"
  levels: ReadonlyMap<string, string> | null; // level and yes/no fields: word → level key
  words: ReadonlyMap<string, number> | null; // numeric fields: word → number on the field's axis
  units: ReadonlyMap<string, number> | null; // days and months: unit word → factor
}

const folded = <V>(entries: Iterable<[string, V]>): Map<string, V> => {
  const map = new Map<string, V>();
  for (const [word, value] of entries) {
    const key = compactWord(word);
    if (!map.has(key)) map.set(key, value);
  }
  return map;
};

/** Compiles a vocabulary into one reader per field, in FIELDS order. */
export function fieldReaders(vocabulary: Vocabulary): FieldReader[] {
  const missing = new Set(vocabulary.missing.map((w) => w.trim().toLowerCase()));
  const units = {
    days: folded(Object.entries(vocabulary.units.days)),
    months: folded(Object.entries(vocabulary.units.months)),
  };
  return FIELDS.map((spec): FieldReader => {
    let levels: Map<string, string> | null = null;
    if (spec.levels) {
      const words = vocabulary.levels[spec.key] ?? {};
      // A level's own key and label always name it; then the vocabulary's words, in the order given.
      levels = folded([
        ...spec.levels.flatMap((l): [string, string][] => [
          [l.key, l.key],
          [l.label, l.key],
        ]),
        ...spec.levels.flatMap((l) => (words[l.key] ?? []).map((w): [string, string] => [w, l.key])),
      ]);
    }
    const words = vocabulary.words[spec.key];
    return {
      spec,
      missing,
      levels,
      words: words ? folded(Object.entries(words)) : null,
      units: spec.kind === "days" ? units.days : spec.kind === "months" ? units.months : null,
    };
  });
}

/** The shipped vocabulary's readers: what parseCell reads with when no model is given. Never changed. */
const DEFAULT_READERS: readonly FieldReader[] = fieldReaders(defaultJson.vocabulary as Vocabulary);
const DEFAULT_BY_KEY = new Map<FieldKey, FieldReader>(DEFAULT_READERS.map((r) => [r.spec.key, r]));

/** The shipped vocabulary's number for a word of a numeric field ("High" for 0.9 Resources), to say a value back. */
export function defaultWordFor(field: FieldKey, value: number): string | undefined {
  const words = (defaultJson.vocabulary.words as Record<string, Record<string, number>>)[field];
  return words ? Object.entries(words).find(([, n]) => n === value)?.[0] : undefined;
}

/**
 * The range of values each kind reads. An unbounded kind still has a largest value: beyond it a number is no
 * opportunity's (1e308 interactions would make the effort Infinity), so it is unrecognised and quoted, never
 * computed with. One switch, not a table lookup: it runs for every number cell.
 */
function inRange(spec: FieldSpec, n: number): boolean {
  switch (spec.kind) {
    case "percent":
      return spec.key === "margin" ? n >= -1 && n <= 1 : n >= 0 && n <= 1;
    case "scale":
      return n >= 1 && n <= 5;
    case "date":
      return n >= 1 && n <= MAX_SERIAL;
    case "money":
      return n >= 0 && n <= 1e15;
    case "count":
      return n >= 0 && n <= 1e6;
    case "days":
      return n >= 0 && n <= 1e7;
    case "months":
      return n >= 0 && n <= 1e4;
    default:
      return n >= 0;
  }
}

/**
 * A text the field reads straight as a number, the way the full parser reads it: a plain decimal in any numeric
 * field but dates ("2027" is a year there), and a simple amount in money fields. NaN for any other text, which
 * then takes the full parser. The plan uses it to skip its memo for values that rarely repeat.
 */
export function quickNumber(spec: FieldSpec, text: string): number {
  if (!isNumericKind(spec) || spec.kind === "date") return NaN;
  let n = plainDecimal(text);
  if (n !== n && spec.kind === "money") n = simpleAmount(text);
  return n === n ? numericValue(spec, n) : NaN;
}

/** Whether a field reads a number cell as a number on its axis (every kind but text, level and boolean). */
export function isNumericKind(spec: FieldSpec): boolean {
  return spec.kind !== "text" && spec.kind !== "level" && spec.kind !== "boolean";
}

/**
 * A number cell in a numeric field, as the value on the field's axis, or NaN when it is not one (infinite,
 * out of range). The one rule for number cells: fromNumber and the table scorer both use it.
 */
export function numericValue(spec: FieldSpec, n: number): number {
  if (!Number.isFinite(n)) return NaN;
  if (spec.kind === "percent") n = fractionFromNumber(n);
  else if (spec.kind === "date") n = Math.floor(n);
  return inRange(spec, n) ? n : NaN;
}

function fromNumber(reader: FieldReader, n: number, raw: Cell): FieldValue {
  const spec = reader.spec;
  if (!Number.isFinite(n)) return unrecognised(String(n));
  switch (spec.kind) {
    case "text":
      return ok(String(n), raw);
    case "level": {
      // A level written as a number (a band, a code) means what the vocabulary says that number means.
      const key = reader.levels!.get(String(n));
      return key === undefined ? unrecognised(String(n)) : ok(key, raw);
    }
    case "boolean":
      return n === 1 ? ok("yes", raw) : n === 0 ? ok("no", raw) : unrecognised(String(n));
  }
  const value = numericValue(spec, n);
  return value === value ? ok(value, raw) : unrecognised(String(raw));
}

/**
 * A plain decimal text ("1200000", "0.25", "36"): digits, at most one point with digits after it, nothing else.
 * Every numeric field but dates (where "2027" is a year) reads it as that number, exactly as it reads the number
 * cell: the one rule, used by the parser below and by the plan's shortcut past its memo. NaN when not plain.
 */
export function plainDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 20) return NaN;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) continue;
    if (c !== DOT || dot >= 0 || i === 0 || i === n - 1) return NaN;
    dot = i;
  }
  return Number(text);
}

function fromText(reader: FieldReader, text: string, raw: Cell): FieldValue {
  const spec = reader.spec;
  if (spec.kind === "text") return ok(text, raw);
  if (text.length > MAX_TEXT) return unrecognised(text);
  if (isNumericKind(spec) && spec.kind !== "date") {
    const plain = plainDecimal(text);
    if (plain === plain) {
      const value = numericValue(spec, plain);
      return value === value ? ok(value, raw) : unrecognised(text);
    }
  }
  if (spec.kind === "level" || spec.kind === "boolean") {
    const key = reader.levels!.get(compactWord(text));
    return key ? ok(key, raw) : unrecognised(text);
  }
  const word = reader.words?.get(compactWord(text));
  if (word !== undefined) return ok(word, raw);
  let n: number | null;
  switch (spec.kind) {
    case "money":
      n = parseMoney(text);
      break;
    case "percent":
      n = parsePercent(text);
      break;
    case "scale": {
      const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*5|of\s*5)?$/.exec(text.trim());
      n = m ? Number(m[1]) : null;
      break;
    }
    case "count":
      n = parseCount(text);
      break;
    case "days":
      n = parseWithUnit(text, reader.units!);
      break;
    case "months":
      n = parseWithUnit(text, reader.units!);
      break;
    case "date": {
      n = parseDateText(text);
      if (n === null) {
        const serial = plainNumber(text);
        n = serial !== null && serial >= 1 ? Math.floor(serial) : null;
      }
      break;
    }
  }
  return n !== null && Number.isFinite(n) && inRange(spec, n) ? ok(n, raw) : unrecognised(text);
}

/**
 * Reads one cell as the given field, with the shipped vocabulary. Total: every input gives a FieldValue. Scoring
 * reads through its model's plan (readCell with the model's readers), so a model's own words count there.
 */
export function parseCell(field: FieldKey, cell: Cell): FieldValue {
  fieldSpec(field); // an unknown field is a programming error, said at once
  return readCell(DEFAULT_BY_KEY.get(field)!, cell);
}

/** Reads one cell with a field's reader. Total: every input gives a FieldValue. */
export function readCell(reader: FieldReader, cell: Cell): FieldValue {
  const spec = reader.spec;
  if (cell === null || cell === undefined) return MISSING;
  if (typeof cell === "number") return fromNumber(reader, cell, cell);
  if (typeof cell === "string") return parseString(reader, cell);
  if (typeof cell === "boolean") {
    if (spec.kind === "boolean") return ok(cell ? "yes" : "no", cell);
    if (spec.kind === "text") return ok(cell ? "TRUE" : "FALSE", cell);
    return unrecognised(cell ? "TRUE" : "FALSE");
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return unrecognised("Invalid Date");
    const serial = dateToSerial(cell);
    if (spec.kind === "date")
      return inRange(spec, serial) ? ok(serial, cell) : unrecognised(cell.toISOString());
    if (spec.kind === "text") return ok(cell.toISOString().slice(0, 10), cell);
    return unrecognised(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === "object" && typeof (cell as { error?: unknown }).error === "string") {
    return unrecognised((cell as { error: string }).error);
  }
  return unrecognised(safeString(cell));
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function parseString(reader: FieldReader, cell: string): FieldValue {
  const text = cell.trim();
  if (reader.missing.has(text.toLowerCase())) return MISSING;
  if (EXCEL_ERROR.test(text)) return unrecognised(text);
  return fromText(reader, text, cell);
}

/** Nothing in a cell: empty, or text that is only whitespace. The one rule for blank cells, every shell's. */
export function isBlankCell(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== "string") return false;
  const first = cell.charCodeAt(0);
  if (first > 32 && first < 127) return false; // the common case, decided without trimming
  return cell.trim() === "";
}

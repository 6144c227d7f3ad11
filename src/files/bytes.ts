// Byte-level helpers for scanning UTF-8 XML without decoding it: a large sheet stays one Uint8Array, and only the
// small pieces that matter (values, a few tags) are turned into strings.

const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

export function ascii(s: string): Uint8Array {
  return encoder.encode(s);
}

export function decodeRange(b: Uint8Array, from: number, to: number): string {
  return utf8.decode(b.subarray(from, to));
}

/** Whether `seq` occurs at `i`. */
export function bytesAt(b: Uint8Array, i: number, seq: Uint8Array): boolean {
  if (i < 0 || i + seq.length > b.length) return false;
  for (let k = 0; k < seq.length; k++) if (b[i + k] !== seq[k]) return false;
  return true;
}

/**
 * First occurrence of `seq` starting in [from, to), or -1. The search jumps between occurrences of the byte at
 * `anchor` in `seq`, so a caller looking for a tag should anchor on a byte rarer than "<" (e.g. the "w" of row).
 */
export function indexOfSeq(b: Uint8Array, seq: Uint8Array, from: number, to = b.length, anchor = 0): number {
  const a = seq[anchor];
  let i = b.indexOf(a, from + anchor);
  while (i >= 0 && i - anchor < to) {
    if (bytesAt(b, i - anchor, seq)) return i - anchor;
    i = b.indexOf(a, i + 1);
  }
  return -1;
}

/** Last occurrence of `seq` starting in [min, from], or -1. */
export function lastIndexOfSeq(b: Uint8Array, seq: Uint8Array, from: number, min = 0): number {
  const first = seq[0];
  let i = b.lastIndexOf(first, from);
  while (i >= min) {
    if (bytesAt(b, i, seq)) return i;
    if (i === 0) return -1;
    i = b.lastIndexOf(first, i - 1);
  }
  return -1;
}

/** XML whitespace, ">" and "/": what may follow an element name. */
export function isNameEndByte(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** Offset of the value of attribute `name` (bytes of e.g. 'r="') within a start tag spanning [from, to), or -1. */
export function attrValueAt(b: Uint8Array, from: number, to: number, name: Uint8Array): number {
  const first = name[0];
  const n = name.length;
  for (let i = from; i + n < to; i++) {
    if (b[i + 1] === first && b[i] <= 32 && bytesAt(b, i + 1, name)) return i + 1 + n;
  }
  return -1;
}

/** A non-negative integer written in [from, to), or -1 when the bytes are anything else. */
export function intAt(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal ("-12.5") written in [from, to) with at most 15 digits, or NaN for anything else. Exact:
 * both the digits and the power of ten are exact doubles, and division rounds correctly, as Number() does.
 */
export function decimalAt(b: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = b[i] === 45;
  if (negative) i++;
  let n = 0;
  let digits = 0;
  let scale = -1;
  for (; i < to; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0) scale = 0;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = scale > 0 ? n / POW10[scale] : n;
  return negative ? -v : v;
}

/** Column (0-based) of the letters at `i` ("AB12" -> 27); -1 when there are none. */
export function columnAt(b: Uint8Array, i: number): number {
  let col = 0;
  for (let k = i; k < b.length; k++) {
    let c = b[k];
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) return col - 1;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/** The ASCII text in [from, to) (numbers, short attribute values). */
export function asciiRange(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

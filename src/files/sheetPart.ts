// A worksheet part held as UTF-8 bytes with its <sheetData> located, plus the text around it: the rows are scanned
// as bytes, the (small) rest of the sheet is edited as text.

import { ascii, bytesAt, decodeRange, indexOfSeq, isNameEndByte, lastIndexOfSeq } from "./bytes";
import { FileFormatError } from "./errors";

export interface SheetPart {
  bytes: Uint8Array;
  /** Namespace prefix of SpreadsheetML elements, "x:" or "". */
  prefix: string;
  /** sheetData element: start of "<sheetData", end of its start tag, start of its end tag, end of the element. */
  sdStart: number;
  sdOpenEnd: number;
  sdCloseStart: number;
  sdEnd: number;
  selfClosing: boolean;
}

/** Converts a UTF-16 part (allowed by XML, never written by Excel) to UTF-8 so one scanner serves all. */
function asUtf8(bytes: Uint8Array): Uint8Array {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return bytes;
  const text = new TextDecoder(le ? "utf-16le" : "utf-16be").decode(bytes);
  return ascii(text.replace(/^(<\?xml[^>]*encoding=["'])utf-16(["'])/i, "$1UTF-8$2"));
}

const SHEET_DATA = ascii("sheetData");

export function locateSheetData(raw: Uint8Array, sheetName: string): SheetPart {
  const bytes = asUtf8(raw);
  // The start tag: "<sheetData" or "<x:sheetData", found near the top of the part.
  let i = indexOfSeq(bytes, SHEET_DATA, 0);
  let start = -1;
  let prefix = "";
  while (i >= 0) {
    if (isNameEndByte(bytes[i + SHEET_DATA.length])) {
      if (bytes[i - 1] === 60) {
        start = i - 1;
        break;
      }
      if (bytes[i - 1] === 58) {
        const lt = bytes.lastIndexOf(60, i);
        const pre = decodeRange(bytes, lt + 1, i);
        if (lt >= 0 && /^[A-Za-z_][\w.-]*:$/.test(pre)) {
          start = lt;
          prefix = pre;
          break;
        }
      }
    }
    i = indexOfSeq(bytes, SHEET_DATA, i + 1);
  }
  if (start < 0) throw new FileFormatError(`sheet '${sheetName}' has no sheetData`);
  const openEnd = bytes.indexOf(62, start) + 1;
  if (openEnd <= 0) throw new FileFormatError(`sheet '${sheetName}' has a damaged sheetData element`);
  if (bytes[openEnd - 2] === 47) {
    return {
      bytes,
      prefix,
      sdStart: start,
      sdOpenEnd: openEnd,
      sdCloseStart: openEnd,
      sdEnd: openEnd,
      selfClosing: true,
    };
  }
  // The end tag is found from the end of the part: what follows sheetData is small.
  const close = ascii(`</${prefix}sheetData>`);
  const closeStart = lastIndexOfSeq(bytes, close, bytes.length - 1, openEnd);
  if (closeStart < 0) throw new FileFormatError(`sheet '${sheetName}' has an unclosed sheetData element`);
  return {
    bytes,
    prefix,
    sdStart: start,
    sdOpenEnd: openEnd,
    sdCloseStart: closeStart,
    sdEnd: closeStart + close.length,
    selfClosing: false,
  };
}

/** The sheet's text before and after sheetData (small: views, columns, formatting, drawing links). */
export function sheetHeadTail(part: SheetPart): { head: string; tail: string } {
  return {
    head: decodeRange(part.bytes, 0, part.sdStart),
    tail: decodeRange(part.bytes, part.sdEnd, part.bytes.length),
  };
}

/** Offsets of the next <row> start tag in [from, to): start, and just after its ">". */
export function nextRow(
  part: SheetPart,
  rowOpen: Uint8Array,
  from: number,
  to: number,
): { start: number; tagEnd: number } | undefined {
  const b = part.bytes;
  let i = indexOfSeq(b, rowOpen, from, to);
  while (i >= 0 && !isNameEndByte(b[i + rowOpen.length])) i = indexOfSeq(b, rowOpen, i + 1, to);
  if (i < 0) return undefined;
  const gt = b.indexOf(62, i);
  if (gt < 0 || gt >= to) throw new FileFormatError("a row tag is not terminated");
  return { start: i, tagEnd: gt + 1 };
}

export { bytesAt };

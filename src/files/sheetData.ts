// A worksheet part split around its <sheetData>: the text before it, its start tag, the rows, and the text after.
// The parts are views of the one decompressed copy of the sheet, so reading and then rewriting a 100,000-row sheet
// holds its XML once.

import { ascii, decodeRange, indexOfSeq, isNameEndByte, lastIndexOfSeq } from "./bytes";
import { fileError } from "./errors";

const SHEET_DATA = ascii("sheetData");

export interface SheetData {
  /** The bytes before <sheetData>. */
  head: Uint8Array;
  /** Its start tag, or the whole element when it is self-closing. */
  openTag: Uint8Array;
  /** The namespace prefix of SpreadsheetML elements ("x:" or ""). */
  prefix: string;
  selfClosing: boolean;
  /** The rows (and whatever lies between them): the content of sheetData. */
  rows: Uint8Array;
  /** Everything after the sheetData element. */
  tail: Uint8Array;
}

/** Finds the sheetData start tag in `b[0, used)`: its start, the end of the tag, and the prefix. */
function findSheetDataStart(
  b: Uint8Array,
  used: number,
): { start: number; openEnd: number; prefix: string } | undefined {
  let i = indexOfSeq(b, SHEET_DATA, 0, used);
  while (i >= 0 && i + SHEET_DATA.length < used) {
    if (isNameEndByte(b[i + SHEET_DATA.length])) {
      let start = -1;
      let prefix = "";
      if (b[i - 1] === 60) start = i - 1;
      else if (b[i - 1] === 58) {
        const lt = b.lastIndexOf(60, i);
        const pre = lt >= 0 ? decodeRange(b, lt + 1, i) : "";
        if (/^[A-Za-z_][\w.-]*:$/.test(pre)) {
          start = lt;
          prefix = pre;
        }
      }
      if (start >= 0) {
        const gt = b.indexOf(62, i);
        if (gt < 0 || gt >= used) return undefined; // the tag is not complete yet
        return { start, openEnd: gt + 1, prefix };
      }
    }
    i = indexOfSeq(b, SHEET_DATA, i + 1, used);
  }
  return undefined;
}

export function sheetData(b: Uint8Array, sheetName: string): SheetData {
  const found = findSheetDataStart(b, b.length);
  if (!found) throw fileError("file.damagedSheet", { sheet: sheetName, defect: "noSheetData" });
  const { start, openEnd, prefix } = found;
  const head = b.subarray(0, start);
  const openTag = b.subarray(start, openEnd);
  if (b[openEnd - 2] === 47) {
    return {
      head,
      openTag,
      prefix,
      selfClosing: true,
      rows: b.subarray(openEnd, openEnd),
      tail: b.subarray(openEnd),
    };
  }
  const close = ascii(`</${prefix}sheetData>`);
  const at = lastIndexOfSeq(b, close, b.length - 1, openEnd);
  if (at < 0) throw fileError("file.damagedSheet", { sheet: sheetName, defect: "unclosedSheetData" });
  return {
    head,
    openTag,
    prefix,
    selfClosing: false,
    rows: b.subarray(openEnd, at),
    tail: b.subarray(at + close.length),
  };
}

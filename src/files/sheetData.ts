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

export interface SheetDataHandlers {
  /** The bytes before <sheetData>, its start tag and prefix: called once, before any rows. */
  head(head: Uint8Array, openTag: Uint8Array, prefix: string, selfClosing: boolean): void;
  /** A block of whole rows, in order (valid during the call only). */
  rows(block: Uint8Array): void;
  /** Everything after </sheetData>: called once, last. */
  tail(tail: Uint8Array): void;
}

const BLOCK_BYTES = 1 << 20;

/**
 * Splits a worksheet part that arrives in pieces (see WorkbookPackage.sheetPieces) around its <sheetData>, handing
 * over the rows in blocks cut after a row's end tag, so a sheet of any size is read with memory for a block.
 * `pieces` is called once with the function that takes each piece.
 */
export function streamSheetData(
  pieces: (onPiece: (bytes: Uint8Array) => void) => void,
  sheetName: string,
  handlers: SheetDataHandlers,
): void {
  let buf = new Uint8Array(BLOCK_BYTES * 2);
  let used = 0;
  let state: "head" | "rows" | "tail" = "head";
  let rowClose = ascii("</row>");
  let close = ascii("</sheetData>");
  let searched = 0; // where the search for </sheetData> goes on from
  const append = (piece: Uint8Array) => {
    if (used + piece.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, used + piece.length));
      bigger.set(buf.subarray(0, used));
      buf = bigger;
    }
    buf.set(piece, used);
    used += piece.length;
  };
  /** Drops the first `n` bytes. */
  const shift = (n: number) => {
    buf.copyWithin(0, n, used);
    used -= n;
    searched = Math.max(0, searched - n);
  };
  const onPiece = (piece: Uint8Array) => {
    append(piece);
    if (state === "head") {
      const found = findSheetDataStart(buf, used);
      if (!found) return;
      const { start, openEnd, prefix } = found;
      const selfClosing = buf[openEnd - 2] === 47;
      handlers.head(buf.slice(0, start), buf.slice(start, openEnd), prefix, selfClosing);
      rowClose = ascii(`</${prefix}row>`);
      close = ascii(`</${prefix}sheetData>`);
      shift(openEnd);
      state = selfClosing ? "tail" : "rows";
    }
    if (state !== "rows") return;
    // Matches must lie wholly before `used`: the buffer holds stale bytes past it.
    const at = indexOfSeq(buf, close, searched, used - close.length + 1);
    if (at >= 0) {
      if (at > 0) handlers.rows(buf.subarray(0, at));
      shift(at + close.length);
      state = "tail";
      return;
    }
    searched = Math.max(0, used - close.length);
    if (used < BLOCK_BYTES) return;
    const cut = lastIndexOfSeq(buf, rowClose, used - rowClose.length, 0);
    if (cut < 0) return; // no whole row yet: gather more
    const end = cut + rowClose.length;
    handlers.rows(buf.subarray(0, end));
    shift(end);
  };
  pieces(onPiece);
  if (state === "head") throw fileError("file.damagedSheet", { sheet: sheetName, defect: "noSheetData" });
  if (state === "rows")
    throw fileError("file.damagedSheet", { sheet: sheetName, defect: "unclosedSheetData" });
  handlers.tail(buf.slice(0, used));
}

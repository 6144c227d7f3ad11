// Streaming a worksheet part out of the zip: it is inflated piece by piece and handed over as the text before
// <sheetData>, blocks of whole rows, and the text after, so a 100,000-row sheet is never held in memory at once.

import { ascii, decodeRange, indexOfSeq, isNameEndByte, lastIndexOfSeq } from "./bytes";
import { FileFormatError } from "./errors";
import { fflateCodec, rawEntryData, type ZipArchive, type ZipCodec, type ZipEntry } from "./zip";

export interface SheetStreamHandlers {
  /**
   * The bytes before <sheetData>, and its start tag (or the whole element when it is self-closing), with the
   * namespace prefix of SpreadsheetML elements ("x:" or "").
   */
  head(head: Uint8Array, openTag: Uint8Array, prefix: string, selfClosing: boolean): void;
  /**
   * Whole rows of sheetData (and whatever lies between them), in order. The view is only valid during the call.
   * Returning true stops the stream (tail is then not called).
   */
  rows(block: Uint8Array): boolean | void;
  /** Everything after the sheetData element. */
  tail(tail: Uint8Array): void;
}

/** Rows are handed over in blocks of about this many bytes. */
const BLOCK_BYTES = 1 << 20;
/** Compressed bytes fed to the inflater per step. */
const FEED_BYTES = 1 << 17;

const SHEET_DATA = ascii("sheetData");

/** Converts a UTF-16 part (allowed by XML, never written by Excel) to UTF-8 so one scanner serves all. */
function utf16ToUtf8(bytes: Uint8Array): Uint8Array {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(le ? "utf-16le" : "utf-16be").decode(bytes);
  return ascii(text.replace(/^(<\?xml[^>]*encoding=["'])utf-16(["'])/i, "$1UTF-8$2"));
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

/** Streams the worksheet in `entry` to `h`. */
export function streamSheet(
  zip: ZipArchive,
  entry: ZipEntry,
  sheetName: string,
  h: SheetStreamHandlers,
  codec: ZipCodec = fflateCodec,
): void {
  if (entry.flags & 1) throw new FileFormatError(`part ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new FileFormatError(`part ${entry.name} uses unsupported zip compression method ${entry.method}`);
  }
  let acc = new Uint8Array(2 * BLOCK_BYTES);
  let used = 0;
  let state = "head" as "head" | "rows" | "tail" | "stopped";
  let rowClose = ascii("</row>");
  let sdClose = ascii("</sheetData>");
  let first = true;
  let utf16 = false;
  let utf16Parts: Uint8Array[] = [];

  const drop = (n: number) => {
    acc.copyWithin(0, n, used);
    used -= n;
  };
  const process = (final: boolean) => {
    if (state === "head") {
      const found = findSheetDataStart(acc, used);
      if (!found) {
        if (final) throw new FileFormatError(`sheet '${sheetName}' has no sheetData`);
        return;
      }
      const { start, openEnd, prefix } = found;
      const selfClosing = acc[openEnd - 2] === 47;
      h.head(acc.slice(0, start), acc.slice(start, openEnd), prefix, selfClosing);
      rowClose = ascii(`</${prefix}row>`);
      sdClose = ascii(`</${prefix}sheetData>`);
      drop(openEnd);
      state = selfClosing ? "tail" : "rows";
    }
    while (state === "rows") {
      // Only whole rows come before the last row end, so the sheetData end tag is looked for after it.
      const last = lastIndexOfSeq(acc, rowClose, used - 1);
      const after = last >= 0 ? last + rowClose.length : 0;
      const close = indexOfSeq(acc, sdClose, after, used);
      if (close >= 0) {
        if (h.rows(acc.subarray(0, close))) {
          state = "stopped";
          return;
        }
        drop(close + sdClose.length);
        state = "tail";
        break;
      }
      if (final) throw new FileFormatError(`sheet '${sheetName}' has an unclosed sheetData element`);
      if (used < BLOCK_BYTES || last < 0) return; // wait for more (or for the end of one very long row)
      if (h.rows(acc.subarray(0, after))) {
        state = "stopped";
        return;
      }
      drop(after);
    }
    if (state === "tail" && final) h.tail(acc.slice(0, used));
  };
  const feed = (chunk: Uint8Array, final: boolean) => {
    if (first && chunk.length > 0) {
      first = false;
      utf16 = (chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff);
    }
    if (utf16) {
      // Rare enough to convert whole.
      utf16Parts.push(chunk.slice());
      if (!final) return;
      const all = new Uint8Array(utf16Parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of utf16Parts) all.set(p, (o += p.length) - p.length);
      utf16Parts = [];
      utf16 = false;
      feed(utf16ToUtf8(all), true);
      return;
    }
    if (state === "stopped") return;
    if (used + chunk.length > acc.length) {
      const grown = new Uint8Array(Math.max(acc.length * 2, used + chunk.length));
      grown.set(acc.subarray(0, used));
      acc = grown;
    }
    acc.set(chunk, used);
    used += chunk.length;
    process(final);
  };

  const raw = rawEntryData(zip, entry);
  if (entry.method === 0) {
    for (let i = 0; i < raw.length && state !== "stopped"; i += BLOCK_BYTES) {
      feed(raw.subarray(i, Math.min(raw.length, i + BLOCK_BYTES)), i + BLOCK_BYTES >= raw.length);
    }
    if (raw.length === 0) feed(raw, true);
    return;
  }
  const inflate = (codec.createInflater ?? fflateCodec.createInflater!)();
  for (let i = 0; i < raw.length && state !== "stopped"; i += FEED_BYTES) {
    const final = i + FEED_BYTES >= raw.length;
    let out: Uint8Array[];
    try {
      out = inflate(raw.subarray(i, Math.min(raw.length, i + FEED_BYTES)), final);
    } catch (e) {
      throw new FileFormatError(`part ${entry.name} is damaged (${(e as Error).message})`);
    }
    for (let k = 0; k < out.length; k++) feed(out[k], final && k === out.length - 1);
    if (final && out.length === 0) feed(new Uint8Array(0), true);
  }
  if (raw.length === 0) feed(new Uint8Array(0), true);
}

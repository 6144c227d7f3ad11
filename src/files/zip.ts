// The zip container of an xlsx package: reads the central directory, inflates single entries on demand, and writes a
// package in which every entry we did not change keeps its original compressed bytes (copied, not recompressed).

import { Deflate, Inflate, inflateSync } from "fflate";
import { fileError, type FileFormatError } from "./errors";

export interface ZipEntry {
  name: string;
  nameBytes: Uint8Array;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  internalAttr: number;
  externalAttr: number;
  comment: Uint8Array;
  localOffset: number;
}

/**
 * A zip file's bytes, read by position: a file in memory, or (in the CLI) a file on disk read as needed, so a
 * 120 MB workbook is not held whole while it is rewritten.
 */
export interface ZipSource {
  readonly length: number;
  /** The bytes in [offset, offset + length), cut at the end of the file. */
  read(offset: number, length: number): Uint8Array;
}

/** A zip file held in memory. */
export function bytesSource(data: Uint8Array): ZipSource {
  return { length: data.length, read: (offset, length) => data.subarray(offset, offset + length) };
}

export interface ZipArchive {
  source: ZipSource;
  entries: ZipEntry[];
  /** Entries by lower-cased name (OPC part names are case-insensitive). */
  byName: Map<string, ZipEntry>;
  comment: Uint8Array;
}

/**
 * Where compressed output waits until the package is saved. In memory by default; the CLI hands in one that moves
 * to a temporary file once it grows (a million-row sheet compresses to ~180 MB, more than the memory budget).
 */
export interface ChunkStore {
  push(chunk: Uint8Array): void;
  /** Hands the chunks over in order; each is the caller's to keep. */
  each(fn: (chunk: Uint8Array) => void): void;
}

/** Chunks held in memory. */
export function memoryStore(): ChunkStore {
  const chunks: Uint8Array[] = [];
  return {
    push: (chunk) => chunks.push(chunk),
    each: (fn) => chunks.forEach((c) => fn(c)),
  };
}

/** Content already compressed with compressText. */
export interface Deflated {
  kind: "deflated";
  chunks: ChunkStore;
  compressedSize: number;
  size: number;
  crc: number;
}

/** New content for an entry: bytes, a string, or content compressed beforehand. */
export type EntryContent = Uint8Array | string | Deflated;

/**
 * Raw DEFLATE, pluggable so a Node caller can hand in native zlib (several times faster on big sheets) while the
 * browser uses fflate.
 */
export interface ZipCodec {
  /** Decompresses raw DEFLATE data whose decompressed size is known. */
  inflateRaw(data: Uint8Array, size: number): Uint8Array;
  /**
   * Optional: starts a streaming decompression, used for large sheets so they are never held whole. Each call of
   * the returned function takes the next piece of compressed data and returns what it decompressed. Without it,
   * fflate's streaming inflate is used.
   */
  createInflater?(): (piece: Uint8Array, final: boolean) => Uint8Array[];
  /**
   * Starts compressing one entry. Each call of the returned function takes the next piece; the outputs joined in
   * order must form one raw DEFLATE stream (so non-final pieces end on a sync flush and the final one sets BFINAL).
   */
  deflateRaw(): (piece: Uint8Array, final: boolean) => Uint8Array[];
  /** Optional: where compressed parts wait until the package is saved (default: memory). */
  createStore?(): ChunkStore;
}

/**
 * A pure-JavaScript codec (fflate). Level 1 by default: on a large sheet it deflates about twice as fast as level 6
 * for output about a fifth larger, and Excel recompresses whatever it saves anyway.
 */
function createFflateCodec(level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 1): ZipCodec {
  return {
    inflateRaw: (data, size) => inflateSync(data, { out: new Uint8Array(size) }),
    createInflater: () => {
      const out: Uint8Array[] = [];
      const inflate = new Inflate((chunk) => out.push(chunk));
      return (piece, final) => {
        inflate.push(piece, final);
        return out.splice(0);
      };
    },
    deflateRaw: () => {
      const out: Uint8Array[] = [];
      const deflate = new Deflate({ level }, (chunk) => out.push(chunk));
      return (piece, final) => {
        deflate.push(piece, final);
        return out.splice(0);
      };
    },
  };
}

/** The default codec. */
export const fflateCodec: ZipCodec = createFflateCodec();

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

function damaged(why: string): FileFormatError {
  return fileError("file.damagedZip", { why });
}

function u16(d: Uint8Array, o: number): number {
  return d[o] | (d[o + 1] << 8);
}

function u32(d: Uint8Array, o: number): number {
  return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;
}

function u64(d: Uint8Array, o: number): number {
  return u32(d, o) + u32(d, o + 4) * 0x100000000;
}

const utf8 = new TextDecoder("utf-8");
const cp437ish = new TextDecoder("latin1");

export function readZip(input: Uint8Array | ZipSource): ZipArchive {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  const fileLength = source.length;
  const head = source.read(0, 8).slice();
  if (head.length >= 8 && u32(head, 0) === 0xe011cfd0 && u32(head, 4) === 0xe11ab1a1) {
    throw fileError("file.oleCompound", {});
  }
  if (fileLength < 22 || (u32(head, 0) !== SIG_LOCAL && u32(head, 0) !== SIG_EOCD)) {
    throw fileError("file.notZip", {});
  }
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 0xffff bytes long).
  const tailStart = Math.max(0, fileLength - 22 - 0xffff);
  const tail = source.read(tailStart, fileLength - tailStart).slice();
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged("no end of central directory");
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  const comment = tail.subarray(eocd + 22, eocd + 22 + u16(tail, eocd + 20));
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && u32(tail, loc) === SIG_ZIP64_LOCATOR) {
      const z = u64(tail, loc + 8);
      const z64 = z + 56 <= fileLength ? source.read(z, 56).slice() : new Uint8Array(0);
      if (z64.length < 56 || u32(z64, 0) !== SIG_ZIP64_EOCD) throw damaged("bad zip64 directory");
      count = u64(z64, 32);
      cdSize = u64(z64, 40);
      cdOffset = u64(z64, 48);
    }
  }
  if (cdOffset + cdSize > fileLength) throw damaged("central directory beyond the end of the file");
  const data = source.read(cdOffset, cdSize).slice();
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > data.length || u32(data, p) !== SIG_CENTRAL) throw damaged("bad central directory entry");
    const flags = u16(data, p + 8);
    const nameLen = u16(data, p + 28);
    const extraLen = u16(data, p + 30);
    const commentLen = u16(data, p + 32);
    const nameBytes = data.subarray(p + 46, p + 46 + nameLen);
    const name = (flags & 0x800 ? utf8 : cp437ish).decode(nameBytes);
    let size = u32(data, p + 24);
    let compressedSize = u32(data, p + 20);
    let localOffset = u32(data, p + 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // Zip64 extra field: the 64-bit values appear in this order, only for fields that overflowed.
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = u16(data, e);
        const len = u16(data, e + 2);
        if (id === 1) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = u64(data, q);
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(data, q);
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = u64(data, q);
          break;
        }
        e += 4 + len;
      }
    }
    const entry: ZipEntry = {
      name,
      nameBytes,
      versionMadeBy: u16(data, p + 4),
      versionNeeded: u16(data, p + 6),
      flags,
      method: u16(data, p + 10),
      time: u16(data, p + 12),
      date: u16(data, p + 14),
      crc: u32(data, p + 16),
      compressedSize,
      size,
      internalAttr: u16(data, p + 36),
      externalAttr: u32(data, p + 38),
      comment: data.subarray(p + 46 + nameLen + extraLen, p + 46 + nameLen + extraLen + commentLen),
      localOffset,
    };
    entries.push(entry);
    const key = name.toLowerCase();
    if (!byName.has(key)) byName.set(key, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { source, entries, byName, comment };
}

function dataOffset(zip: ZipArchive, entry: ZipEntry): number {
  const o = entry.localOffset;
  const d = zip.source.read(o, 30);
  if (d.length < 30 || u32(d, 0) !== SIG_LOCAL) throw damaged(`bad local header for ${entry.name}`);
  const start = o + 30 + u16(d, 26) + u16(d, 28);
  if (start + entry.compressedSize > zip.source.length)
    throw damaged(`${entry.name} runs past the end of the file`);
  return start;
}

/** The compressed bytes of an entry exactly as stored. */
export function rawEntryData(zip: ZipArchive, entry: ZipEntry): Uint8Array {
  return zip.source.read(dataOffset(zip, entry), entry.compressedSize);
}

const STEP = 1 << 20;
const INFLATE_STEP = 1 << 16;

/** The compressed bytes of an entry as stored, a megabyte at a time (a big sheet is never read whole). */
function rawEntryPieces(zip: ZipArchive, entry: ZipEntry): ChunkStore {
  const start = dataOffset(zip, entry);
  return {
    push: () => {
      throw new Error("an entry's stored bytes are read only");
    },
    each(fn) {
      for (let at = 0; at < entry.compressedSize; at += STEP)
        fn(zip.source.read(start + at, Math.min(STEP, entry.compressedSize - at)));
    },
  };
}

export function getEntry(zip: ZipArchive, name: string): ZipEntry | undefined {
  return zip.byName.get(name.toLowerCase());
}

/**
 * Caps on decompression, so a small file cannot make the reader inflate gigabytes (a zip bomb). The defaults pass
 * any real workbook up to Excel's 1,048,576 rows: sheet XML deflates 8-30 times, while a bomb deflates 1,000.
 */
export interface InflateLimits {
  /** The most bytes the parts read from one package may inflate to, in all. */
  maxTotalBytes: number;
  /** The most a part may inflate per compressed byte, beyond a free allowance of 16 MB. */
  maxRatio: number;
}

export const DEFAULT_INFLATE_LIMITS: InflateLimits = { maxTotalBytes: 4096 * 2 ** 20, maxRatio: 200 };

/**
 * Every part may inflate this much at any ratio (a styles part of repeated elements, a long repeated cell are no
 * bomb); only the parts a read needs are inflated, a handful, so this adds little.
 */
const RATIO_FREE_BYTES = 16 * 2 ** 20;

/** What a package has inflated so far, against its limits. */
export interface InflateBudget {
  limits: InflateLimits;
  used: number;
}

/**
 * An entry's compressed bytes, once it is known to be readable (not encrypted, a known method) and within the
 * inflate limits by its declared size; its size is then counted against the budget.
 */
function checkEntry(zip: ZipArchive, entry: ZipEntry, budget: InflateBudget): number {
  if (entry.flags & 1) throw fileError("file.partEncrypted", { part: entry.name });
  const start = dataOffset(zip, entry);
  if (entry.method !== 0 && entry.method !== 8) {
    throw fileError("file.partCompression", { part: entry.name, method: entry.method });
  }
  const { limits } = budget;
  if (entry.method === 8 && entry.size > RATIO_FREE_BYTES + limits.maxRatio * entry.compressedSize)
    throw fileError("file.inflateRatio", { part: entry.name, ratio: limits.maxRatio });
  if (budget.used + entry.size > limits.maxTotalBytes)
    throw fileError("file.inflateTotal", { megabytes: Math.round(limits.maxTotalBytes / 2 ** 20) });
  budget.used += entry.size;
  return start;
}

/**
 * The uncompressed bytes of an entry, checked: its declared size against the limits before anything is inflated,
 * then its actual size and CRC-32 against the directory's (a damaged or truncated part is refused, not read).
 */
export function readEntry(
  zip: ZipArchive,
  entry: ZipEntry,
  codec: ZipCodec = fflateCodec,
  budget: InflateBudget = { limits: DEFAULT_INFLATE_LIMITS, used: 0 },
): Uint8Array {
  const raw = zip.source.read(checkEntry(zip, entry, budget), entry.compressedSize);
  let out: Uint8Array;
  try {
    if (entry.method === 0 && raw.length !== entry.size) throw new Error("stored size differs from its size");
    out = entry.method === 0 ? raw : codec.inflateRaw(raw, entry.size);
    if (out.length !== entry.size) throw new Error(`expected ${entry.size} bytes, got ${out.length}`);
  } catch (e) {
    throw fileError("file.partDamaged", { part: entry.name, error: (e as Error).message });
  }
  if (crc32(out) !== entry.crc)
    throw fileError("file.partDamaged", { part: entry.name, error: "CRC mismatch" });
  return out;
}

/**
 * An entry's uncompressed bytes in pieces, never held whole: the same checks as readEntry (limits before, size
 * and CRC-32 as it goes and at the end), so a sheet of a million rows is read with memory for a piece at a time.
 * A piece is only valid during the call that hands it over.
 */
export function inflateEntryPieces(
  zip: ZipArchive,
  entry: ZipEntry,
  onPiece: (bytes: Uint8Array) => void,
  codec: ZipCodec = fflateCodec,
  budget: InflateBudget = { limits: DEFAULT_INFLATE_LIMITS, used: 0 },
): void {
  for (const piece of entryPieces(zip, entry, codec, budget)) onPiece(piece);
}

/**
 * The same pieces, pulled: each is handed over as the one before is let go, so a reader that streams (a zipped
 * CSV read in two passes) takes the entry at its own pace. The checks run as the pieces are pulled; the last
 * ones (size, CRC-32) when the last piece has been taken.
 */
export function* entryPieces(
  zip: ZipArchive,
  entry: ZipEntry,
  codec: ZipCodec = fflateCodec,
  budget: InflateBudget = { limits: DEFAULT_INFLATE_LIMITS, used: 0 },
): Generator<Uint8Array, void, undefined> {
  const start = checkEntry(zip, entry, budget);
  const stored = entry.compressedSize;
  const piece = (at: number, step: number) => zip.source.read(start + at, Math.min(step, stored - at));
  const damagedPart = (error: string) => fileError("file.partDamaged", { part: entry.name, error });
  let size = 0;
  let crc = 0;
  const counted = (piece: Uint8Array) => {
    size += piece.length;
    if (size > entry.size) throw damagedPart(`more than its ${entry.size} bytes`);
    crc = crc32(piece, crc);
    return piece;
  };
  if (entry.method === 0) {
    for (let at = 0; at < stored; at += STEP) yield counted(piece(at, STEP));
  } else {
    const inflate = (codec.createInflater ?? fflateCodec.createInflater!)();
    // Compressed input a little at a time: what one step inflates to is handed over at once, so the step bounds
    // a piece (text inflates 5 to 30 times; 1 MB in would be 30 MB out).
    for (let at = 0; at < stored || at === 0; at += INFLATE_STEP) {
      const final = at + INFLATE_STEP >= stored;
      let pieces: Uint8Array[];
      try {
        pieces = inflate(piece(at, INFLATE_STEP), final);
      } catch (e) {
        throw damagedPart((e as Error).message);
      }
      for (const piece of pieces) yield counted(piece);
      if (final) break;
    }
  }
  if (size !== entry.size) throw damagedPart(`expected ${entry.size} bytes, got ${size}`);
  if (crc !== entry.crc) throw damagedPart("CRC mismatch");
}

/** The uncompressed bytes of content compressed with compressParts (a part edited earlier in the same run). */
export function inflateDeflated(content: Deflated, codec: ZipCodec = fflateCodec): Uint8Array {
  const raw = new Uint8Array(content.compressedSize);
  let at = 0;
  content.chunks.each((chunk) => {
    raw.set(chunk, at);
    at += chunk.length;
  });
  return codec.inflateRaw(raw, content.size);
}

// CRC-32 (IEEE), slicing-by-8 so checksumming a large sheet stays cheap.
const CRC_TABLES: Uint32Array[] = (() => {
  const tables: Uint32Array[] = [];
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  tables.push(t0);
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1];
    const cur = new Uint32Array(256);
    for (let n = 0; n < 256; n++) cur[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    tables.push(cur);
  }
  return tables;
})();

export function crc32(data: Uint8Array, crc = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC_TABLES;
  let c = ~crc >>> 0;
  let i = 0;
  const n = data.length;
  const end8 = n - (n % 8);
  for (; i < end8; i += 8) {
    const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    c =
      t7[a & 0xff] ^
      t6[(a >>> 8) & 0xff] ^
      t5[(a >>> 16) & 0xff] ^
      t4[a >>> 24] ^
      t3[data[i + 4]] ^
      t2[data[i + 5]] ^
      t1[data[i + 6]] ^
      t0[data[i + 7]];
  }
  for (; i < n; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const encoder = new TextEncoder();
const BUFFER_BYTES = 1 << 20;
const FIRST_BUFFER_BYTES = 1 << 14;
const PENDING_CHARS = 1 << 16;

/** Where a part's new content is written, piece by piece: text is encoded as UTF-8, bytes go as they are. */
export interface Emitter {
  text(piece: string): void;
  bytes(piece: Uint8Array): void;
}

/**
 * Compresses content produced piece by piece: `produce` writes to an Emitter whose pieces are batched into
 * megabyte buffers and deflated as they fill, so only compressed bytes accumulate. Byte pieces (slices of a part
 * being edited) are never copied more than once. Returns the compressed entry and what `produce` returned.
 */
export function compressParts<T>(
  produce: (out: Emitter) => T,
  codec: ZipCodec = fflateCodec,
): { deflated: Deflated; result: T } {
  const chunks = codec.createStore?.() ?? memoryStore();
  let compressedSize = 0;
  let size = 0;
  let crc = 0;
  const deflate = codec.deflateRaw();
  const push = (bytes: Uint8Array, final: boolean) => {
    size += bytes.length;
    crc = crc32(bytes, crc);
    for (const c of deflate(bytes, final)) {
      chunks.push(c);
      compressedSize += c.length;
    }
  };
  // The first buffer is small and grows to full size when needed: a run writes many small parts, and a megabyte
  // zeroed for each showed up as most of the time of a small workbook.
  let buf = new Uint8Array(FIRST_BUFFER_BYTES);
  let used = 0;
  const room = (need: number): boolean => {
    if (used + need <= buf.length) return true;
    if (buf.length >= BUFFER_BYTES || used + need > BUFFER_BYTES) return false;
    const bigger = new Uint8Array(BUFFER_BYTES);
    bigger.set(buf.subarray(0, used));
    buf = bigger;
    return true;
  };
  const flushBuffer = () => {
    if (used === 0) return;
    push(buf.subarray(0, used), false);
    buf = new Uint8Array(BUFFER_BYTES);
    used = 0;
  };
  const encode = (text: string) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (!room(text.length * 3)) flushBuffer();
    used += encoder.encodeInto(text, buf.subarray(used)).written;
  };
  // Small text pieces are joined first: one encodeInto per piece would cost more than the copy.
  let pending = "";
  const flushText = () => {
    if (pending.length > 0) encode(pending);
    pending = "";
  };
  const out: Emitter = {
    text(piece) {
      if (piece.length <= PENDING_CHARS) {
        pending += piece;
        if (pending.length >= PENDING_CHARS) flushText();
        return;
      }
      flushText();
      let i = 0;
      while (i < piece.length) {
        let j = Math.min(piece.length, i + PENDING_CHARS);
        // Never split a surrogate pair between two encodes.
        const last = piece.charCodeAt(j - 1);
        if (j < piece.length && last >= 0xd800 && last <= 0xdbff) j++;
        encode(piece.slice(i, j));
        i = j;
      }
    },
    bytes(piece) {
      flushText();
      if (room(piece.length)) {
        buf.set(piece, used);
        used += piece.length;
        return;
      }
      flushBuffer();
      if (piece.length <= buf.length / 2) {
        buf.set(piece, 0);
        used = piece.length;
      } else push(piece, false);
    },
  };
  const result = produce(out);
  flushText();
  push(buf.subarray(0, used), true);
  return { deflated: { kind: "deflated", chunks, compressedSize, size, crc }, result };
}

function compress(content: EntryContent, codec: ZipCodec): Deflated {
  if (typeof content === "string") return compressParts((out) => out.text(content), codec).deflated;
  if (!(content instanceof Uint8Array)) return content;
  const deflate = codec.deflateRaw();
  const chunks = memoryStore();
  let compressedSize = 0;
  for (const c of deflate(content, true)) {
    chunks.push(c);
    compressedSize += c.length;
  }
  return { kind: "deflated", chunks, compressedSize, size: content.length, crc: crc32(content) };
}

export interface NewEntry {
  name: string;
  content: EntryContent;
}

/**
 * Writes a zip holding the archive's entries in their original order: entries named in `replace` get the new
 * content, entries named in `remove` are left out, all others keep their stored compressed bytes; `add` go last.
 */
export function writeZip(
  zip: ZipArchive,
  replace: Map<string, EntryContent>,
  add: NewEntry[] = [],
  remove: Set<string> = new Set(),
  codec: ZipCodec = fflateCodec,
): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  writeZipTo(
    (bytes) => {
      parts.push(bytes);
      total += bytes.length;
    },
    zip,
    replace,
    add,
    remove,
    codec,
  );
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** writeZip, handing the package's bytes to `sink` in order instead of joining them (no second copy of it). */
export function writeZipTo(
  sink: (bytes: Uint8Array) => void,
  zip: ZipArchive,
  replace: Map<string, EntryContent>,
  add: NewEntry[] = [],
  remove: Set<string> = new Set(),
  codec: ZipCodec = fflateCodec,
): void {
  const pieces: (Uint8Array | ChunkStore)[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const replaceLower = new Map<string, EntryContent>();
  for (const [k, v] of replace) replaceLower.set(k.toLowerCase(), v);
  const removeLower = new Set([...remove].map((n) => n.toLowerCase()));
  const stamp = zip.entries[0] ?? { time: 0, date: 0x21 };

  const emit = (
    entry: ZipEntry,
    method: number,
    crc: number,
    csize: number,
    size: number,
    data: Uint8Array | ChunkStore,
  ) => {
    if (offset > 0xfffffffe || csize > 0xfffffffe || size > 0xfffffffe) {
      throw fileError("file.tooLarge", { parts: false });
    }
    const flags = entry.flags & ~0x8;
    const nameLen = entry.nameBytes.length;
    const local = new Uint8Array(30 + nameLen);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, SIG_LOCAL, true);
    lv.setUint16(4, entry.versionNeeded, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, entry.time, true);
    lv.setUint16(12, entry.date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, csize, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameLen, true);
    lv.setUint16(28, 0, true);
    local.set(entry.nameBytes, 30);
    const cen = new Uint8Array(46 + nameLen + entry.comment.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, SIG_CENTRAL, true);
    cv.setUint16(4, entry.versionMadeBy, true);
    cv.setUint16(6, entry.versionNeeded, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, entry.time, true);
    cv.setUint16(14, entry.date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, csize, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameLen, true);
    cv.setUint16(30, 0, true);
    cv.setUint16(32, entry.comment.length, true);
    cv.setUint16(34, 0, true);
    cv.setUint16(36, entry.internalAttr, true);
    cv.setUint32(38, entry.externalAttr, true);
    cv.setUint32(42, offset, true);
    cen.set(entry.nameBytes, 46);
    cen.set(entry.comment, 46 + nameLen);
    pieces.push(local, data);
    central.push(cen);
    offset += local.length + csize;
  };

  const emitNew = (entry: ZipEntry, content: EntryContent) => {
    const c = compress(content, codec);
    emit(
      { ...entry, versionNeeded: Math.max(entry.versionNeeded, 20) },
      8,
      c.crc,
      c.compressedSize,
      c.size,
      c.chunks,
    );
  };

  for (const entry of zip.entries) {
    const key = entry.name.toLowerCase();
    if (removeLower.has(key)) continue;
    const next = replaceLower.get(key);
    if (next !== undefined && zip.byName.get(key) === entry) emitNew(entry, next);
    else emit(entry, entry.method, entry.crc, entry.compressedSize, entry.size, rawEntryPieces(zip, entry));
  }
  for (const a of add) {
    const nameBytes = encoder.encode(a.name);
    emitNew(
      {
        name: a.name,
        nameBytes,
        versionMadeBy: 20,
        versionNeeded: 20,
        flags: /[^\x20-\x7e]/.test(a.name) ? 0x800 : 0,
        method: 8,
        time: stamp.time,
        date: stamp.date,
        crc: 0,
        compressedSize: 0,
        size: 0,
        internalAttr: 0,
        externalAttr: 0,
        comment: new Uint8Array(0),
        localOffset: 0,
      },
      a.content,
    );
  }
  const cdOffset = offset;
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  const count = central.length;
  if (count > 0xfffe || cdOffset + cdSize > 0xfffffffe) {
    throw fileError("file.tooLarge", { parts: true });
  }
  const eocd = new Uint8Array(22 + zip.comment.length);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, SIG_EOCD, true);
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdOffset, true);
  ev.setUint16(20, zip.comment.length, true);
  eocd.set(zip.comment, 22);

  for (const p of pieces) {
    if (p instanceof Uint8Array) sink(p);
    else p.each(sink);
  }
  for (const p of [...central, eocd]) sink(p);
}

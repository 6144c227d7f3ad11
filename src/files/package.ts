// The OPC package of a workbook: finds the workbook part, its sheets and relationships, and resolves part names,
// reading only the parts a caller asks for. Edits are held beside the original entries until the package is saved.

import { fileError } from "./errors";
import { findElement, findElements, getAttr, getPrefixedAttr } from "./xml";
import {
  DEFAULT_INFLATE_LIMITS,
  fflateCodec,
  getEntry,
  inflateDeflated,
  inflateEntryPieces,
  readEntry,
  readZip,
  writeZip,
  writeZipTo,
  type EntryContent,
  type InflateBudget,
  type InflateLimits,
  type NewEntry,
  type ZipCodec,
  type ZipEntry,
  type ZipSource,
} from "./zip";

export interface Relationship {
  id: string;
  type: string;
  /** Part name the target resolves to (no leading slash), or the raw target when external. */
  target: string;
  external: boolean;
}

export type SheetKind = "worksheet" | "chartsheet" | "dialogsheet" | "macrosheet" | "unknown";

export interface SheetInfo {
  name: string;
  /** 0-based position in the workbook's sheet list (what localSheetId refers to). */
  index: number;
  sheetId: string;
  relId: string;
  hidden: boolean;
  kind: SheetKind;
  /** The sheet's part name, e.g. xl/worksheets/sheet1.xml. */
  path: string;
}

export interface WorkbookPackage {
  workbookPath: string;
  workbookXml: string;
  workbookRels: Relationship[];
  sheets: SheetInfo[];
  date1904: boolean;
  /** Whether the part exists, edits included. */
  has(path: string): boolean;
  /** A part's text as it is now (edits included), or undefined when there is no such part. */
  text(path: string): string | undefined;
  /**
   * A worksheet part's bytes, decompressed once: the last one asked for is kept until release() or an edit of it,
   * so reading a sheet and then writing it inflates it once.
   */
  sheetBytes(path: string): Uint8Array;
  release(): void;
  /**
   * A worksheet part's bytes in pieces (as UTF-8), never held whole: for reading or rewriting a large sheet in one
   * pass with memory for a piece. Each piece is only valid during the call that hands it over.
   */
  sheetPieces(path: string, onPiece: (bytes: Uint8Array) => void): void;
  /** Replaces (or adds) a part, within transaction(); nothing is written until save(). */
  set(path: string, content: EntryContent): void;
  remove(path: string): void;
  /** Runs `fn`, whose set() and remove() take effect together when it returns and not at all when it throws. */
  transaction<T>(fn: () => T): T;
  /** Reads the workbook part and its relationships again, after an edit of them. */
  refresh(): void;
  /** The package with every edit: parts not edited keep their stored bytes. */
  save(): Uint8Array;
  /** save(), handing the bytes to `sink` piece by piece. */
  saveTo(sink: (bytes: Uint8Array) => void): void;
}

const REL_OFFICE_DOCUMENT = "/officeDocument";

export function relsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf("/");
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that owns the relationship. */
function resolveTarget(sourcePart: string, target: string): string {
  let t = target.replace(/\\/g, "/");
  if (t.startsWith("/")) t = t.slice(1);
  else t = sourcePart.slice(0, sourcePart.lastIndexOf("/") + 1) + t;
  const out: string[] = [];
  for (const seg of t.split("/")) {
    if (seg === "..") out.pop();
    else if (seg !== "." && seg !== "") out.push(seg);
  }
  return out.join("/");
}

function parseRels(xml: string, sourcePart: string): Relationship[] {
  return findElements(xml, "Relationship").map((el) => {
    const target = getAttr(el.attrs, "Target") ?? "";
    const external = (getAttr(el.attrs, "TargetMode") ?? "").toLowerCase() === "external";
    return {
      id: getAttr(el.attrs, "Id") ?? "",
      type: getAttr(el.attrs, "Type") ?? "",
      target: external ? target : resolveTarget(sourcePart, target),
      external,
    };
  });
}

export function relsOf(pkg: WorkbookPackage, partPath: string): Relationship[] {
  const xml = pkg.text(relsPathOf(partPath));
  return xml ? parseRels(xml, partPath) : [];
}

export function relOfType(rels: Relationship[], suffix: string): Relationship | undefined {
  return rels.find((r) => r.type.endsWith(suffix) && !r.external);
}

function sheetKind(type: string): SheetKind {
  if (type.endsWith("/worksheet")) return "worksheet";
  if (type.endsWith("/chartsheet")) return "chartsheet";
  if (type.endsWith("/dialogsheet")) return "dialogsheet";
  if (/macrosheet$/i.test(type)) return "macrosheet";
  return "unknown";
}

/**
 * Opens a package: its zip directory, workbook part, relationships and sheet list. Parts are inflated only when
 * asked for; edits are kept beside the original entries until save() writes the package once.
 */
/** Sheets up to this size are inflated once and kept for the run; larger ones are streamed on every pass. */
export const WHOLE_SHEET_BYTES = 32 * 2 ** 20;

export function openPackage(
  data: Uint8Array | ZipSource,
  codec: ZipCodec = fflateCodec,
  limits: Partial<InflateLimits> = {},
  wholeSheetBytes = WHOLE_SHEET_BYTES,
): WorkbookPackage {
  const zip = readZip(data);
  const budget: InflateBudget = { limits: { ...DEFAULT_INFLATE_LIMITS, ...limits }, used: 0 };
  // Each entry counts against the budget once, however often it is read.
  const counted = new Set<ZipEntry>();
  const inflate = (entry: ZipEntry): Uint8Array => {
    if (counted.has(entry)) return readEntry(zip, entry, codec, { ...budget, used: 0 });
    const bytes = readEntry(zip, entry, codec, budget);
    counted.add(entry);
    return bytes;
  };
  const replace = new Map<string, EntryContent>();
  const added = new Map<string, NewEntry>();
  const removed = new Set<string>();
  // Edits of the running transaction, by lower-cased path (null: removed).
  const staged = new Map<string, NewEntry | null>();
  let kept: { path: string; bytes: Uint8Array } | undefined;

  const original = (path: string): ZipEntry | undefined => {
    let entry = getEntry(zip, path);
    if (!entry && path.includes("%")) {
      try {
        entry = getEntry(zip, decodeURIComponent(path));
      } catch {
        entry = undefined;
      }
    }
    return entry;
  };
  const current = (path: string): EntryContent | ZipEntry | undefined => {
    const key = path.toLowerCase();
    const edit = staged.get(key);
    if (edit !== undefined) return edit?.content;
    if (removed.has(key)) return undefined;
    return replace.get(key) ?? added.get(key)?.content ?? original(path);
  };
  const bytesOf = (content: EntryContent | ZipEntry, path: string): Uint8Array => {
    if (typeof content === "string") return utf8Encoder.encode(content);
    if (content instanceof Uint8Array) return content;
    if ("kind" in content) return inflateDeflated(content, codec);
    return refuseDoctype(path, inflate(content));
  };
  const stage = (path: string, entry: NewEntry | null) => {
    const key = path.toLowerCase();
    if (kept?.path.toLowerCase() === key) kept = undefined;
    staged.set(key, entry);
  };
  const commit = () => {
    for (const [key, entry] of staged) {
      replace.delete(key);
      added.delete(key);
      removed.delete(key);
      if (entry === null) {
        if (getEntry(zip, key)) removed.add(key);
      } else if (getEntry(zip, key)) replace.set(key, entry.content);
      else added.set(key, entry);
    }
    staged.clear();
  };

  const pkg: WorkbookPackage = {
    workbookPath: "",
    workbookXml: "",
    workbookRels: [],
    sheets: [],
    date1904: false,
    has: (path) => current(path) !== undefined,
    text: (path) => {
      const content = current(path);
      if (content === undefined) return undefined;
      return typeof content === "string" ? content : utf8Decoder.decode(bytesOf(content, path));
    },
    sheetBytes: (path) => {
      if (kept?.path === path) return kept.bytes;
      const content = current(path);
      if (content === undefined) throw fileError("file.partMissing", { part: path });
      const bytes = utf8Of(bytesOf(content, path));
      kept = { path, bytes };
      return bytes;
    },
    release: () => {
      kept = undefined;
    },
    sheetPieces: (path, onPiece) => {
      const content = current(path);
      if (content === undefined) throw fileError("file.partMissing", { part: path });
      const entry = content as ZipEntry;
      const streamable =
        typeof content !== "string" && !(content instanceof Uint8Array) && !("kind" in content);
      if (!streamable || kept?.path === path || entry.size <= wholeSheetBytes) {
        onPiece(pkg.sheetBytes(path));
        return;
      }
      // The start is looked at first: a DOCTYPE is refused, and a UTF-16 part (never written by Excel) is
      // converted whole.
      let first = true;
      let utf16 = false;
      const held: Uint8Array[] = [];
      const budgetOf = counted.has(entry) ? { ...budget, used: 0 } : budget;
      inflateEntryPieces(
        zip,
        entry,
        (piece) => {
          if (first) {
            first = false;
            refuseDoctype(path, piece);
            utf16 = (piece[0] === 0xff && piece[1] === 0xfe) || (piece[0] === 0xfe && piece[1] === 0xff);
          }
          if (utf16) held.push(piece.slice());
          else onPiece(piece);
        },
        codec,
        budgetOf,
      );
      counted.add(entry);
      if (utf16) {
        const whole = new Uint8Array(held.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of held) {
          whole.set(p, at);
          at += p.length;
        }
        onPiece(utf8Of(whole));
      }
    },
    set: (path, content) => stage(path, { name: path, content }),
    remove: (path) => stage(path, null),
    transaction: (fn) => {
      try {
        const result = fn();
        commit();
        return result;
      } catch (e) {
        staged.clear();
        kept = undefined; // it may have been read from an edit that is now dropped
        describe(pkg);
        throw e;
      }
    },
    refresh: () => describe(pkg),
    save: () => writeZip(zip, replace, [...added.values()], removed, codec),
    saveTo: (sink) => writeZipTo(sink, zip, replace, [...added.values()], removed, codec),
  };
  describe(pkg);
  return pkg;
}

/** Reads the workbook part, its relationships and the sheet list (again, after the workbook part was edited). */
function describe(pkg: WorkbookPackage): void {
  const rootRels = relsOf(pkg, "");
  const officeDoc = relOfType(rootRels, REL_OFFICE_DOCUMENT);
  const workbookPath = officeDoc && pkg.has(officeDoc.target) ? officeDoc.target : "xl/workbook.xml";
  const workbookXml = pkg.text(workbookPath);
  if (workbookXml === undefined) throw fileError("file.notXlsx", {});
  const workbookRels = relsOf(pkg, workbookPath);
  const byId = new Map(workbookRels.map((r) => [r.id, r]));
  const sheetsEl = findElement(workbookXml, "sheets");
  const sheets: SheetInfo[] = [];
  if (sheetsEl && !sheetsEl.selfClosing) {
    for (const el of findElements(workbookXml, "sheet", sheetsEl.openEnd, sheetsEl.closeStart)) {
      const relId = getPrefixedAttr(el.attrs, "id") ?? "";
      const rel = byId.get(relId);
      const state = getAttr(el.attrs, "state") ?? "visible";
      sheets.push({
        name: getAttr(el.attrs, "name") ?? "",
        index: sheets.length,
        sheetId: getAttr(el.attrs, "sheetId") ?? "",
        relId,
        hidden: state !== "visible",
        kind: rel ? sheetKind(rel.type) : "unknown",
        path: rel ? rel.target : "",
      });
    }
  }
  const pr = findElement(workbookXml, "workbookPr");
  const d1904 = pr ? getAttr(pr.attrs, "date1904") : undefined;
  Object.assign(pkg, {
    workbookPath,
    workbookXml,
    workbookRels,
    sheets,
    date1904: d1904 === "1" || d1904 === "true",
  });
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8");

/** A prolog (declaration, processing instructions, comments, space) ending in a DOCTYPE. */
const DOCTYPE_RE = /^\ufeff?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<!DOCTYPE/i;

/**
 * Refuses a part whose prolog declares a DOCTYPE: no workbook part needs one, and its entities are how XML bombs
 * and external entities get in. Only the start is looked at: a DOCTYPE must come before the root element.
 */
function refuseDoctype(path: string, bytes: Uint8Array): Uint8Array {
  const head = bytes.subarray(0, 1 << 16);
  const encoding =
    head[0] === 0xff && head[1] === 0xfe
      ? "utf-16le"
      : head[0] === 0xfe && head[1] === 0xff
        ? "utf-16be"
        : "latin1";
  if (DOCTYPE_RE.test(new TextDecoder(encoding).decode(head)))
    throw fileError("file.doctype", { part: path });
  return bytes;
}

/** A part's bytes as UTF-8: a UTF-16 part (allowed by XML, never written by Excel) is converted, so one scanner serves all. */
function utf8Of(bytes: Uint8Array): Uint8Array {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (!le && !(bytes[0] === 0xfe && bytes[1] === 0xff)) return bytes;
  const text = new TextDecoder(le ? "utf-16le" : "utf-16be").decode(bytes);
  return utf8Encoder.encode(text.replace(/^(<\?xml[^>]*encoding=["'])utf-16(["'])/i, "$1UTF-8$2"));
}

const sheetNames = (pkg: WorkbookPackage): string[] => pkg.sheets.map((s) => s.name);

const KIND_WORD: Record<SheetKind, "chart" | "dialog" | "macro" | "other"> = {
  worksheet: "other",
  chartsheet: "chart",
  dialogsheet: "dialog",
  macrosheet: "macro",
  unknown: "other",
};

/** The named sheet (exact name first, then ignoring case as Excel does), or an error listing the sheets. */
function findSheet(pkg: WorkbookPackage, name: string): SheetInfo {
  const sheet =
    pkg.sheets.find((s) => s.name === name) ??
    pkg.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!sheet) throw fileError("file.sheetNotFound", { sheet: name, sheets: sheetNames(pkg) });
  return sheet;
}

export function requireWorksheet(pkg: WorkbookPackage, name: string): SheetInfo {
  const sheet = findSheet(pkg, name);
  if (sheet.kind !== "worksheet") {
    throw fileError("file.notWorksheet", { sheet: sheet.name, kind: KIND_WORD[sheet.kind] });
  }
  if (!sheet.path || !pkg.has(sheet.path)) {
    throw fileError("file.sheetPartMissing", { sheet: sheet.name, part: sheet.path });
  }
  return sheet;
}

/** The first worksheet, preferring visible ones. */
export function firstWorksheet(pkg: WorkbookPackage): SheetInfo {
  const ws = pkg.sheets.filter((s) => s.kind === "worksheet" && s.path && pkg.has(s.path));
  const sheet = ws.find((s) => !s.hidden) ?? ws[0];
  if (!sheet) throw fileError("file.noWorksheet", { sheets: sheetNames(pkg) });
  return sheet;
}

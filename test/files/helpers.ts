// Test-side inspection of xlsx packages, written independently of src/files so the adapter is not checked by its
// own parser: part listings, a well-formedness check, worksheet child order and cell extraction.

import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { PassThrough } from "node:stream";

const utf8 = new TextDecoder();

export function parts(data: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(data);
}

export function text(data: Uint8Array, name: string): string {
  const p = parts(data)[name];
  if (!p) throw new Error(`no part ${name}`);
  return utf8.decode(p);
}

/** A copy of the package with one part's text changed. */
export function withPart(data: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const all = parts(data);
  all[name] = strToU8(edit(utf8.decode(all[name])));
  return zipSync(all);
}

/** The same package with every entry re-zipped at `level` (0 = stored), one part optionally replaced. */
export function rezip(data: Uint8Array, level: 0 | 6, replace: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ ...parts(data), ...replace }, { level });
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Names of parts whose decompressed bytes differ, plus parts added or removed. */
export function changedParts(
  before: Uint8Array,
  after: Uint8Array,
): { changed: string[]; added: string[]; removed: string[] } {
  const a = parts(before);
  const b = parts(after);
  const changed = Object.keys(a).filter((k) => k in b && !sameBytes(a[k], b[k]));
  return {
    changed: changed.sort(),
    added: Object.keys(b).filter((k) => !(k in a)),
    removed: Object.keys(a).filter((k) => !(k in b)),
  };
}

/** Throws unless every start tag has its matching end tag (a cheap well-formedness check). */
export function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (!m[2]) continue;
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}> at ${m.index}`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("><")}>`);
  const stray = xml.replace(re, "").match(/[<>]/);
  if (stray) throw new Error(`stray '${stray[0]}' in text`);
}

/** Local names of the root element's children, in order. */
export function rootChildren(xml: string): string[] {
  const out: string[] = [];
  const re = /<(\/?)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?:\s[^>]*?)?(\/?)>/g;
  let depth = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1]) depth--;
    else {
      if (depth === 1) out.push(m[2]);
      if (!m[3]) depth++;
    }
  }
  return out;
}

import { WORKSHEET_ORDER } from "../../src/files/sheetEdits";

export { WORKSHEET_ORDER };

/** Throws unless the worksheet's children follow the ECMA-376 sequence. */
export function assertWorksheetOrder(xml: string): void {
  let last = -1;
  for (const name of rootChildren(xml)) {
    const rank = WORKSHEET_ORDER.indexOf(name);
    if (rank < 0) throw new Error(`unknown worksheet child ${name}`);
    if (rank < last) throw new Error(`${name} out of order in ${rootChildren(xml).join(", ")}`);
    last = rank;
  }
}

/** Every <c> element of a sheet by its reference, as written. */
export function cellElements(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<(?:x:)?c\s[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:\/>|>[\s\S]*?<\/(?:x:)?c>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.set(m[1], m[0]);
  return out;
}

export function colOf(ref: string): number {
  let col = 0;
  for (const ch of /^[A-Z]+/.exec(ref)![0]) col = col * 26 + ch.charCodeAt(0) - 64;
  return col;
}

export async function loadWithExcelJs(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // ExcelJS's typings want a Node Buffer.
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  return wb;
}

/** Values of a sheet as ExcelJS reads them: rows of [col1, col2, ...]. */
export function exceljsValues(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1);
  });
  return out;
}

/** A workbook written by ExcelJS's streaming writer (archiver: zip entries with data descriptors). */
export async function streamedWorkbook(rows: unknown[][]): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => stream.on("end", resolve));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
  const ws = wb.addWorksheet("Pipeline");
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function workbookFromExcelJs(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// The parts of styles.xml the adapter touches: which cell formats are dates (for 1904-based workbooks) and the
// differential formats (dxfs) that conditional formatting points to, reused when identical so re-runs add none.

import { appendChild, childElements, findElement, setAttr, startTagOf, replaceStartTag } from "./xml";
import { fileError } from "./errors";

// Built-in number formats that display dates or times.
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

function isDateFormatCode(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, "")
    .replace(/_.|\*./g, "");
  return /[dmyhs]/i.test(stripped) && !/^general$/i.test(stripped.trim());
}

/** Indexes into cellXfs whose number format shows a date or time. */
export function dateStyleIndexes(stylesXml: string): Set<number> {
  const custom = new Map<number, string>();
  const numFmts = findElement(stylesXml, "numFmts");
  if (numFmts && !numFmts.selfClosing) {
    for (const el of childElements(stylesXml, numFmts)) {
      const id = /numFmtId\s*=\s*["'](\d+)/.exec(el.attrs);
      const code = /formatCode\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(el.attrs);
      if (id && code) custom.set(Number(id[1]), code[1] ?? code[2]);
    }
  }
  const out = new Set<number>();
  const cellXfs = findElement(stylesXml, "cellXfs");
  if (!cellXfs || cellXfs.selfClosing) return out;
  childElements(stylesXml, cellXfs).forEach((xf, i) => {
    const m = /numFmtId\s*=\s*["'](\d+)/.exec(xf.attrs);
    const id = m ? Number(m[1]) : 0;
    const code = custom.get(id);
    if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(i);
  });
  return out;
}

/** "1F77B4", "#1f77b4" or "FF1F77B4" -> "FF1F77B4". */
export function argb(hex: string): string {
  const h = hex.trim().replace(/^#/, "").toUpperCase();
  if (/^[0-9A-F]{6}$/.test(h)) return "FF" + h;
  if (/^[0-9A-F]{8}$/.test(h)) return h;
  throw new RangeError(`invalid colour '${hex}': expected hex RGB such as 1F77B4`);
}

/** A differential format with a fill and an optional font colour, written the way Excel writes it. */
export function dxfXml(p: string, fill: string, font?: string): string {
  const f = font ? `<${p}font><${p}color rgb="${argb(font)}"/></${p}font>` : "";
  return `<${p}dxf>${f}<${p}fill><${p}patternFill><${p}bgColor rgb="${argb(fill)}"/></${p}patternFill></${p}fill></${p}dxf>`;
}

const STYLE_ORDER = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
];

function normalise(xml: string): string {
  return xml.replace(/>\s+</g, "><").replace(/\s+\/>/g, "/>");
}

/** Ensures each wanted dxf exists in styles.xml (appending the missing ones); returns the new XML and their ids. */
export function ensureDxfs(
  part: string,
  stylesXml: string,
  wanted: (p: string) => string[],
): { xml: string; ids: number[] } {
  return ensureListed(part, stylesXml, "dxfs", wanted);
}

/** Built-in number formats by their code (ECMA-376 §18.8.30): these need no numFmt element. */
const BUILTIN_NUMBER_FORMATS: Readonly<Record<string, number>> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
};

/**
 * Ensures a cell format (xf) with each wanted built-in number format exists in cellXfs, reusing an identical one;
 * returns the new XML and the formats' style indexes (a cell's s attribute).
 */
export function ensureNumberStyles(
  part: string,
  stylesXml: string,
  codes: readonly string[],
): { xml: string; ids: number[] } {
  return ensureListed(part, stylesXml, "cellXfs", (p) =>
    codes.map((code) => {
      const id = BUILTIN_NUMBER_FORMATS[code];
      if (id === undefined) throw new RangeError(`number format '${code}' is not a built-in one`);
      return `<${p}xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`;
    }),
  );
}

/** Ensures each wanted child exists in the list element (appending the missing ones); returns the XML and their ids. */
function ensureListed(
  part: string,
  stylesXml: string,
  list: "dxfs" | "cellXfs",
  wanted: (p: string) => string[],
): { xml: string; ids: number[] } {
  let xml = stylesXml;
  const root = findElement(xml, "styleSheet");
  if (!root) throw fileError("file.partMalformed", { part, element: "styleSheet" });
  const p = root.prefix;
  const wantedXml = wanted(p);
  let parent = findElement(xml, list);
  if (!parent) {
    const order = STYLE_ORDER;
    const target = order.indexOf(list);
    const children = childElements(xml, root);
    const before = children.find((c) => order.indexOf(c.local) > target);
    const at = before ? before.start : root.closeStart;
    xml = `${xml.slice(0, at)}<${p}${list} count="0"/>${xml.slice(at)}`;
    // A damaged part (a root that never closes, text where tags belong) may still not read as one: say so.
    const added = findElement(xml, list);
    if (!added) throw fileError("file.partMalformed", { part, element: "styleSheet" });
    parent = added;
  }
  const existing = parent.selfClosing
    ? []
    : childElements(xml, parent).map((el) => normalise(xml.slice(el.start, el.end)));
  const ids: number[] = [];
  const added: string[] = [];
  for (const d of wantedXml) {
    const norm = normalise(d);
    let id = existing.indexOf(norm);
    if (id < 0) {
      id = existing.length;
      existing.push(norm);
      added.push(d);
    }
    ids.push(id);
  }
  if (added.length > 0) {
    xml = appendChild(xml, parent, added.join(""));
    parent = findElement(xml, list)!;
    xml = replaceStartTag(xml, parent, setAttr(startTagOf(xml, parent), "count", String(existing.length)));
  }
  return { xml, ids };
}

export const MINIMAL_STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/></styleSheet>';

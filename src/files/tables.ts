// Excel tables (ListObjects) of a worksheet: reading their range and columns, and widening one to take in new
// columns with unique names.

import { formatBox, parseRange, type Box } from "../port/a1";
import { fileError } from "./errors";
import { relsOf, type SheetInfo, type WorkbookPackage } from "./package";
import {
  appendChild,
  childElements,
  escapeAttr,
  findElement,
  getAttr,
  replaceStartTag,
  setAttr,
  startTagOf,
} from "./xml";

export interface TableColumnInfo {
  id: number;
  name: string;
}

export interface TableInfo {
  path: string;
  name: string;
  displayName: string;
  ref: Box;
  headerRowCount: number;
  totalsRowCount: number;
  queryTable: boolean;
  columns: TableColumnInfo[];
  xml: string;
}

function parseTable(xml: string, path: string): TableInfo {
  const root = findElement(xml, "table");
  if (!root) throw fileError("file.partMalformed", { part: path, element: "table" });
  const a = root.attrs;
  const name = getAttr(a, "displayName") ?? getAttr(a, "name") ?? path;
  const refText = getAttr(a, "ref") ?? "";
  const ref = parseRange(refText);
  if (!ref) throw fileError("file.tableRange", { table: name, part: path, ref: refText });
  const cols = findElement(xml, "tableColumns");
  const columns: TableColumnInfo[] = [];
  if (cols && !cols.selfClosing) {
    for (const el of childElements(xml, cols)) {
      if (el.local !== "tableColumn") continue;
      columns.push({ id: Number(getAttr(el.attrs, "id") ?? 0), name: getAttr(el.attrs, "name") ?? "" });
    }
  }
  return {
    path,
    name: getAttr(a, "name") ?? name,
    displayName: name,
    ref,
    headerRowCount: Number(getAttr(a, "headerRowCount") ?? 1),
    totalsRowCount: Number(getAttr(a, "totalsRowCount") ?? 0),
    queryTable: getAttr(a, "tableType") === "queryTable",
    columns,
    xml,
  };
}

/** The sheet's tables, top-to-bottom then left-to-right. */
export function tablesOfSheet(pkg: WorkbookPackage, sheet: SheetInfo): TableInfo[] {
  const out: TableInfo[] = [];
  for (const rel of relsOf(pkg, sheet.path)) {
    if (rel.external || !rel.type.endsWith("/table")) continue;
    const xml = pkg.text(rel.target);
    if (xml !== undefined) out.push(parseTable(xml, rel.target));
  }
  return out.sort((x, y) => x.ref.r0 - y.ref.r0 || x.ref.c0 - y.ref.c0);
}

export function findTableByName(tables: TableInfo[], name: string): TableInfo | undefined {
  const n = name.toLowerCase();
  return tables.find((t) => t.displayName.toLowerCase() === n || t.name.toLowerCase() === n);
}

/**
 * Names for the output columns that stay unique among the table's other columns (Excel requires unique
 * column names and header cells equal to them): a clash gets " 2", " 3", ...
 */
export function uniqueColumnNames(table: TableInfo, startCol: number, headers: string[]): string[] {
  const taken = new Set<string>();
  table.columns.forEach((c, i) => {
    const col = table.ref.c0 + i;
    if (col < startCol || col >= startCol + headers.length) taken.add(c.name.toLowerCase());
  });
  return headers.map((h) => {
    let name = h;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${h} ${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Widens the table so its last column is `endCol`, naming the columns from `startCol` with `names`; the table's
 * filter range follows. Returns the new table XML.
 */
export function widenTable(table: TableInfo, startCol: number, names: string[]): string {
  let xml = table.xml;
  const endCol = startCol + names.length - 1;
  const ref: Box = { ...table.ref, c1: Math.max(table.ref.c1, endCol) };
  let root = findElement(xml, "table")!;
  const p = root.prefix;
  xml = replaceStartTag(xml, root, setAttr(startTagOf(xml, root), "ref", formatBox(ref)));
  root = findElement(xml, "table")!;

  const filterRef = formatBox({ ...ref, r1: ref.r1 - table.totalsRowCount });
  const af = childElements(xml, root).find((c) => c.local === "autoFilter");
  if (af) xml = replaceStartTag(xml, af, setAttr(startTagOf(xml, af), "ref", filterRef));
  else if (table.headerRowCount > 0) {
    xml = xml.slice(0, root.openEnd) + `<${p}autoFilter ref="${filterRef}"/>` + xml.slice(root.openEnd);
  }

  const cols = findElement(xml, "tableColumns");
  if (!cols) throw fileError("file.partMalformed", { part: table.path, element: "tableColumns" });
  const colEls = cols.selfClosing ? [] : childElements(xml, cols).filter((c) => c.local === "tableColumn");
  // Rename columns we already own, from the last so earlier offsets stay valid.
  for (let i = colEls.length - 1; i >= 0; i--) {
    const col = table.ref.c0 + i;
    if (col < startCol || col > endCol) continue;
    const el = colEls[i];
    xml = replaceStartTag(xml, el, setAttr(startTagOf(xml, el), "name", names[col - startCol]));
  }
  let nextId = Math.max(0, ...table.columns.map((c) => c.id)) + 1;
  const added: string[] = [];
  for (let col = table.ref.c0 + colEls.length; col <= endCol; col++) {
    const name = col >= startCol ? names[col - startCol] : `Column${nextId}`;
    added.push(`<${p}tableColumn id="${nextId++}" name="${escapeAttr(name)}"/>`);
  }
  if (added.length > 0) {
    const colsEl = findElement(xml, "tableColumns")!;
    xml = appendChild(xml, colsEl, added.join(""));
  }
  const colsEl = findElement(xml, "tableColumns")!;
  const count = colEls.length + added.length;
  return replaceStartTag(xml, colsEl, setAttr(startTagOf(xml, colsEl), "count", String(count)));
}

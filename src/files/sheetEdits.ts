// The worksheet text around <sheetData>: the dimension before it, and after it the output's conditional formatting
// (an earlier run's replaced, not duplicated) and autofilter, placed in the order the SpreadsheetML schema requires.

import { columnLetters, formatBox, overlaps, parseRange, parseSqref, union, type Box } from "../port/a1";
import { fileError } from "./errors";
import { lastDataRow, outputRegion, type OutputLayout } from "./sheetWrite";
import { argb } from "./styles";

/** A colour scale's stop: this colour at this value. */
export interface ScaleStop {
  at: number;
  colour: string;
}
import {
  childElements,
  escapeText,
  findElement,
  getAttr,
  insertInOrder,
  setAttr,
  startTagOf,
  type XmlElement,
} from "./xml";

// ECMA-376 CT_Worksheet child order.
export const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** What the sheet's text around sheetData must receive. */
export interface SheetEdits {
  sheetName: string;
  layout: OutputLayout;
  /** Columns an earlier run wrote, per the marker. */
  own: { firstCol: number; lastCol: number } | undefined;
  /** "Cell equals this text" rules, each with the dxf that colours it; column is an index into the output headers. */
  rules: { column: number; equals: string; dxfId: number }[];
  /** Colour scales: a colour at each of three values, lowest first. */
  scales: { column: number; stops: readonly ScaleStop[] }[];
  /** The sheet autofilter's range; undefined when the filter belongs to a table. */
  filterRange: Box | undefined;
  /** What the dimension must now cover. */
  usedRange: Box;
}

const notWorksheetPart = (sheet: string) =>
  fileError("file.damagedSheet", { sheet, defect: "notWorksheetPart" });

function worksheetRoot(xml: string, sheetName: string): XmlElement {
  const root = findElement(xml, "worksheet");
  if (!root || root.selfClosing) throw notWorksheetPart(sheetName);
  return root;
}

function children(xml: string, sheetName: string): XmlElement[] {
  return childElements(xml, worksheetRoot(xml, sheetName));
}

function upsertChild(xml: string, sheetName: string, local: string, newXml: string): string {
  const existing = children(xml, sheetName).find((c) => c.local === local);
  if (existing) return xml.slice(0, existing.start) + newXml + xml.slice(existing.end);
  return insertInOrder(xml, worksheetRoot(xml, sheetName), local, newXml, WORKSHEET_ORDER);
}

/** The text before sheetData with its dimension covering the output. */
export function editHead(head: string, p: string, e: SheetEdits): string {
  const root = /<((?:[A-Za-z_][\w.-]*:)?worksheet)[\s>]/.exec(head);
  if (!root) throw notWorksheetPart(e.sheetName);
  const placeholder = `<${p}sheetData/>`;
  // Closed with a placeholder so the element helpers see a whole document; only the head is kept.
  let xml = `${head}${placeholder}</${root[1]}>`;
  const dim = children(xml, e.sheetName).find((c) => c.local === "dimension");
  const oldDim = dim ? parseRange(getAttr(dim.attrs, "ref") ?? "") : undefined;
  const newDim = formatBox(oldDim ? union(oldDim, e.usedRange) : e.usedRange);
  xml = dim
    ? xml.slice(0, dim.start) + setAttr(startTagOf(xml, dim), "ref", newDim) + xml.slice(dim.openEnd)
    : insertInOrder(
        xml,
        worksheetRoot(xml, e.sheetName),
        "dimension",
        `<${p}dimension ref="${newDim}"/>`,
        WORKSHEET_ORDER,
      );
  return xml.slice(0, xml.lastIndexOf(placeholder));
}

/**
 * The text after sheetData with the output's conditional formatting (an earlier run's replaced) and autofilter.
 * Refuses merged cells in the output area.
 */
export function editTail(head: string, tail: string, p: string, e: SheetEdits): string {
  const { sheetName, layout } = e;
  const region = outputRegion(layout);
  const { startCol, firstDataRow } = layout;
  const endCol = startCol + layout.headers.length - 1;
  const lastRow = lastDataRow(layout);
  const placeholder = `<${p}sheetData/>`;
  const prefixLength = head.length + placeholder.length;
  let skeleton = head + placeholder + tail;

  for (const mc of children(skeleton, sheetName).filter((c) => c.local === "mergeCells")) {
    for (const m of childElements(skeleton, mc)) {
      const r = parseRange(getAttr(m.attrs, "ref") ?? "");
      if (r && overlaps(r, region)) {
        throw fileError("file.mergedCells", {
          sheet: sheetName,
          range: formatBox(r),
          columns: `${columnLetters(startCol)}:${columnLetters(endCol)}`,
        });
      }
    }
  }

  // Drop the conditional formats an earlier run added (ours: inside the output columns, equal-to rules with our dxfs or scales).
  const own = e.own;
  const ownSpan = (r: Box) =>
    (r.c0 >= startCol && r.c1 <= endCol) || (!!own && r.c0 >= own.firstCol && r.c1 <= own.lastCol);
  const oursCf = children(skeleton, sheetName).filter((c) => {
    if (c.local !== "conditionalFormatting") return false;
    const ranges = parseSqref(getAttr(c.attrs, "sqref") ?? "");
    if (ranges.length === 0 || !ranges.every(ownSpan)) return false;
    const rules = c.selfClosing ? [] : childElements(skeleton, c);
    return rules.every((r) => {
      const type = getAttr(r.attrs, "type");
      const dxfId = Number(getAttr(r.attrs, "dxfId"));
      return type === "colorScale" || (type === "cellIs" && e.rules.some((v) => v.dxfId === dxfId));
    });
  });
  for (let i = oursCf.length - 1; i >= 0; i--)
    skeleton = skeleton.slice(0, oursCf[i].start) + skeleton.slice(oursCf[i].end);

  let priority = 0;
  for (const m of skeleton.matchAll(/\spriority\s*=\s*["'](\d+)/g))
    priority = Math.max(priority, Number(m[1]));
  const hasData = layout.rows.length > 0;
  const width = layout.headers.length;
  const inside = (column: number) => hasData && column >= 0 && column < width;
  const dataCol = (i: number): string =>
    formatBox({ r0: firstDataRow, r1: lastRow, c0: startCol + i, c1: startCol + i });
  const cfBlocks: string[] = [];
  const ruleColumns = [...new Set(e.rules.map((r) => r.column))].filter(inside);
  for (const column of ruleColumns) {
    const rules = e.rules
      .filter((r) => r.column === column)
      .map(({ equals, dxfId }) => {
        const formula = escapeText(`"${equals.replace(/"/g, '""')}"`);
        return `<${p}cfRule type="cellIs" dxfId="${dxfId}" priority="${++priority}" operator="equal"><${p}formula>${formula}</${p}formula></${p}cfRule>`;
      })
      .join("");
    cfBlocks.push(
      `<${p}conditionalFormatting sqref="${dataCol(column)}">${rules}</${p}conditionalFormatting>`,
    );
  }
  for (const { column, stops } of e.scales.filter((x) => inside(x.column))) {
    const cfvo = stops.map((s) => `<${p}cfvo type="num" val="${s.at}"/>`).join("");
    const colours = stops.map((s) => `<${p}color rgb="${argb(s.colour)}"/>`).join("");
    cfBlocks.push(
      `<${p}conditionalFormatting sqref="${dataCol(column)}"><${p}cfRule type="colorScale" priority="${++priority}">` +
        `<${p}colorScale>${cfvo}${colours}</${p}colorScale></${p}cfRule></${p}conditionalFormatting>`,
    );
  }
  if (cfBlocks.length > 0) {
    skeleton = insertInOrder(
      skeleton,
      worksheetRoot(skeleton, sheetName),
      "conditionalFormatting",
      cfBlocks.join(""),
      WORKSHEET_ORDER,
    );
  }

  if (e.filterRange) {
    const existing = children(skeleton, sheetName).find((c) => c.local === "autoFilter");
    const oldRef = existing ? parseRange(getAttr(existing.attrs, "ref") ?? "") : undefined;
    const ref = formatBox(e.filterRange);
    if (existing && oldRef && oldRef.c0 === e.filterRange.c0) {
      // Same first column: the user's filter criteria (by column offset) stay valid.
      skeleton =
        skeleton.slice(0, existing.start) +
        setAttr(startTagOf(skeleton, existing), "ref", ref) +
        skeleton.slice(existing.openEnd);
    } else {
      skeleton = upsertChild(skeleton, sheetName, "autoFilter", `<${p}autoFilter ref="${ref}"/>`);
    }
  }
  if (!skeleton.startsWith(head + placeholder)) throw new Error("internal: an edit reached before sheetData");
  return skeleton.slice(prefixLength);
}

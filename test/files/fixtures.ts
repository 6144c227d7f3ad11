// Workbook fixtures built in memory from hand-written SpreadsheetML, so tests control every part (charts, pivot
// tables, images, macros, tables, defined names) that a workbook library would drop or rewrite.

import { strToU8, unzipSync, zipSync } from "fflate";
import type { Cell } from "../../src/model/types";

/** A cell in a fixture sheet: a plain value, or a stored form the reader must handle. */
export type FixtureCell =
  | Cell
  | { f: string; v?: string | number | boolean; t?: "str" | "b" | "e"; shared?: { ref?: string; si: number } }
  | { array: string; ref: string; v?: number }
  | { inline: string }
  | { rich: string[] }
  | { s: number; v: string | number };

export interface FixtureTable {
  name: string;
  /** Defaults to the sheet's rows. */
  ref?: string;
  totalsRow?: boolean;
  columns?: string[];
}

export interface FixtureSheet {
  name: string;
  rows?: FixtureCell[][];
  /** Where rows[0][0] goes (1-based). */
  startRow?: number;
  startCol?: number;
  tables?: FixtureTable[];
  /** Extra worksheet children placed after sheetData, before any drawing/tableParts. */
  afterSheetData?: string;
  /** Replaces the generated <sheetData> element entirely. */
  sheetDataXml?: string;
  /** Emit <dimension>; default true. */
  dimension?: boolean;
  hidden?: boolean;
  /** Style index applied to the first row's cells (1 = bold header). */
  headerStyle?: number;
}

export interface FixtureWorkbook {
  sheets: FixtureSheet[];
  /** How plain strings are stored; default "shared". */
  strings?: "shared" | "inline";
  definedNames?: { name: string; value: string; localSheetId?: number }[];
  /** Puts a bar chart on `onSheet` plotting `ref` (e.g. "'Pipeline'!$D$2:$D$4"). */
  chart?: { onSheet: string; ref: string };
  /** Adds a chart sheet (a sheet with no cells) named so. */
  chartSheet?: string;
  /** Adds a pivot cache and a pivot table on `onSheet` over `source` (e.g. Pipeline!A1:D4). */
  pivot?: { onSheet: string; sourceSheet: string; sourceRef: string };
  /** Puts a PNG image on that sheet. */
  imageOn?: string;
  /** Adds xl/vbaProject.bin and makes the workbook macro-enabled. */
  vba?: boolean;
  /** Adds xl/calcChain.xml listing every formula cell. */
  calcChain?: boolean;
  /** Leaves out xl/styles.xml. */
  noStyles?: boolean;
  date1904?: boolean;
  /** Namespace prefix for SpreadsheetML elements in sheets (e.g. "x"). */
  prefix?: string;
}

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function colLetters(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A 1x1 transparent PNG. */
export const TINY_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

export const STYLES_XML =
  XML_DECL +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;€&quot;#,##0"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="1"><dxf><font><b/><color rgb="FF0000FF"/></font></dxf></dxfs>' +
  '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  "</styleSheet>";

interface Ctx {
  strings: "shared" | "inline";
  sst: string[];
  sstIndex: Map<string, number>;
  p: string;
  formulaCells: string[];
}

function shared(ctx: Ctx, item: string, key: string): number {
  let i = ctx.sstIndex.get(key);
  if (i === undefined) {
    i = ctx.sst.length;
    ctx.sst.push(item);
    ctx.sstIndex.set(key, i);
  }
  return i;
}

function textXml(s: string): string {
  const space = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : "";
  return `<t${space}>${esc(s)}</t>`;
}

function cellXml(ctx: Ctx, ref: string, cell: FixtureCell, style?: number): string {
  const p = ctx.p;
  const s = style !== undefined ? ` s="${style}"` : "";
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") {
    if (ctx.strings === "inline")
      return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is>${textXml(cell)}</${p}is></${p}c>`;
    return `<${p}c r="${ref}"${s} t="s"><${p}v>${shared(ctx, `<si>${textXml(cell)}</si>`, "p:" + cell)}</${p}v></${p}c>`;
  }
  if (typeof cell === "number") return `<${p}c r="${ref}"${s}><${p}v>${cell}</${p}v></${p}c>`;
  if (typeof cell === "boolean") return `<${p}c r="${ref}"${s} t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
  if (cell instanceof Date) {
    const serial = (cell.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
    return `<${p}c r="${ref}" s="2"><${p}v>${serial}</${p}v></${p}c>`;
  }
  if ("error" in cell) return `<${p}c r="${ref}"${s} t="e"><${p}v>${esc(cell.error)}</${p}v></${p}c>`;
  if ("inline" in cell)
    return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is>${textXml(cell.inline)}</${p}is></${p}c>`;
  if ("rich" in cell) {
    const runs = cell.rich.map(
      (t, i) => `<r>${i % 2 ? '<rPr><b/><sz val="11"/></rPr>' : ""}${textXml(t)}</r>`,
    );
    const item = `<si>${runs.join("")}<rPh sb="0" eb="1"><t>ignored phonetic</t></rPh><phoneticPr fontId="1"/></si>`;
    return `<${p}c r="${ref}"${s} t="s"><${p}v>${shared(ctx, item, "r:" + cell.rich.join("\u0000"))}</${p}v></${p}c>`;
  }
  if ("s" in cell) return cellXml(ctx, ref, cell.v, cell.s);
  if ("array" in cell) {
    ctx.formulaCells.push(ref);
    const v = cell.v !== undefined ? `<${p}v>${cell.v}</${p}v>` : "";
    return `<${p}c r="${ref}"${s}><${p}f t="array" ref="${cell.ref}">${esc(cell.array)}</${p}f>${v}</${p}c>`;
  }
  ctx.formulaCells.push(ref);
  const t = cell.t
    ? ` t="${cell.t}"`
    : typeof cell.v === "string"
      ? ' t="str"'
      : typeof cell.v === "boolean"
        ? ' t="b"'
        : "";
  const v =
    cell.v === undefined
      ? ""
      : `<${p}v>${typeof cell.v === "boolean" ? (cell.v ? 1 : 0) : esc(String(cell.v))}</${p}v>`;
  const sh = cell.shared
    ? ` t="shared"${cell.shared.ref ? ` ref="${cell.shared.ref}"` : ""} si="${cell.shared.si}"`
    : "";
  const ftext = cell.shared && !cell.shared.ref ? "" : esc(cell.f);
  return `<${p}c r="${ref}"${s}${t}><${p}f${sh}>${ftext}</${p}f>${v}</${p}c>`;
}

function rowsXml(ctx: Ctx, sheet: FixtureSheet): { xml: string; ref: string } {
  const p = ctx.p;
  const rows = sheet.rows ?? [];
  const r0 = sheet.startRow ?? 1;
  const c0 = sheet.startCol ?? 1;
  let maxCol = c0;
  const out: string[] = [];
  rows.forEach((row, i) => {
    const r = r0 + i;
    const cells = row
      .map((cell, j) => {
        const col = c0 + j;
        if (cell !== null && cell !== undefined) maxCol = Math.max(maxCol, col);
        return cellXml(ctx, `${colLetters(col)}${r}`, cell, i === 0 ? sheet.headerStyle : undefined);
      })
      .join("");
    out.push(`<${p}row r="${r}" spans="${c0}:${c0 + Math.max(0, row.length - 1)}">${cells}</${p}row>`);
  });
  const lastRow = r0 + Math.max(0, rows.length - 1);
  return {
    xml: `<${p}sheetData>${out.join("")}</${p}sheetData>`,
    ref: `${colLetters(c0)}${r0}:${colLetters(maxCol)}${lastRow}`,
  };
}

export type Parts = Record<string, string | Uint8Array>;

export function zipParts(parts: Parts): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(parts))
    files[name] = typeof content === "string" ? strToU8(content) : content;
  return zipSync(files, { level: 6 });
}

export function unzipParts(data: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(data);
}

export function partString(data: Uint8Array, name: string): string {
  const part = unzipSync(data, { filter: (f) => f.name === name })[name];
  if (!part) throw new Error(`no part ${name}`);
  return new TextDecoder().decode(part);
}

function headersOf(sheet: FixtureSheet, t: FixtureTable): string[] {
  if (t.columns) return t.columns;
  const first = sheet.rows?.[0] ?? [];
  return first.map((c, i) =>
    typeof c === "string" ? c : c && typeof c === "object" && "inline" in c ? c.inline : `Column${i + 1}`,
  );
}

/** Builds a complete .xlsx package from the spec. */
export function buildWorkbook(spec: FixtureWorkbook): Uint8Array {
  const prefix = spec.prefix ? `${spec.prefix}:` : "";
  const ctx: Ctx = {
    strings: spec.strings ?? "shared",
    sst: [],
    sstIndex: new Map(),
    p: prefix,
    formulaCells: [],
  };
  const parts: Parts = {};
  const overrides: string[] = [];
  const wbRels: string[] = [];
  const sheetEls: string[] = [];
  const calc: string[] = [];
  let tableNo = 0;
  let drawingNo = 0;
  const override = (part: string, type: string) =>
    overrides.push(
      `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.${type}"/>`,
    );

  const sheetIndex = (name: string) => spec.sheets.findIndex((s) => s.name === name);
  const drawingFor = new Map<number, string[]>(); // sheet index -> drawing anchors xml
  const drawingRels = new Map<number, string[]>();

  if (spec.chart) {
    const si = sheetIndex(spec.chart.onSheet);
    const chart =
      XML_DECL +
      `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_R}">` +
      '<c:chart><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>' +
      `<c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>${esc(spec.chart.ref)}</c:f></c:numRef></c:val></c:ser>` +
      '<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling>' +
      '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling>' +
      '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>';
    parts["xl/charts/chart1.xml"] = chart;
    override("xl/charts/chart1.xml", "drawingml.chart+xml");
    const anchors = drawingFor.get(si) ?? [];
    const rels = drawingRels.get(si) ?? [];
    rels.push(`<Relationship Id="rIdChart1" Type="${REL}/chart" Target="../charts/chart1.xml"/>`);
    anchors.push(
      "<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>" +
        "<xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>" +
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
        `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdChart1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    );
    drawingFor.set(si, anchors);
    drawingRels.set(si, rels);
  }
  if (spec.imageOn) {
    const si = sheetIndex(spec.imageOn);
    parts["xl/media/image1.png"] = TINY_PNG;
    const anchors = drawingFor.get(si) ?? [];
    const rels = drawingRels.get(si) ?? [];
    rels.push(`<Relationship Id="rIdImg1" Type="${REL}/image" Target="../media/image1.png"/>`);
    anchors.push(
      "<xdr:oneCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>" +
        '<xdr:ext cx="95250" cy="95250"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Picture 1"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
        '<xdr:blipFill><a:blip r:embed="rIdImg1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>' +
        '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="95250" cy="95250"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>',
    );
    drawingFor.set(si, anchors);
    drawingRels.set(si, rels);
  }

  spec.sheets.forEach((sheet, i) => {
    const n = i + 1;
    const p = prefix;
    const path = `xl/worksheets/sheet${n}.xml`;
    const rels: string[] = [];
    const { xml: generated, ref } = rowsXml(ctx, sheet);
    const sheetData = sheet.sheetDataXml ?? generated;
    let tail = sheet.afterSheetData ?? "";
    const anchors = drawingFor.get(i);
    if (anchors) {
      drawingNo++;
      const dpath = `xl/drawings/drawing${drawingNo}.xml`;
      parts[dpath] =
        XML_DECL +
        `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${NS_R}">` +
        anchors.join("") +
        "</xdr:wsDr>";
      parts[`xl/drawings/_rels/drawing${drawingNo}.xml.rels`] =
        XML_DECL +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${drawingRels.get(i)!.join("")}</Relationships>`;
      override(dpath, "drawing+xml");
      rels.push(
        `<Relationship Id="rIdDr1" Type="${REL}/drawing" Target="../drawings/drawing${drawingNo}.xml"/>`,
      );
      tail += `<${p}drawing r:id="rIdDr1"/>`;
    }
    if (spec.pivot && spec.pivot.onSheet === sheet.name) {
      rels.push(
        `<Relationship Id="rIdPv1" Type="${REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/>`,
      );
    }
    const tableIds: string[] = [];
    for (const t of sheet.tables ?? []) {
      tableNo++;
      const tref = t.ref ?? ref;
      const cols = headersOf(sheet, t)
        .map(
          (h, k) =>
            `<tableColumn id="${k + 1}" name="${esc(h)}"${t.totalsRow && k === 0 ? ' totalsRowLabel="Total"' : ""}/>`,
        )
        .join("");
      const totals = t.totalsRow ? ' totalsRowCount="1"' : ' totalsRowShown="0"';
      const afRef = t.totalsRow ? tref.replace(/(\d+)$/, (m) => String(Number(m) - 1)) : tref;
      parts[`xl/tables/table${tableNo}.xml`] =
        XML_DECL +
        `<table xmlns="${NS_MAIN}" id="${tableNo}" name="${t.name}" displayName="${t.name}" ref="${tref}"${totals}>` +
        `<autoFilter ref="${afRef}"/><tableColumns count="${headersOf(sheet, t).length}">${cols}</tableColumns>` +
        '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>';
      override(`xl/tables/table${tableNo}.xml`, "spreadsheetml.table+xml");
      rels.push(
        `<Relationship Id="rIdT${tableNo}" Type="${REL}/table" Target="../tables/table${tableNo}.xml"/>`,
      );
      tableIds.push(`rIdT${tableNo}`);
    }
    if (tableIds.length > 0) {
      tail += `<${p}tableParts count="${tableIds.length}">${tableIds.map((id) => `<${p}tablePart r:id="${id}"/>`).join("")}</${p}tableParts>`;
    }
    const ns = prefix ? `xmlns:${spec.prefix}="${NS_MAIN}"` : `xmlns="${NS_MAIN}"`;
    parts[path] =
      XML_DECL +
      `<${p}worksheet ${ns} xmlns:r="${NS_R}">` +
      (sheet.dimension === false ? "" : `<${p}dimension ref="${ref}"/>`) +
      `<${p}sheetViews><${p}sheetView workbookViewId="0"${i === 0 ? ' tabSelected="1"' : ""}/></${p}sheetViews>` +
      `<${p}sheetFormatPr defaultRowHeight="15"/>` +
      sheetData +
      tail +
      `</${p}worksheet>`;
    if (rels.length > 0) {
      parts[`xl/worksheets/_rels/sheet${n}.xml.rels`] =
        XML_DECL +
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
    }
    override(path, "spreadsheetml.worksheet+xml");
    wbRels.push(`<Relationship Id="rId${n}" Type="${REL}/worksheet" Target="worksheets/sheet${n}.xml"/>`);
    sheetEls.push(
      `<sheet name="${esc(sheet.name)}" sheetId="${n}"${sheet.hidden ? ' state="hidden"' : ""} r:id="rId${n}"/>`,
    );
    for (const f of ctx.formulaCells.splice(0)) calc.push(`<c r="${f}" i="${n}"/>`);
  });

  let nextRel = spec.sheets.length + 1;
  if (spec.chartSheet) {
    const n = spec.sheets.length + 1;
    parts[`xl/chartsheets/sheet${n}.xml`] =
      XML_DECL +
      `<chartsheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>`;
    override(`xl/chartsheets/sheet${n}.xml`, "spreadsheetml.chartsheet+xml");
    wbRels.push(
      `<Relationship Id="rId${nextRel}" Type="${REL}/chartsheet" Target="chartsheets/sheet${n}.xml"/>`,
    );
    sheetEls.push(`<sheet name="${esc(spec.chartSheet)}" sheetId="${n}" r:id="rId${nextRel}"/>`);
    nextRel++;
  }
  let pivotCaches = "";
  if (spec.pivot) {
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] =
      XML_DECL +
      `<pivotCacheDefinition xmlns="${NS_MAIN}" xmlns:r="${NS_R}" r:id="rId1" refreshOnLoad="1" recordCount="0">` +
      `<cacheSource type="worksheet"><worksheetSource ref="${spec.pivot.sourceRef}" sheet="${esc(spec.pivot.sourceSheet)}"/></cacheSource>` +
      '<cacheFields count="1"><cacheField name="Customer" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>';
    parts["xl/pivotCache/pivotCacheRecords1.xml"] =
      XML_DECL + `<pivotCacheRecords xmlns="${NS_MAIN}" xmlns:r="${NS_R}" count="0"/>`;
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] =
      XML_DECL +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>`;
    parts["xl/pivotTables/pivotTable1.xml"] =
      XML_DECL +
      `<pivotTableDefinition xmlns="${NS_MAIN}" name="PivotTable1" cacheId="1" dataCaption="Values" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" indent="0" outline="1" outlineData="1">` +
      '<location ref="A3:A4" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/><pivotFields count="1"><pivotField axis="axisRow" showAll="0"><items count="1"><item t="default"/></items></pivotField></pivotFields>' +
      '<rowFields count="1"><field x="0"/></rowFields><rowItems count="1"><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems></pivotTableDefinition>';
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] =
      XML_DECL +
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>`;
    override("xl/pivotCache/pivotCacheDefinition1.xml", "spreadsheetml.pivotCacheDefinition+xml");
    override("xl/pivotCache/pivotCacheRecords1.xml", "spreadsheetml.pivotCacheRecords+xml");
    override("xl/pivotTables/pivotTable1.xml", "spreadsheetml.pivotTable+xml");
    wbRels.push(
      `<Relationship Id="rId${nextRel}" Type="${REL}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/>`,
    );
    pivotCaches = `<pivotCaches><pivotCache cacheId="1" r:id="rId${nextRel}"/></pivotCaches>`;
    nextRel++;
  }
  if (!spec.noStyles) {
    parts["xl/styles.xml"] = STYLES_XML;
    override("xl/styles.xml", "spreadsheetml.styles+xml");
    wbRels.push(`<Relationship Id="rId${nextRel++}" Type="${REL}/styles" Target="styles.xml"/>`);
  }
  if (ctx.sst.length > 0) {
    parts["xl/sharedStrings.xml"] =
      XML_DECL +
      `<sst xmlns="${NS_MAIN}" count="${ctx.sst.length}" uniqueCount="${ctx.sst.length}">${ctx.sst.join("")}</sst>`;
    override("xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml");
    wbRels.push(
      `<Relationship Id="rId${nextRel++}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`,
    );
  }
  if (spec.calcChain && calc.length > 0) {
    parts["xl/calcChain.xml"] = XML_DECL + `<calcChain xmlns="${NS_MAIN}">${calc.join("")}</calcChain>`;
    override("xl/calcChain.xml", "spreadsheetml.calcChain+xml");
    wbRels.push(`<Relationship Id="rId${nextRel++}" Type="${REL}/calcChain" Target="calcChain.xml"/>`);
  }
  if (spec.vba) {
    parts["xl/vbaProject.bin"] = Uint8Array.from({ length: 512 }, (_v, i) => (i * 37 + 11) & 0xff);
    wbRels.push(
      `<Relationship Id="rId${nextRel++}" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`,
    );
  }
  const names = (spec.definedNames ?? [])
    .map(
      (d) =>
        `<definedName name="${esc(d.name)}"${d.localSheetId !== undefined ? ` localSheetId="${d.localSheetId}"` : ""}>${esc(d.value)}</definedName>`,
    )
    .join("");
  parts["xl/workbook.xml"] =
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    `<workbookPr${spec.date1904 ? ' date1904="1"' : ""} defaultThemeVersion="166925"/>` +
    '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="20000" windowHeight="10000"/></bookViews>' +
    `<sheets>${sheetEls.join("")}</sheets>` +
    (names ? `<definedNames>${names}</definedNames>` : "") +
    '<calcPr calcId="191029"/>' +
    pivotCaches +
    "</workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
    XML_DECL +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${wbRels.join("")}</Relationships>`;
  parts["_rels/.rels"] =
    XML_DECL +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    "</Relationships>";
  parts["docProps/core.xml"] =
    XML_DECL +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    "<dc:creator>fixtures</dc:creator></cp:coreProperties>";
  const mainType = spec.vba
    ? "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  const contentTypes =
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>' +
    (spec.vba ? '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' : "") +
    `<Override PartName="/xl/workbook.xml" ContentType="${mainType}"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    overrides.join("") +
    "</Types>";
  // [Content_Types].xml first, as Office writes it.
  return zipParts({ "[Content_Types].xml": contentTypes, ...parts });
}

export const PIPELINE_HEADERS = [
  "Opportunity ID",
  "Opportunity",
  "Customer",
  "Deal Value",
  "Financing",
  "Solution Availability",
];

/** A few realistic pipeline rows matching PIPELINE_HEADERS. */
export const PIPELINE_ROWS: Cell[][] = [
  ["OPP-001", "Core network refresh", "Nordtel", 1200000, "Secured", "Available"],
  ["OPP-002", "5G slicing pilot", "Alpine Mobile", 450000, "Partial", "On roadmap"],
  ["OPP-003", '=HYPERLINK("http://x")', "Baltic Fibre", 80000, "Unsecured", "Not available"],
  ["OPP-004", "Billing migration", "Iberia Connect", 2300000, "Secured", "Capacity constrained"],
];

/**
 * A workbook with sheet 'Pipeline' holding the rows (rows[0] is the header row unless `headers` is given) and a
 * sheet 'Dashboard' with a bar chart plotting Pipeline's fourth column.
 */
export function makeWorkbookWithChart(rows: Cell[][], headers?: string[]): Uint8Array {
  const all: Cell[][] = headers ? [headers, ...rows] : rows;
  const last = Math.max(2, all.length);
  return buildWorkbook({
    sheets: [
      { name: "Pipeline", rows: all, headerStyle: 1 },
      { name: "Dashboard", rows: [["Pipeline value"], [{ f: `SUM(Pipeline!D2:D${last})`, v: 0 }]] },
    ],
    chart: { onSheet: "Dashboard", ref: `'Pipeline'!$D$2:$D$${last}` },
  });
}

/**
 * A workbook holding every kind of part a careless writer loses: a chart on the data sheet, an image, a pivot
 * table, macros, a formulas sheet with a calc chain, defined names, styles and existing conditional formatting.
 * With `table`, the data is an Excel table named "Deals".
 */
export function makeRichWorkbook(opts: { table?: boolean; rows?: Cell[][] } = {}): Uint8Array {
  const rows = opts.rows ?? PIPELINE_ROWS;
  const last = rows.length + 1;
  const afterSheetData =
    `<conditionalFormatting sqref="D2:D${last}"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>1000000</formula></cfRule></conditionalFormatting>` +
    `<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="E2:E${last}"><formula1>"Secured,Partial,Unsecured"</formula1></dataValidation></dataValidations>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  return buildWorkbook({
    sheets: [
      {
        name: "Pipeline",
        rows: [PIPELINE_HEADERS, ...rows],
        headerStyle: 1,
        afterSheetData,
        tables: opts.table ? [{ name: "Deals" }] : undefined,
      },
      {
        name: "Summary",
        rows: [
          ["Total", { f: `SUM(Pipeline!D2:D${last})`, v: 4030000 }],
          ["Count", { f: `COUNTA(Pipeline!A2:A${last})`, v: rows.length }],
          ["Big", { f: "B1>1000000", v: true }],
          ["Shared", { f: "B1*2", v: 8060000, shared: { ref: "B4:B5", si: 0 } }],
          ["", { f: "", v: 8, shared: { si: 0 } }],
        ],
        afterSheetData: '<mergeCells count="1"><mergeCell ref="C1:D1"/></mergeCells>',
      },
      { name: "Pivot", rows: [["Row Labels"]] },
    ],
    definedNames: [
      { name: "PipelineValues", value: `Pipeline!$D$2:$D$${last}` },
      { name: "_xlnm.Print_Area", value: "Summary!$A$1:$B$5", localSheetId: 1 },
    ],
    chart: { onSheet: "Pipeline", ref: `'Pipeline'!$D$2:$D$${last}` },
    imageOn: "Summary",
    pivot: { onSheet: "Pivot", sourceSheet: "Pipeline", sourceRef: `A1:F${last}` },
    vba: true,
    calcChain: true,
  });
}

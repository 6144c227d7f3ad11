// Native Excel scatter charts for the learn report: a chart part per chart, a drawing per sheet that anchors it,
// and the relationships and content types that tie them in. The series read the sheet's own cells (with a cache
// of their values, so the chart shows before Excel recalculates). Part layout as Excel and xlsxwriter write it.
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { escapeAttr, escapeText } from "../files/xml";

const C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XDR_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface Series {
  name: string;
  xColumn: string; // "A"
  yColumn: string;
  firstRow: number; // 1-based sheet rows
  x: readonly number[];
  y: readonly number[];
  line: boolean; // a line without markers, else markers without a line
}

export interface ScatterChart {
  sheet: number; // 1-based position of the sheet in the workbook (newWorkbook's order)
  sheetName: string;
  title: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
  at: { col: number; row: number }; // top-left cell, 0-based
}

function rich(text: string, rotated = false): string {
  return (
    `<c:tx><c:rich><a:bodyPr${rotated ? ' rot="-5400000" vert="horz"' : ""}/><a:lstStyle/><a:p><a:pPr><a:defRPr/></a:pPr>` +
    `<a:r><a:rPr lang="en-US"/><a:t>${escapeText(text)}</a:t></a:r></a:p></c:rich></c:tx><c:layout/>`
  );
}

function numRef(sheetName: string, column: string, first: number, values: readonly number[]): string {
  const last = first + values.length - 1;
  const ref = `'${sheetName.replace(/'/g, "''")}'!$${column}$${first}:$${column}$${last}`;
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("");
  return (
    `<c:numRef><c:f>${escapeText(ref)}</c:f><c:numCache><c:formatCode>General</c:formatCode>` +
    `<c:ptCount val="${values.length}"/>${pts}</c:numCache></c:numRef>`
  );
}

function axis(id: number, cross: number, position: "b" | "l", title: string): string {
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/></c:scaling>` +
    `<c:axPos val="${position}"/>${position === "l" ? "<c:majorGridlines/>" : ""}<c:title>${rich(title, position === "l")}</c:title>` +
    `<c:numFmt formatCode="0%" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/>` +
    `<c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>`
  );
}

/** The chart part of one scatter chart, both axes from 0 to 1 (rates). */
export function chartXml(chart: ScatterChart): string {
  const series = chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeText(s.name)}</c:v></c:tx>` +
        (s.line
          ? '<c:marker><c:symbol val="none"/></c:marker>'
          : '<c:spPr><a:ln w="28575"><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="6"/></c:marker>') +
        `<c:xVal>${numRef(chart.sheetName, s.xColumn, s.firstRow, s.x)}</c:xVal>` +
        `<c:yVal>${numRef(chart.sheetName, s.yColumn, s.firstRow, s.y)}</c:yVal><c:smooth val="0"/></c:ser>`,
    )
    .join("");
  return (
    XML_HEAD +
    `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}"><c:lang val="en-US"/><c:chart>` +
    `<c:title>${rich(chart.title)}</c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series}` +
    `<c:axId val="50010001"/><c:axId val="50010002"/></c:scatterChart>` +
    axis(50010001, 50010002, "b", chart.xTitle) +
    axis(50010002, 50010001, "l", chart.yTitle) +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:layout/></c:legend><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`
  );
}

function drawingXml(chartRel: string, at: { col: number; row: number }): string {
  const anchor = (col: number, row: number) =>
    `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    XML_HEAD +
    `<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}"><xdr:twoCellAnchor>` +
    `<xdr:from>${anchor(at.col, at.row)}</xdr:from><xdr:to>${anchor(at.col + 8, at.row + 20)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/>` +
    `</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>` +
    `<a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" xmlns:r="${R_NS}" r:id="${escapeAttr(chartRel)}"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

const rels = (type: string, target: string) =>
  XML_HEAD +
  `<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${R_NS}/${type}" Target="${target}"/></Relationships>`;

/**
 * Adds the charts to a workbook made by newWorkbook (one chart per sheet at most; each sheet's part is
 * xl/worksheets/sheetN.xml and has no relationships of its own yet).
 */
export function addScatterCharts(xlsx: Uint8Array, charts: readonly ScatterChart[]): Uint8Array {
  const files = unzipSync(xlsx);
  let types = strFromU8(files["[Content_Types].xml"]);
  charts.forEach((chart, i) => {
    const n = i + 1;
    const sheetPath = `xl/worksheets/sheet${chart.sheet}.xml`;
    const sheet = strFromU8(files[sheetPath]);
    if (sheet.includes("<drawing ")) throw new Error(`sheet ${chart.sheet} has a drawing already`);
    files[sheetPath] = strToU8(
      sheet
        .replace(/<worksheet xmlns="([^"]+)">/, `<worksheet xmlns="$1" xmlns:r="${R_NS}">`)
        .replace("</worksheet>", '<drawing r:id="rId1"/></worksheet>'),
    );
    files[`xl/worksheets/_rels/sheet${chart.sheet}.xml.rels`] = strToU8(
      rels("drawing", `../drawings/drawing${n}.xml`),
    );
    files[`xl/drawings/drawing${n}.xml`] = strToU8(drawingXml("rId1", chart.at));
    files[`xl/drawings/_rels/drawing${n}.xml.rels`] = strToU8(rels("chart", `../charts/chart${n}.xml`));
    files[`xl/charts/chart${n}.xml`] = strToU8(chartXml(chart));
    types = types.replace(
      "</Types>",
      `<Override PartName="/xl/drawings/drawing${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>` +
        `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>`,
    );
  });
  files["[Content_Types].xml"] = strToU8(types);
  return zipSync(files);
}

// Whole small sheets in an xlsx package: a sheet's cells replaced by rows (or a new sheet holding them, visible,
// hidden or very hidden), and a new workbook made of such sheets (a CSV opened as a workbook). Every part not
// touched keeps its bytes.
import { zipSync, strToU8 } from "fflate";
import type { Cell } from "../model";
import { cellAddress } from "../port/a1";
import { relsPathOf, type WorkbookPackage } from "./package";
import { MINIMAL_STYLES_XML } from "./styles";
import { fileError } from "./errors";
import { escapeAttr, escapeCellText, findElement } from "./xml";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET_REL = `${REL_NS}/worksheet`;
const WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

export type SheetState = "visible" | "hidden" | "veryHidden";

function cellXml(ref: string, v: Cell): string {
  if (v === null || v === undefined || v === "") return "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = v instanceof Date ? v.toISOString() : typeof v === "object" ? v.error : String(v);
  // A text cell is never a formula in a file: "=SUM(…)" written here stays the characters "=SUM(…)".
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeCellText(text)}</t></is></c>`;
}

/** A worksheet part holding exactly `rows` from A1. */
function sheetXml(rows: readonly (readonly Cell[])[]): string {
  const body = rows
    .map((row, r) => {
      const cells = row.map((v, c) => cellXml(cellAddress(r, c), v)).join("");
      return cells ? `<row r="${r + 1}">${cells}</row>` : "";
    })
    .join("");
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="${MAIN_NS}"><sheetData>${body}</sheetData></worksheet>`
  );
}

/**
 * Replaces the named worksheet's cells with `rows`, or appends a new worksheet holding them in `state` (an
 * existing sheet keeps its own state). Run inside the package's transaction.
 */
export function writeSheetRows(
  pkg: WorkbookPackage,
  name: string,
  rows: readonly (readonly Cell[])[],
  state: SheetState = "visible",
): void {
  const existing = pkg.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (existing && existing.kind === "worksheet" && existing.path) {
    pkg.set(existing.path, sheetXml(rows));
    return;
  }
  if (existing) throw fileError("file.sheetNameTaken", { sheet: existing.name });

  let n = pkg.sheets.length + 1;
  while (pkg.has(`xl/worksheets/sheet${n}.xml`)) n++;
  const path = `xl/worksheets/sheet${n}.xml`;
  pkg.set(path, sheetXml(rows));

  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml =
    pkg.text(relsPath) ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  const ids = new Set(pkg.workbookRels.map((r) => r.id));
  let k = ids.size + 1;
  while (ids.has(`rId${k}`)) k++;
  const relId = `rId${k}`;
  pkg.set(
    relsPath,
    relsXml.replace(
      /<\/Relationships>\s*$/,
      `<Relationship Id="${relId}" Type="${WORKSHEET_REL}" Target="/${path}"/></Relationships>`,
    ),
  );

  const ct = pkg.text("[Content_Types].xml");
  if (!ct) throw fileError("file.partMissing", { part: "[Content_Types].xml" });
  pkg.set(
    "[Content_Types].xml",
    ct.replace(/<\/Types>\s*$/, `<Override PartName="/${path}" ContentType="${WORKSHEET_CT}"/></Types>`),
  );

  const wb = pkg.workbookXml;
  const sheetsEl = findElement(wb, "sheets");
  if (!sheetsEl) throw fileError("file.partMalformed", { part: pkg.workbookPath, element: "sheets" });
  const maxId = Math.max(0, ...pkg.sheets.map((s) => Number(s.sheetId) || 0));
  const prefix = sheetsEl.name.includes(":") ? sheetsEl.name.slice(0, sheetsEl.name.indexOf(":") + 1) : "";
  const stateAttr = state === "visible" ? "" : ` state="${state}"`;
  const declare = wb.includes(`xmlns:r="${REL_NS}"`) ? "" : ` xmlns:r="${REL_NS}"`;
  const sheetTag = `<${prefix}sheet${declare} name="${escapeAttr(name)}" sheetId="${maxId + 1}"${stateAttr} r:id="${relId}"/>`;
  const updated = sheetsEl.selfClosing
    ? wb.slice(0, sheetsEl.start) +
      `<${sheetsEl.name}>${sheetTag}</${sheetsEl.name}>` +
      wb.slice(sheetsEl.end)
    : wb.slice(0, sheetsEl.closeStart) + sheetTag + wb.slice(sheetsEl.closeStart);
  pkg.set(pkg.workbookPath, updated);
  pkg.refresh();
}

/** A new workbook holding these sheets (used for a CSV the user opened). */
export function newWorkbook(
  sheets: readonly { name: string; rows: readonly (readonly Cell[])[] }[],
): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${WORKSHEET_CT}"/>`)
    .join("");
  files["[Content_Types].xml"] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      overrides +
      "</Types>",
  );
  files["_rels/.rels"] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files["xl/workbook.xml"] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
      sheets
        .map((s, i) => `<sheet name="${escapeAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join("") +
      "</sheets></workbook>",
  );
  files["xl/_rels/workbook.xml.rels"] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${WORKSHEET_REL}" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join("") +
      `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
      "</Relationships>",
  );
  files["xl/styles.xml"] = strToU8(MINIMAL_STYLES_XML);
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s.rows));
  });
  return zipSync(files, { level: 6 });
}

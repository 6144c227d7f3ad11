// Defined names in workbook.xml: the caller's marker that records which columns it wrote (sheet-scoped and hidden,
// so each sheet keeps its own), and the hidden _FilterDatabase name Excel pairs with a sheet's autofilter.

import { parseRange, splitSheet, type Box } from "../port/a1";
import type { SheetInfo } from "./package";
import { fileError } from "./errors";
import {
  childElements,
  decodeEntities,
  escapeAttr,
  escapeText,
  findElement,
  getAttr,
  insertInOrder,
} from "./xml";

export const FILTER_DATABASE_NAME = "_xlnm._FilterDatabase";

export interface DefinedName {
  name: string;
  localSheetId?: number;
  hidden: boolean;
  value: string;
  start: number;
  end: number;
}

function readDefinedNames(workbookXml: string): DefinedName[] {
  const el = findElement(workbookXml, "definedNames");
  if (!el || el.selfClosing) return [];
  return childElements(workbookXml, el)
    .filter((c) => c.local === "definedName")
    .map((c) => {
      const local = getAttr(c.attrs, "localSheetId");
      return {
        name: getAttr(c.attrs, "name") ?? "",
        localSheetId: local === undefined ? undefined : Number(local),
        hidden: getAttr(c.attrs, "hidden") === "1" || getAttr(c.attrs, "hidden") === "true",
        value: decodeEntities(workbookXml.slice(c.openEnd, c.closeStart)),
        start: c.start,
        end: c.end,
      };
    });
}

/** The range the marker `name` points to on `sheet`, if the marker exists there and still refers to cells. */
export function markerRange(workbookXml: string, sheet: SheetInfo, name: string): Box | undefined {
  for (const dn of readDefinedNames(workbookXml)) {
    if (dn.name !== name) continue;
    if (dn.localSheetId !== undefined && dn.localSheetId !== sheet.index) continue;
    const { sheet: on, cells } = splitSheet(dn.value);
    const box = parseRange(cells);
    if (!box || on === undefined || on.toLowerCase() !== sheet.name.toLowerCase()) continue;
    return box;
  }
  return undefined;
}

export interface NewDefinedName {
  name: string;
  localSheetId?: number;
  hidden?: boolean;
  comment?: string;
  value: string;
}

const WORKBOOK_ORDER = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "appCompatibility",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
];

/**
 * Replaces every defined name for which `drop` is true with `add` (added at the end of the list), creating
 * <definedNames> where needed.
 */
export function replaceDefinedNames(
  part: string,
  workbookXml: string,
  drop: (dn: DefinedName) => boolean,
  add: NewDefinedName[],
): string {
  let xml = workbookXml;
  const root = findElement(xml, "workbook");
  if (!root) throw fileError("file.partMalformed", { part, element: "workbook" });
  const p = root.prefix;
  const doomed = readDefinedNames(xml).filter(drop);
  for (let i = doomed.length - 1; i >= 0; i--) xml = xml.slice(0, doomed[i].start) + xml.slice(doomed[i].end);
  const added = add
    .map((d) => {
      const local = d.localSheetId === undefined ? "" : ` localSheetId="${d.localSheetId}"`;
      const hidden = d.hidden ? ' hidden="1"' : "";
      const comment = d.comment ? ` comment="${escapeAttr(d.comment)}"` : "";
      return `<${p}definedName name="${escapeAttr(d.name)}"${comment}${local}${hidden}>${escapeText(d.value)}</${p}definedName>`;
    })
    .join("");
  const el = findElement(xml, "definedNames");
  if (el) {
    if (el.selfClosing) {
      const open = xml.slice(el.start, el.openEnd - 2).trimEnd() + ">";
      return `${xml.slice(0, el.start)}${open}${added}</${el.name}>${xml.slice(el.end)}`;
    }
    return xml.slice(0, el.closeStart) + added + xml.slice(el.closeStart);
  }
  const wb = findElement(xml, "workbook")!;
  return insertInOrder(
    xml,
    wb,
    "definedNames",
    `<${p}definedNames>${added}</${p}definedNames>`,
    WORKBOOK_ORDER,
  );
}

// The calculation chain (xl/calcChain.xml): Excel's cache of formula cells, which must not list cells whose formula
// was replaced by a value.

import { relOfType, relsPathOf, type SheetInfo, type WorkbookPackage } from "./package";
import { childElements, findElement, getAttr, setAttr, type XmlElement } from "./xml";

/** Removes calcChain entries for cells that no longer hold formulas; an emptied chain is removed with its links. */
export function dropCalcChainEntries(pkg: WorkbookPackage, sheet: SheetInfo, cells: string[]): void {
  const rel = relOfType(pkg.workbookRels, "/calcChain");
  if (!rel) return;
  const xml = pkg.text(rel.target);
  if (xml === undefined) return;
  const root = findElement(xml, "calcChain");
  if (!root || root.selfClosing) return;
  const gone = new Set(cells);
  let sheetId = "";
  let kept = 0;
  const out: string[] = [xml.slice(0, root.openEnd)];
  for (const c of childElements(xml, root)) {
    const i = getAttr(c.attrs, "i");
    if (i !== undefined) sheetId = i;
    const r = getAttr(c.attrs, "r") ?? "";
    if (sheetId === sheet.sheetId && gone.has(r)) continue;
    let tag = xml.slice(c.start, c.end);
    if (i === undefined) tag = setAttr(tag, "i", sheetId);
    out.push(tag);
    kept++;
  }
  out.push(xml.slice(root.closeStart));
  if (kept > 0) {
    pkg.set(rel.target, out.join(""));
    return;
  }
  pkg.remove(rel.target);
  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml = pkg.text(relsPath);
  if (relsXml) {
    const relEl = findRelationshipElement(relsXml, rel.id);
    if (relEl) pkg.set(relsPath, relsXml.slice(0, relEl.start) + relsXml.slice(relEl.end));
  }
  const ct = pkg.text("[Content_Types].xml");
  if (ct) {
    const types = findElement(ct, "Types");
    const override = types
      ? childElements(ct, types).find(
          (o) => (getAttr(o.attrs, "PartName") ?? "").toLowerCase() === `/${rel.target.toLowerCase()}`,
        )
      : undefined;
    if (override) pkg.set("[Content_Types].xml", ct.slice(0, override.start) + ct.slice(override.end));
  }
}

function findRelationshipElement(xml: string, id: string): XmlElement | undefined {
  const root = findElement(xml, "Relationships");
  if (!root || root.selfClosing) return undefined;
  return childElements(xml, root).find((r) => getAttr(r.attrs, "Id") === id);
}

// A styles part for a workbook that has none: the part, its relationship from the workbook and its content type.

import { relsPathOf, partText, type WorkbookPackage } from "./package";
import type { EntryContent, NewEntry } from "./zip";

const STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const STYLES_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";

export function addStylesPart(
  pkg: WorkbookPackage,
  path: string,
  xml: string,
  replace: Map<string, EntryContent>,
  add: NewEntry[],
): void {
  add.push({ name: path, content: xml });
  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml = partText(pkg.zip, relsPath);
  const ids = new Set(pkg.workbookRels.map((r) => r.id));
  let n = ids.size + 1;
  while (ids.has(`rId${n}`)) n++;
  const rel = `<Relationship Id="rId${n}" Type="${STYLES_REL_TYPE}" Target="/${path}"/>`;
  if (relsXml) replace.set(relsPath, relsXml.replace(/<\/Relationships>\s*$/, `${rel}</Relationships>`));
  const ct = partText(pkg.zip, "[Content_Types].xml");
  if (ct && !ct.toLowerCase().includes(`partname="/${path.toLowerCase()}"`)) {
    replace.set(
      "[Content_Types].xml",
      ct.replace(
        /<\/Types>\s*$/,
        `<Override PartName="/${path}" ContentType="${STYLES_CONTENT_TYPE}"/></Types>`,
      ),
    );
  }
}

// A styles part for a workbook that has none: the part, its relationship from the workbook and its content type.

import { relsPathOf, type WorkbookPackage } from "./package";

const STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const STYLES_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";

export function addStylesPart(pkg: WorkbookPackage, path: string, xml: string): void {
  pkg.set(path, xml);
  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml = pkg.text(relsPath);
  const ids = new Set(pkg.workbookRels.map((r) => r.id));
  let n = ids.size + 1;
  while (ids.has(`rId${n}`)) n++;
  const rel = `<Relationship Id="rId${n}" Type="${STYLES_REL_TYPE}" Target="/${path}"/>`;
  if (relsXml) pkg.set(relsPath, relsXml.replace(/<\/Relationships>\s*$/, `${rel}</Relationships>`));
  const ct = pkg.text("[Content_Types].xml");
  if (ct && !ct.toLowerCase().includes(`partname="/${path.toLowerCase()}"`)) {
    pkg.set(
      "[Content_Types].xml",
      ct.replace(
        /<\/Types>\s*$/,
        `<Override PartName="/${path}" ContentType="${STYLES_CONTENT_TYPE}"/></Types>`,
      ),
    );
  }
}

// One open workbook for a run: the package (with the run's edits) and what is parsed from it once, so reading the
// table and then writing beside it unzips the package, parses the shared strings and inflates the sheet once.

import { openPackage, relOfType, type WorkbookPackage } from "./package";
import { parseSharedStrings } from "./sharedStrings";
import { fflateCodec, type InflateLimits, type ZipCodec, type ZipSource } from "./zip";

export interface Book {
  pkg: WorkbookPackage;
  codec: ZipCodec;
  /** The shared-string table, parsed on first use. */
  sharedStrings: () => string[];
}

export function openBook(
  data: Uint8Array | ZipSource,
  codec: ZipCodec = fflateCodec,
  limits: Partial<InflateLimits> = {},
  wholeSheetBytes?: number,
): Book {
  const pkg = openPackage(data, codec, limits, wholeSheetBytes);
  let sst: string[] | undefined;
  const sharedStrings = () => {
    if (!sst) {
      const rel = relOfType(pkg.workbookRels, "/sharedStrings");
      const xml = pkg.text(rel ? rel.target : "xl/sharedStrings.xml");
      sst = xml ? parseSharedStrings(xml) : [];
    }
    return sst;
  };
  return { pkg, codec, sharedStrings };
}

import { expect } from "chai";
import fc from "fast-check";
import {
  colToLetters,
  lettersToCol,
  MAX_COL,
  parseRangeRef,
  parseSheetRange,
  quoteSheetName,
  rangeRef,
} from "../../src/files/cellRef";

describe("files/cellRef", () => {
  it("converts column numbers and letters both ways across Excel's whole width", () => {
    expect([1, 26, 27, 52, 702, 703, MAX_COL].map(colToLetters)).to.deep.equal([
      "A",
      "Z",
      "AA",
      "AZ",
      "ZZ",
      "AAA",
      "XFD",
    ]);
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_COL }), (c) => lettersToCol(colToLetters(c)) === c));
    expect(lettersToCol("ab12")).to.equal(28);
  });

  it("parses ranges and sheet-qualified references, including quoted names", () => {
    expect(parseRangeRef("$B$2:A10")).to.deep.equal({ top: 2, left: 1, bottom: 10, right: 2 });
    expect(parseRangeRef("XFE1")).to.equal(undefined);
    expect(rangeRef({ top: 1, left: 7, bottom: 1, right: 12 })).to.equal("G1:L1");
    const name = "It's Q3 (EMEA)";
    expect(parseSheetRange(`${quoteSheetName(name)}!$G$1:$L$1`)).to.deep.equal({
      sheet: name,
      range: { top: 1, left: 7, bottom: 1, right: 12 },
    });
    expect(parseSheetRange("Sheet1!A1")).to.deep.equal({
      sheet: "Sheet1",
      range: { top: 1, left: 1, bottom: 1, right: 1 },
    });
    expect(parseSheetRange("#REF!")).to.equal(undefined);
    expect(parseSheetRange("'Sheet1'!#REF!")).to.equal(undefined);
  });
});

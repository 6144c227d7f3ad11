// A1 addresses: what Excel writes is what we read back, for any column and quoted sheet names.
import { expect } from "chai";
import fc from "fast-check";
import {
  columnIndex,
  columnLetters,
  formatBox,
  parseBox,
  quoteSheet,
  sheetAddress,
  splitSheet,
} from "../../src/port/a1";

describe("port/a1", () => {
  it("column letters and indexes are inverse over Excel's 16,384 columns", () => {
    expect(columnLetters(0)).to.equal("A");
    expect(columnLetters(25)).to.equal("Z");
    expect(columnLetters(26)).to.equal("AA");
    expect(columnLetters(16383)).to.equal("XFD");
    fc.assert(fc.property(fc.integer({ min: 0, max: 16383 }), (c) => columnIndex(columnLetters(c)) === c));
  });

  it("parses what it formats, and Office.js addresses with sheet names and $ signs", () => {
    fc.assert(
      fc.property(fc.nat(1_048_575), fc.nat(16_383), fc.nat(500), fc.nat(50), (r0, c0, dr, dc) => {
        const box = { r0, c0, r1: r0 + dr, c1: c0 + dc };
        expect(parseBox(formatBox(box))).to.deep.equal(box);
      }),
    );
    expect(parseBox("'Q1 ''deals'''!$B$2:$D$10")).to.deep.equal({ r0: 1, c0: 1, r1: 9, c1: 3 });
    expect(splitSheet("'Q1 ''deals'''!B2")).to.deep.equal({ sheet: "Q1 'deals'", cells: "B2" });
    expect(parseBox("Q:V")).to.deep.include({ r0: 0, c0: 16, c1: 21 });
    expect(() => parseBox("Sheet1!#REF!")).to.throw(/not a cell range/);
  });

  it("quotes sheet names the way Excel does", () => {
    expect(quoteSheet("Pipeline")).to.equal("Pipeline");
    expect(quoteSheet("Q1 deals")).to.equal("'Q1 deals'");
    expect(quoteSheet("A1")).to.equal("'A1'");
    expect(quoteSheet("it's")).to.equal("'it''s'");
    expect(sheetAddress("My deals", { r0: 0, c0: 16, r1: 40, c1: 21 }, true)).to.equal(
      "'My deals'!$Q$1:$V$41",
    );
  });
});

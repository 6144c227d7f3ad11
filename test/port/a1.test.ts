// A1 addresses, the one module every shell and adapter uses: rows and columns from 0, what Excel writes is what we
// read back, for any column, and sheet names quoted the way Excel quotes them.
import { expect } from "chai";
import fc from "fast-check";
import {
  cellAddress,
  columnIndex,
  columnLetters,
  contains,
  formatBox,
  LAST_COL,
  LAST_ROW,
  overlaps,
  parseBox,
  parseCell,
  parseRange,
  parseSqref,
  quoteSheet,
  sheetAddress,
  splitSheet,
  union,
} from "../../src/port/a1";

describe("port/a1", () => {
  it("column letters and indexes are inverse over Excel's 16,384 columns, counting from 0", () => {
    expect([0, 25, 26, 51, 701, 702, LAST_COL].map(columnLetters)).to.deep.equal([
      "A",
      "Z",
      "AA",
      "AZ",
      "ZZ",
      "AAA",
      "XFD",
    ]);
    fc.assert(fc.property(fc.integer({ min: 0, max: LAST_COL }), (c) => columnIndex(columnLetters(c)) === c));
    expect(columnIndex("ab12")).to.equal(27);
    expect(columnIndex("12")).to.equal(-1);
    expect(cellAddress(6, 1)).to.equal("B7");
  });

  it("parses what it formats, and Office.js addresses with sheet names and $ signs", () => {
    fc.assert(
      fc.property(fc.nat(LAST_ROW), fc.nat(LAST_COL), fc.nat(500), fc.nat(50), (r0, c0, dr, dc) => {
        const box = { r0, c0, r1: Math.min(LAST_ROW, r0 + dr), c1: Math.min(LAST_COL, c0 + dc) };
        expect(parseBox(formatBox(box))).to.deep.equal(box);
        expect(parseBox(formatBox(box, true))).to.deep.equal(box);
      }),
    );
    expect(parseBox("'Q1 ''deals'''!$B$2:$D$10")).to.deep.equal({ r0: 1, c0: 1, r1: 9, c1: 3 });
    expect(parseBox("Q:V")).to.deep.include({ r0: 0, c0: 16, c1: 21, r1: LAST_ROW });
    expect(() => parseBox("Sheet1!#REF!")).to.throw(/not a cell range/);
  });

  it("reads ranges as files store them: corners in any order, nothing past XFD1048576", () => {
    expect(parseRange("$B$2:A10")).to.deep.equal({ r0: 1, c0: 0, r1: 9, c1: 1 });
    expect(parseRange("XFE1")).to.equal(undefined);
    expect(parseRange("A1048577")).to.equal(undefined);
    expect(parseRange("A1:B2:C3")).to.equal(undefined);
    expect(parseCell(" $C$3 ")).to.deep.equal({ r: 2, c: 2 });
    expect(parseCell("A0")).to.equal(undefined);
    expect(formatBox({ r0: 0, c0: 6, r1: 0, c1: 11 })).to.equal("G1:L1");
    expect(formatBox({ r0: 0, c0: 6, r1: 0, c1: 6 }, true)).to.equal("$G$1");
    expect(parseSqref("A1:A5  C3 bad")).to.deep.equal([
      { r0: 0, c0: 0, r1: 4, c1: 0 },
      { r0: 2, c0: 2, r1: 2, c1: 2 },
    ]);
  });

  it("quotes sheet names the way Excel does", () => {
    const cases: [string, string][] = [
      ["Pipeline", "Pipeline"],
      ["Sheet_1.v2", "Sheet_1.v2"],
      ["_x", "_x"],
      ["Q1 deals", "'Q1 deals'"],
      ["It's", "'It''s'"],
      ["''", "''''''"],
      ["A1", "'A1'"],
      ["xfd1048576", "'xfd1048576'"],
      ["R1C1", "'R1C1'"],
      ["R", "'R'"],
      ["c12", "'c12'"],
      ["RC", "'RC'"],
      ["2024", "'2024'"],
      ["1st", "'1st'"],
      ["Notes & Ideas", "'Notes & Ideas'"],
      ["Prévisions", "'Prévisions'"],
      ["Deals-EMEA", "'Deals-EMEA'"],
      ["ABCD1", "ABCD1"],
    ];
    for (const [name, quoted] of cases) expect(quoteSheet(name), name).to.equal(quoted);
    expect(sheetAddress("My deals", { r0: 0, c0: 16, r1: 40, c1: 21 }, true)).to.equal(
      "'My deals'!$Q$1:$V$41",
    );
    expect(sheetAddress("A1", { r0: 0, c0: 0, r1: 0, c1: 0 })).to.equal("'A1'!A1");
  });

  it("splits a sheet name off an address, undoing Excel's quoting", () => {
    const names = ["Pipeline", "It's", "Q1 deals", "A1", "a!b", "''", "It's Q3 (EMEA)", "R1C1"];
    for (const name of names) {
      const address = sheetAddress(name, { r0: 0, c0: 6, r1: 0, c1: 11 }, true);
      expect(splitSheet(address), address).to.deep.equal({ sheet: name, cells: "$G$1:$L$1" });
    }
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 31 }), (name) => {
        fc.pre(!/[[\]:*?/\\]/.test(name));
        expect(splitSheet(sheetAddress(name, { r0: 2, c0: 1, r1: 9, c1: 3 }))).to.deep.equal({
          sheet: name,
          cells: "B3:D10",
        });
      }),
    );
    expect(splitSheet("'Q1 ''deals'''!B2")).to.deep.equal({ sheet: "Q1 'deals'", cells: "B2" });
    expect(splitSheet("B2")).to.deep.equal({ cells: "B2" });
    expect(parseRange(splitSheet("#REF!").cells)).to.equal(undefined);
    expect(splitSheet("'unterminated!A1")).to.deep.equal({ cells: "'unterminated!A1" });
    expect(parseRange(splitSheet("'Sheet1'!#REF!").cells)).to.equal(undefined);
  });

  it("compares boxes: containment, overlap and union", () => {
    const a = { r0: 0, c0: 0, r1: 9, c1: 4 };
    const b = { r0: 5, c0: 4, r1: 12, c1: 6 };
    expect(overlaps(a, b)).to.equal(true);
    expect(overlaps(a, { ...b, c0: 5 })).to.equal(false);
    expect(contains(a, { r0: 1, c0: 1, r1: 9, c1: 4 })).to.equal(true);
    expect(contains(a, b)).to.equal(false);
    expect(union(a, b)).to.deep.equal({ r0: 0, c0: 0, r1: 12, c1: 6 });
  });
});

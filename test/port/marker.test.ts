// The marker that tells the add-in's own columns from the user's: read in the forms Office.js and the file
// adapter write, and only ever covering columns that carry an output header.
import { expect } from "chai";
import { parseBox } from "../../src/port/a1";
import { markerFor, markerFormula, ownColumns, parseMarker } from "../../src/port/marker";

const headers = ["Opportunity", "Deal Value", "Verdict", "Score", "Notes", "Rationale"];
const table = parseBox("B3:G20"); // headers in B..G

describe("port/marker", () => {
  it("reads the Office.js form, the file adapter's header-only form and unions", () => {
    expect(parseMarker("='My deals'!$D$3:$E$20")).to.deep.equal({
      sheet: "My deals",
      boxes: [parseBox("D3:E20")],
    });
    expect(parseMarker("'My deals'!$D$3:$G$3")).to.deep.equal({
      sheet: "My deals",
      boxes: [parseBox("D3:G3")],
    });
    expect(parseMarker("=S!$D$3:$E$20,S!$G$3:$G$20")!.boxes).to.have.length(2);
  });

  it("ignores what is not a marker: broken references, several sheets, empty text", () => {
    for (const bad of ["=#REF!", "=S!#REF!", "", null, "=A!$A$1,B!$B$1", "=SUM(A1:A3)"])
      expect(parseMarker(bad), String(bad)).to.equal(null);
  });

  it("covers only marked columns that carry an output header", () => {
    const marker = parseMarker("=S!$D$3:$G$20"); // Verdict, Score, Notes, Rationale
    expect(ownColumns("S", table, headers, marker)).to.deep.equal([2, 3, 5]);
    expect(ownColumns("Other", table, headers, marker)).to.deep.equal([]);
    expect(ownColumns("S", table, headers, null)).to.deep.equal([]);
  });

  it("counts neither of two marked columns with the same output header (a user's copy inside a grown marker)", () => {
    const grown = ["Opportunity", "Verdict", "Score", "Rationale", "Rationale", "Deal Value"];
    const marker = parseMarker("=S!$C$3:$F$3"); // Verdict, Score, Rationale, Rationale
    expect(ownColumns("S", table, grown, marker)).to.deep.equal([1, 2]);
  });

  it("writes one area per run of adjacent columns, which reads back the same", () => {
    const m = markerFor("My deals", table, [2, 3, 5]);
    expect(markerFormula(m)).to.equal("='My deals'!$D$3:$E$20,'My deals'!$G$3:$G$20");
    expect(parseMarker(markerFormula(m))).to.deep.equal(m);
  });
});

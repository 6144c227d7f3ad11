// Excel's argument values as engine cells: plain values pass, rich data-type values give what the cell shows.
import { expect } from "chai";
import { toCell, toRows } from "../../src/functions/cells";

describe("functions/cells", function () {
  it("passes plain values through and reads null and undefined as empty", function () {
    for (const v of ["Secured", 42, 0, true, ""]) expect(toCell(v)).to.equal(v);
    expect(toCell(null)).to.equal(null);
    expect(toCell(undefined)).to.equal(null);
  });

  it("reads rich values by their basic value, entities by their text, errors as errors", function () {
    expect(toCell({ type: "FormattedNumber", basicValue: 0.25, numberFormat: "0%" })).to.equal(0.25);
    expect(toCell({ type: "Double", basicValue: 1200000 })).to.equal(1200000);
    expect(toCell({ type: "Boolean", basicValue: false })).to.equal(false);
    expect(toCell({ type: "Entity", text: "Acme", basicValue: "#VALUE!" })).to.equal("Acme");
    expect(toCell({ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" })).to.deep.equal({
      error: "#N/A",
    });
    expect(toCell({ something: "else" })).to.equal(null);
  });

  it("turns any argument into rows of cells", function () {
    expect(toRows(null)).to.deep.equal([]);
    expect(toRows("x")).to.deep.equal([["x"]]);
    expect(toRows([[1, { type: "Double", basicValue: 2 }]])).to.deep.equal([[1, 2]]);
    expect(toRows([1, 2])).to.deep.equal([[1], [2]]);
  });
});

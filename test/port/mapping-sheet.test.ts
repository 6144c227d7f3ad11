// Remembered column mappings as sheet rows: one table's mapping replaced without touching another's.
import { expect } from "chai";
import { mappingFromRows, mappingToRows } from "../../src/port/mapping-sheet";
import { MAPPING_HEADER } from "../../src/port/workbook";

describe("port/mapping-sheet", () => {
  it("round-trips a mapping, 'not in this table' included", () => {
    const rows = mappingToRows(null, "Deals", { dealValue: "TCV (EUR)", margin: null });
    expect(rows[0]).to.deep.equal(MAPPING_HEADER);
    expect(mappingFromRows(rows, "Deals")).to.deep.equal({ dealValue: "TCV (EUR)", margin: null });
    expect(mappingFromRows(rows, "Other")).to.equal(null);
  });

  it("replaces one table's rows and keeps the others'", () => {
    let rows = mappingToRows(null, "Deals", { dealValue: "TCV" });
    rows = mappingToRows(rows, "Sheet2!A1", { name: "Deal name" });
    rows = mappingToRows(rows, "Deals", { customer: "Account" });
    expect(mappingFromRows(rows, "Deals")).to.deep.equal({ customer: "Account" });
    expect(mappingFromRows(rows, "Sheet2!A1")).to.deep.equal({ name: "Deal name" });
    expect(rows.filter((r) => r[0] === MAPPING_HEADER[0])).to.have.length(1);
  });

  it("ignores rows it does not understand instead of failing", () => {
    const rows = [
      MAPPING_HEADER,
      ["Deals", "notAField", "X"],
      ["Deals", "margin", 12],
      [null, null, null],
      ["Deals"],
    ];
    expect(mappingFromRows(rows, "Deals")).to.deep.equal({ margin: "12" });
  });
});

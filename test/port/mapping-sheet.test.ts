// Remembered column mappings as sheet rows: one table's mapping replaced without touching another's.
import { expect } from "chai";
import { mappingFromRows, mappingToRows, valuesFromRows, valuesToRows } from "../../src/port/mapping-sheet";
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

describe("port/mapping-sheet: what values mean", () => {
  it("keeps a table's value meanings and its column mapping apart, each replaced without losing the other", () => {
    let rows = mappingToRows(null, "Deals", { financing: "Budget" });
    rows = valuesToRows(rows, "Deals", { financing: { "Board OK": "secured" } });
    rows = valuesToRows(rows, "Other", { relationship: { Lapsed: "past" } });
    rows = mappingToRows(rows, "Deals", { financing: "Budget status" });
    expect(mappingFromRows(rows, "Deals")).to.deep.equal({ financing: "Budget status" });
    expect(valuesFromRows(rows, "Deals")).to.deep.equal({ financing: { "Board OK": "secured" } });
    rows = valuesToRows(rows, "Deals", { competition: { Several: "4" } });
    expect(valuesFromRows(rows, "Deals")).to.deep.equal({ competition: { Several: "4" } });
    expect(valuesFromRows(rows, "Other")).to.deep.equal({ relationship: { Lapsed: "past" } });
    expect(mappingFromRows(rows, "Deals")).to.deep.equal({ financing: "Budget status" });
    // Rows an older reader would meet: a value row is not a field, so its mapping reader skips it.
    expect(rows.some((r) => r[1] === "value:competition")).to.equal(true);
    expect(
      valuesFromRows(
        [
          ["Deals", "value:notAField", "x", "y"],
          ["Deals", "value:financing", "", "secured"],
        ],
        "Deals",
      ),
    ).to.deep.equal({});
  });
});

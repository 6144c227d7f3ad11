// What learning reads of a history: levels as the catalogue orders them, numbers in bands at the history's
// quantiles, and "missing" for blank or unreadable cells; names and dates are never used.
import { expect } from "chai";
import { defaultModel, matchHeaders, type Cell } from "../../src/model";
import {
  bandLevel,
  bandOf,
  historyFeatures,
  learnableFields,
  quantileEdges,
  selectFields,
} from "../../src/model/history-features";
import { AS_OF } from "./helpers";

describe("history features", () => {
  it("cuts numbers at their quantiles, never leaving the top band empty", () => {
    expect(quantileEdges(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5)).to.deep.equal([2, 4, 6, 8]);
    expect(quantileEdges(Float64Array.of(1, 1, 1, 1, 5), 5)).to.deep.equal([1]);
    expect(quantileEdges(Float64Array.of(3, 3, 3), 5)).to.deep.equal([]);
    expect([bandOf([2, 4], 2), bandOf([2, 4], 2.5), bandOf([2, 4], 9)]).to.deep.equal([0, 1, 2]);
  });

  it("puts the better band first where more is better", () => {
    expect(bandLevel({ edges: [2, 4], highFirst: true }, 2)).to.equal(0);
    expect(bandLevel({ edges: [2, 4], highFirst: false }, 2)).to.equal(2);
  });

  it("uses mapped level and number fields only, never names, ids, dates or the outcome column", () => {
    const headers: Cell[] = [
      "Opportunity ID",
      "Customer",
      "Deal Value",
      "Financing",
      "Response Due",
      "Status",
    ];
    const mapping = matchHeaders(headers);
    expect(learnableFields(mapping, new Set([5]))).to.deep.equal(["dealValue", "financing"]);
    expect(learnableFields(mapping, new Set([3]))).to.deep.equal(["dealValue"]);
  });

  it("reads levels and bands through the model's words, unknown words as missing", () => {
    const headers: Cell[] = ["Deal Value", "Financing"];
    const rows: Cell[][] = [
      [100, "Approved"], // a synonym of Secured
      [200, "pending"], // Partial
      ["300", "no"], // Unsecured; a number as text
      [null, "maybe"], // missing both
    ];
    const y = Uint8Array.of(1, 0, 1, 0);
    const f = historyFeatures(defaultModel, rows, matchHeaders(headers), ["dealValue", "financing"], y, {
      bands: 2,
      ordered: ["financing"],
      asOf: AS_OF,
    });
    const [value, fin] = f.encodings;
    expect(value).to.include({
      key: "dealValue",
      kind: "bands",
      highFirst: true,
      ordered: false,
      offset: 0,
      count: 3,
    });
    expect(value.edges).to.deep.equal([200]);
    expect(fin).to.include({ key: "financing", kind: "levels", ordered: true, offset: 3, count: 4 });
    // Deal value: 100 and 200 in the lower band (level 1, the higher band being better), 300 the upper (level 0).
    expect(Array.from(f.rows.codes)).to.deep.equal([1, 3, 1, 4, 0, 5, 2, 6]);
    const only = selectFields(f, [1]);
    expect(Array.from(only.rows.codes)).to.deep.equal([0, 1, 2, 3]);
    expect(only.encodings[0].offset).to.equal(0);
  });
});

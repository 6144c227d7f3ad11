// How the formulas read their first two arguments: rows plus headers, a block with its header row, or a
// two-column label/value form, and the messages for input that cannot be read.
import { expect } from "chai";
import { matchHeaders } from "../../src/model/index";
import { FormulaError } from "../../src/functions/formula-error";
import { runQualify } from "../../src/functions/spill";
import { readFormulaInput } from "../../src/functions/shapes";
import { form, HEADERS, ROWS } from "./fixtures";

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(FormulaError);
    return (err as Error).message;
  }
  throw new Error("expected a FormulaError");
}

describe("functions/shapes", function () {
  it("(a) rows with headers: the rows as given, mapped by the headers", function () {
    const input = readFormulaInput(ROWS, [HEADERS]);
    expect(input.shape).to.equal("rows");
    expect(input.rows).to.deep.equal(ROWS);
    expect(input.mapping).to.deep.equal(matchHeaders(HEADERS));
  });

  it("reads a header row as it is now, though the same headers were just read (a column of one-row formulas)", function () {
    const first = readFormulaInput([ROWS[0]], [HEADERS.slice()]).mapping;
    expect(readFormulaInput([ROWS[1]], [HEADERS.slice()]).mapping).to.equal(first); // remembered, frozen
    expect(Object.isFrozen(first)).to.equal(true);
    const renamed = HEADERS.map((h) => (h === "Amount" ? "Notes" : h));
    expect(renamed).to.not.deep.equal(HEADERS);
    const now = readFormulaInput([ROWS[0]], [renamed]).mapping;
    expect(now.columns.dealValue).to.equal(undefined);
    expect(readFormulaInput([ROWS[0]], [HEADERS.slice()]).mapping).to.equal(first);
  });

  it("(b) a block: the first row is the headers, the rest are rows", function () {
    const input = readFormulaInput([HEADERS, ...ROWS], null);
    expect(input.shape).to.equal("block");
    expect(input.headers).to.deep.equal(HEADERS);
    expect(input.rows).to.deep.equal(ROWS);
  });

  it("(c) a two-column form: labels become the headers, values one row", function () {
    const input = readFormulaInput(form(ROWS[0]), null);
    expect(input.shape).to.equal("form");
    expect(input.headers).to.deep.equal(HEADERS);
    expect(input.rows).to.deep.equal([ROWS[0]]);
  });

  it("reads a two-column range by whichever direction names more fields", function () {
    expect(
      readFormulaInput(
        [
          ["Deal Value", "Financing"],
          [1e6, "Secured"],
        ],
        null,
      ).shape,
    ).to.equal("block");
    expect(
      readFormulaInput(
        [
          ["Deal Value", 1e6],
          ["Financing", "Secured"],
        ],
        null,
      ).shape,
    ).to.equal("form");
    // A title row that happens to name a field ("Value" is a Deal Value synonym) does not outvote the labels.
    expect(
      readFormulaInput(
        [
          ["Field", "Value"],
          ["Deal Value", 1e6],
          ["Financing", "Secured"],
        ],
        null,
      ).shape,
    ).to.equal("form");
  });

  it("pads ragged rows to the header width so no column shifts", function () {
    const input = readFormulaInput([["Deal Value", "Financing", "Margin"], [1e6], [2e6, "Secured"]], null);
    expect(input.rows).to.deep.equal([
      [1e6, null, null],
      [2e6, "Secured", null],
    ]);
  });

  it("says what is wrong with input it cannot read", function () {
    // Headers that name no field are the table service's problem, said by the spill, as for every shell.
    expect(errorOf(() => runQualify([[1, 2]], [["Foo", "Bar"]], null, null))).to.match(
      /^No opportunity fields found in: Foo, Bar\./,
    );
    expect(
      errorOf(() =>
        runQualify(
          [
            [null, null],
            [1, 2],
          ],
          null,
          null,
          null,
        ),
      ),
    ).to.match(/No opportunity fields found: the header row is empty\. Include the header row/);
    expect(errorOf(() => readFormulaInput(ROWS, [HEADERS, HEADERS]))).to.match(/one row, not 2/);
    expect(errorOf(() => readFormulaInput(ROWS, [HEADERS.slice(0, 3)]))).to.match(/3 columns .* 22/);
    expect(errorOf(() => readFormulaInput([HEADERS], null))).to.match(/Only a header row/);
    expect(errorOf(() => readFormulaInput([], null))).to.match(/empty/);
  });

  it("lists at most six unknown headers in the message", function () {
    const many = Array.from({ length: 10 }, (_, i) => `Column ${i + 1}`);
    const message = errorOf(() => runQualify([many.map(() => 1)], [many], null, null));
    expect(message).to.contain("Column 6 and 4 more");
    expect(message).not.to.contain("Column 7");
  });

  it("reads the same header row's mapping once, and hands it out frozen", function () {
    const a = readFormulaInput(ROWS.slice(0, 2), [HEADERS]).mapping;
    const b = readFormulaInput(ROWS.slice(2, 4), [HEADERS]).mapping;
    expect(b).to.equal(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.columns)).to.equal(true);
    expect(() => {
      (a.columns as Record<string, number>).financing = 0;
    }).to.throw(TypeError);
  });
});

// The block: what is read of each row, column by column. Its one rule tested here: a field a table lacks reads as
// missing in every row scored, whatever an earlier table wrote there.
import { expect } from "chai";
import { defaultModel } from "../../src/model";
import { Block, BLOCK, fillAbsent, readRows, READ_VALUE } from "../../src/model/block";
import { FIELDS } from "../../src/model/fields";
import { fieldIndex, MISSING, OK, planFor } from "../../src/model/plan";

describe("a block of rows", () => {
  const plan = planFor(defaultModel);
  const financing = fieldIndex("financing");
  const columnsOf = (fields: string[]) => ({
    columns: Int32Array.from(FIELDS, (f) => fields.indexOf(f.key)),
    read: new Uint8Array(FIELDS.length).fill(READ_VALUE),
  });
  const withFinancing = columnsOf(["dealValue", "financing"]);
  const without = columnsOf(["dealValue"]);
  const at = (b: Block, r: number) => b.st[financing * BLOCK + r];

  it("reads a field the table lacks as missing, after rows of a table that had it, in as many rows as asked", () => {
    const b = new Block(plan.knockOuts.length);
    const rows = [
      ["$1M", "Secured"],
      ["$2M", "Partial"],
    ];
    fillAbsent(plan, b, without, 1);
    readRows(plan, b, rows, 0, 2, withFinancing, 46000); // another table's rows, without its own fill first
    expect([at(b, 0), at(b, 1)]).to.deep.equal([OK, OK]);
    fillAbsent(plan, b, without, 1); // the first table again: filled again, though it was filled for it before
    expect(at(b, 0)).to.equal(MISSING);
    fillAbsent(plan, b, without, 2); // more rows than filled last time
    expect(at(b, 1)).to.equal(MISSING);
  });
});

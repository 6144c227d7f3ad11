import { expect } from "chai";
import { defaultModel, type Cell } from "../../src/model";
import { findDateColumn, findOutcomeColumn, LOST, OPEN, outcomeReader, WON } from "../../src/model/outcome";

const words = defaultModel.outcome!;

describe("outcome", () => {
  it("reads won, lost and open values whatever their case and punctuation", () => {
    const read = outcomeReader(words);
    expect(["Won", "closed - won", "AWARDED", 1, true, "1"].map(read)).to.deep.equal([
      WON,
      WON,
      WON,
      WON,
      WON,
      WON,
    ]);
    expect(["Lost", "Closed Lost", "Loss", 0, false].map(read)).to.deep.equal([LOST, LOST, LOST, LOST, LOST]);
    expect(["Open", "Pending", "", null, "Negotiation"].map(read)).to.deep.equal([
      OPEN,
      OPEN,
      OPEN,
      OPEN,
      OPEN,
    ]);
  });

  it("finds the column by its header, by a name given, or by holding won and lost values", () => {
    const rows: Cell[][] = [
      ["x", "Yes", "Awarded"],
      ["y", "No", "Lost"],
    ];
    expect(findOutcomeColumn(["Deal", "RFP", "Bid Status"], rows, words)).to.equal(2);
    expect(findOutcomeColumn(["Deal", "RFP", "Result of bid"], rows, words, "result of bid")).to.equal(2);
    expect(findOutcomeColumn(["Deal", "RFP", "Result of bid"], rows, words, "nope")).to.equal(-1);
    // By values: the RFP column holds Yes/No too, but it is a mapped field and never the outcome.
    expect(findOutcomeColumn(["Deal", "RFP", "How it ended"], rows, words, undefined, new Set([1]))).to.equal(
      2,
    );
    expect(findOutcomeColumn(["Deal", "Notes"], [["x", "fine"]], words)).to.equal(-1);
  });

  it("finds a close date column", () => {
    expect(findDateColumn(["Deal", "Close Date"], words)).to.equal(1);
    expect(findDateColumn(["Deal"], words)).to.equal(-1);
  });
});

import { expect } from "chai";
import type { LearnReport } from "../../src/model/learn";
import { evidenceLines, qualifiedShares } from "../../src/model/learn-words";

const report: LearnReport = {
  outcomeColumn: "Bid Status",
  rows: 100,
  won: 40,
  lost: 60,
  open: 7,
  from: "2019-01-03",
  to: "2020-12-18",
  fields: [
    { field: "financing", label: "Financing", auc: 0.66, used: true, levels: [] },
    { field: "dealValue", label: "Deal Value", auc: 0.71, used: true, levels: [] },
    { field: "rfp", label: "RFP", auc: 0.99, used: false, levels: [] },
  ],
  auc: 0.74,
  brier: 0.2,
  unconstrainedAuc: 0.75,
  currentAuc: 0.45,
  currentBrier: null,
  calibration: [],
  roc: [],
  currentRoc: [],
  verdicts: [
    { verdict: "Qualified", rows: 41, won: 28 },
    { verdict: "Conditional", rows: 30, won: 8 },
    { verdict: "Not qualified", rows: 29, won: 4 },
  ],
  recommendation: "use",
  warnings: [],
  folds: 5,
  seed: 1,
};

describe("learn words", () => {
  it("says first what the current model would have done with the deals won and lost", () => {
    expect(qualifiedShares(report)).to.deep.equal({ won: 0.7, lost: 13 / 60 });
    expect(evidenceLines(report)).to.deep.equal([
      "Learned from 100 closed deals (40 won, 60 lost, closed 2019-01-03 to 2020-12-18), outcome column 'Bid Status'; 7 rows still open or without an outcome were left out",
      "Of the deals you won, 70 % would have been Qualified by the current model; of those you lost, 22 %",
      "Win rate by the current model's verdict: Qualified 68 % of 41, Conditional 27 % of 30, Not qualified 14 % of 29",
      "Out of fold (5 folds, seed 1), the learned win probability ranks a won deal above a lost one 74 % of the time (AUC 0.74, Brier 0.200); the current score 0.45 (0.50 is chance)",
      "Fields that tell most on their own: Deal Value (AUC 0.71), Financing (AUC 0.66)",
      "Recommendation: use the learned win probability; it separates won from lost better than the current score",
    ]);
  });

  it("recommends keeping the current model when the learned one does not beat it", () => {
    const lines = evidenceLines({ ...report, recommendation: "keep", currentAuc: null, open: 0 });
    expect(lines[0]).to.not.include("left out");
    expect(lines[3]).to.include("the current model scored none of them");
    expect(lines[5]).to.equal(
      "Recommendation: keep the current model; the learned win probability does not separate won from lost better out of fold",
    );
  });
});

import { expect } from "chai";
import type { LearnReport } from "../../src/model/learn";
import { evidenceLines, minWinLines, qualifiedShares } from "../../src/model/learn-words";
import type { MinWinProposal } from "../../src/model/min-win-proposal";

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
    expect(evidenceLines({ ...report, open: 1 })[0]).to.match(
      /'Bid Status'; 1 row still open or without an outcome was left out$/,
    );
    expect(lines[3]).to.include("the current model scored none of them");
    expect(lines[5]).to.equal(
      "Recommendation: keep the current model; the learned win probability does not separate won from lost better out of fold",
    );
  });
});

describe("minimum win probability in plain words", () => {
  const counts = (q: number, c: number, ni: number, nq: number) => ({
    Qualified: q,
    Conditional: c,
    "Needs information": ni,
    "Not qualified": nq,
  });
  const proposal: MinWinProposal = {
    proposed: 0.31,
    basis: "qualified",
    basisWon: 70,
    basisLost: 50,
    minimum: 0.31,
    keptWon: 0.86,
    keptLost: 0.4,
    history: {
      rows: 1130,
      won: 305,
      lost: 825,
      wonLeaving: 10,
      lostLeaving: 30,
      before: counts(120, 289, 700, 21),
      after: counts(80, 329, 700, 21),
    },
    open: { rows: 70, before: counts(5, 10, 55, 0), after: counts(5, 10, 55, 0) },
  };

  it("says the proposal, why, and the verdicts it changes before → after", () => {
    expect(minWinLines(proposal)).to.deep.equal([
      "Proposed minimum win probability to qualify: 31 %; among the closed deals the model qualifies (70 won, 50 lost), it keeps 86 % of the won and 40 % of the lost, the best separation of any whole percentage",
      "With a minimum of 31 %, of the 1,130 closed deals: Qualified 120 → 80, Conditional 289 → 329; 10 won and 30 lost deals would no longer be Qualified",
      "Of the 70 open deals, no verdict changes",
    ]);
  });

  it("says when it chose on all closed deals, and when none is proposed", () => {
    const none: MinWinProposal = {
      ...proposal,
      proposed: null,
      minimum: null,
      basis: "all",
      basisWon: 305,
      basisLost: 825,
    };
    expect(minWinLines(none)).to.deep.equal([
      "No minimum win probability to qualify is proposed: among all 1,130 closed deals (305 won, 825 lost), as the model qualifies fewer than 10 won or 10 lost ones, none keeps a larger share of the won than of the lost",
    ]);
    expect(minWinLines({ ...proposal, minimum: 0.305 })[0]).to.equal(
      "Proposed minimum win probability to qualify: 31 %; among the closed deals the model qualifies (70 won, 50 lost), it is the whole percentage that best separates won from lost",
    );
    expect(minWinLines({ ...proposal, minimum: 0.305 })[1]).to.match(/^With a minimum of 30\.5 %, /);
    const unread = { ...proposal, history: { ...proposal.history, won: 330, lost: 830 } };
    expect(minWinLines(unread)[1]).to.match(
      /^With a minimum of 31 %, of the 1,130 closed deals with a verdict \(30 have no field the model reads\): Qualified 120 → 80, /,
    );
  });
});

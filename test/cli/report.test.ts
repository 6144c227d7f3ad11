// The CLI's run summary as a manager reads it: counts grouped by thousands as the pane and `qualify learn` write
// them, one opportunity said as one, closed deals counted apart.
import { expect } from "chai";
import { summaryText } from "../../src/cli/report";
import type { PipelineSummary } from "../../src/model/summary";

const total = (verdict: string, count: number, valueText: string, unknownValue = 0) => ({
  verdict,
  count,
  value: 0,
  valueText,
  expectedText: null,
  unknownValue,
});

const summary = (counts: [number, number, number, number], closed = { won: 0, lost: 0, other: 0 }) =>
  ({
    totals: [
      total("Qualified", counts[0], counts[0] ? "1.2M" : "0"),
      total("Conditional", counts[1], "0"),
      total("Needs information", counts[2], counts[2] ? "10.3bn" : "0", counts[2] > 0 ? 2515 : 0),
      total("Not qualified", counts[3], "0"),
    ],
    count: counts[0] + counts[1] + counts[2] + counts[3],
    value: 0,
    valueText: counts[2] ? "10.3bn" : "1.2M",
    expectedText: null,
    confidence: 10,
    closed,
    attention: [],
  }) as unknown as PipelineSummary;

describe("cli/report: the run summary", () => {
  it("groups thousands in every count, the closed deals' too", () => {
    expect(
      summaryText(summary([0, 0, 17_168, 0], { won: 25_823, lost: 0, other: 0 }), "out.csv", "CSV"),
    ).to.equal(
      [
        "Assessed 17,168 opportunities (CSV):",
        "  Qualified               0         0",
        "  Conditional             0         0",
        "  Needs information  17,168    10.3bn (2,515 without a deal value)",
        "  Not qualified           0         0",
        "  Total              17,168    10.3bn",
        "Closed deals, not assessed: 25,823 (25,823 won, 0 lost)",
        "Confidence: 10% of the model's weight read from the data, on average",
        "Wrote out.csv",
      ].join("\n"),
    );
  });

  it("says one opportunity as one", () => {
    expect(summaryText(summary([1, 0, 0, 0]), "out.xlsx", "sheet 'Pipeline'").split("\n")[0]).to.equal(
      "Assessed 1 opportunity (sheet 'Pipeline'):",
    );
  });
});

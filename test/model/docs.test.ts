// Keeps docs/scoring-model.md true to the shipped model: every factor's weight and maximum points as documented.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultModel, fieldLabel } from "../../src/model";

describe("docs/scoring-model.md", () => {
  const doc = readFileSync(path.join(__dirname, "..", "..", "docs", "scoring-model.md"), "utf8");
  const weights = defaultModel.weights as Record<string, number>;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);

  it("documents every factor with the model's weight and maximum points", () => {
    for (const [factor, weight] of Object.entries(weights)) {
      const label = factor === "bidEffort" ? "Bid effort" : fieldLabel(factor);
      const row = doc.split("\n").find((l) => l.startsWith(`| ${label} (`));
      expect(row, `${label} row`).to.be.a("string");
      const [, w, max] = /^\| .+? \((\d+(?:\.\d+)?)\) \| ([\d.]+) \|/.exec(row!)!;
      expect(+w, label).to.equal(weight);
      expect(+max, label).to.be.closeTo((50 * weight) / total, 0.05);
    }
  });

  it("states the shipped thresholds", () => {
    const q = defaultModel.thresholds.qualified;
    expect(doc).to.include(
      `score ≥ ${q.minScore}, risk ≤ ${q.maxRisk} and no risk component above ${q.maxComponentRisk}`,
    );
  });
});

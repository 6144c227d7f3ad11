// The model panel's words: every setting shown up front has a plain label (never its sheet key), numbers say
// their range, and a bad value is answered with what to enter.
import { expect } from "chai";
import { defaultModel, problem } from "../../../src/model";
import { groupSettings, settingsOf, validateSettings } from "../../../src/taskpane/logic/model-settings";
import { settingLabel, settingProblemText, SETTING_LABELS } from "../../../src/taskpane/ui/labels";

const edit = (name: string, value: string | number) =>
  settingsOf(defaultModel).map(([k, v]): [string, string | number | boolean] => [k, k === name ? value : v]);

describe("taskpane/ui/labels", () => {
  it("labels every setting shown up front in plain words, none by its key", () => {
    const upFront = groupSettings(settingsOf(defaultModel))
      .filter((g) => g.title !== "Everything else" && g.title !== "Vocabulary")
      .flatMap((g) => g.settings);
    expect(upFront).to.have.length(29); // 17 weights, 9 thresholds and grades, 3 knock-out settings
    for (const name of upFront) {
      const { label } = settingLabel(name);
      expect(label, name).not.to.contain(".");
      expect(label, name).not.to.match(/[a-z][A-Z]/); // no camelCase key
    }
    expect(settingLabel("thresholds.qualified.minScore")).to.deep.include({
      label: "Minimum score to qualify",
      hint: "0 to 100 points",
    });
    expect(settingLabel("thresholds.qualified.maxRisk").label).to.equal("Highest risk allowed for Qualified");
    expect(settingLabel("knockouts.noSolution.enabled").label).to.equal(
      "Knock-out: no solution available and none on the roadmap",
    );
    expect(settingLabel("weights.dealValue")).to.deep.include({
      label: "Deal Value",
      hint: "weight, 0 or more",
    });
    // Every labelled setting exists in the model.
    const names = new Set(settingsOf(defaultModel).map(([k]) => k));
    for (const key of Object.keys(SETTING_LABELS)) expect(names.has(key), key).to.equal(true);
  });

  it("says what to enter for a number out of range or not a number, from the engine's own problems", () => {
    const typed = validateSettings(edit("thresholds.qualified.minScore", "lots"));
    const [p] = typed.errors.get("thresholds.qualified.minScore")!;
    expect(settingProblemText("thresholds.qualified.minScore", p)).to.equal(
      "Enter a number between 0 and 100",
    );
    const big = validateSettings(edit("grades.A", 140)).errors.get("grades.A")!;
    expect(big.map((q) => settingProblemText("grades.A", q))).to.include("Enter a number between 0 and 100");
    const weight = validateSettings(edit("weights.margin", -3)).errors.get("weights.margin")!;
    expect(settingProblemText("weights.margin", weight[0])).to.equal("Enter a number, 0 or more");
  });

  it("keeps the catalogue's words for other problems, and for settings without a range", () => {
    const order = problem("model.gradeOrder", { other: "grades.B" });
    expect(settingProblemText("grades.A", order)).to.equal("Must be at least grades.B");
    const type = problem("model.type", { expected: "number", received: "'x'" });
    expect(settingProblemText("risk.something", type)).to.equal("Expected number, received 'x'");
  });
});

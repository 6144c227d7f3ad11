// The model panel's data: settings grouped for editing, the engine's validation placed beside each setting,
// and the Qualification Model sheet that round-trips to the same model.
import { expect } from "chai";
import { applySettings, defaultModel, describeProblem, modelToSettings } from "../../../src/model";
import {
  groupSettings,
  modelFromSheet,
  modelSheetRows,
  settingsOf,
  validateSettings,
} from "../../../src/taskpane/logic/model-settings";

describe("taskpane/logic/model-settings", () => {
  it("groups weights, thresholds and knock-outs first, every setting exactly once", () => {
    const groups = groupSettings(settingsOf(defaultModel));
    expect(groups.map((g) => g.title)).to.deep.equal([
      "Weights",
      "Thresholds and grades",
      "Knock-outs",
      "Everything else",
      "Vocabulary",
    ]);
    expect(groups[4].settings).to.include("vocabulary.levels.financing.secured");
    expect(groups[4].settings.every((s) => s.startsWith("vocabulary."))).to.equal(true);
    expect(groups[0].settings).to.include("weights.financing");
    expect(groups[2].settings).to.deep.equal([
      "knockouts.noSolution.enabled",
      "knockouts.negativeMargin.enabled",
      "knockouts.negativeMargin.below",
    ]);
    const all = groups.flatMap((g) => g.settings);
    expect(all.length).to.equal(new Set(all).size);
    expect(all.length).to.equal(modelToSettings(defaultModel).length);
  });

  it("places each engine error beside the setting it names", () => {
    const edit = (name: string, value: string | number) =>
      settingsOf(defaultModel).map(([k, v]): [string, string | number | boolean] => [
        k,
        k === name ? value : v,
      ]);
    const typed = validateSettings(edit("weights.margin", "lots"));
    expect(typed.model).to.equal(null);
    const problem = typed.errors.get("weights.margin")![0];
    expect(problem).to.deep.include({ code: "model.type", path: ["weights", "margin"] });
    expect(describeProblem(problem)).to.match(/expected number/);
    const range = validateSettings(edit("thresholds.qualified.minScore", 140));
    expect(range.model).to.equal(null);
    expect(range.errors.get("thresholds.qualified.minScore")).to.have.length.greaterThan(0);
  });

  it("stores the model as setting/value rows that load back as the same model", () => {
    const model = applySettings(defaultModel, [["weights.financing", 25]]);
    const rows = modelSheetRows(settingsOf(model));
    expect(rows[0]).to.deep.equal(["Setting", "Value"]);
    expect(applySettings(defaultModel, rows)).to.deep.equal(model);
    const read = modelFromSheet(rows);
    expect(read.model).to.deep.equal(model);
    expect(read.stored).to.equal(true);
  });

  it("a workbook without the sheet gets the default model; a partial sheet overrides only what it names", () => {
    expect(modelFromSheet(null)).to.deep.include({ model: defaultModel, stored: false });
    const partial = modelFromSheet([
      ["Setting", "Value"],
      ["weights.rfp", 3],
    ]);
    expect(partial.model!.weights.rfp).to.equal(3);
    expect(partial.settings.length).to.equal(modelToSettings(defaultModel).length);
  });
});

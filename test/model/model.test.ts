import { expect } from "chai";
import {
  applySettings,
  defaultModel,
  describeSettingProblem,
  loadModel,
  ModelError,
  modelToSettings,
  parseModel,
} from "../../src/model";

describe("scoring model", () => {
  it("ships a valid default model with a name and version", () => {
    expect(parseModel(defaultModel).ok).to.equal(true);
    expect(defaultModel.name).to.be.a("string").and.not.empty;
    expect(defaultModel.version).to.match(/^\d+\.\d+\.\d+$/);
  });

  it("lists every problem with its path, not only the first", () => {
    const r = parseModel(
      { weights: { financing: "high", finacing: 3 }, thresholds: { qualified: { minScore: 200 } } },
      defaultModel,
    );
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    // Problems are data: a code, the setting's path and the facts; the catalogue words them.
    expect(r.problems).to.deep.include({
      code: "model.type",
      path: ["weights", "financing"],
      params: { expected: "number", received: "string" },
    });
    expect(r.problems).to.deep.include({
      code: "model.unknownKeys",
      path: ["weights"],
      params: { keys: ["finacing"] },
    });
    expect(r.problems).to.deep.include({
      code: "model.tooBig",
      path: ["thresholds", "qualified", "minScore"],
      params: { maximum: 100, inclusive: true },
    });
    expect(r.problems.map(describeSettingProblem)).to.include.members([
      "weights.financing: expected number, received string",
      "weights: unknown setting 'finacing'",
      "thresholds.qualified.minScore: must be at most 100",
    ]);
  });

  it("refuses models that would break monotonicity or the missing-value rule", () => {
    const r = parseModel(
      {
        values: {
          customization: {
            levels: { standard: 1, configured: 0.5, partiallyBespoke: 0.7, whollyBespoke: 0 },
            missing: 0.9,
          },
          dealValue: {
            curve: [
              [0, 0.5],
              [1000, 0.2],
            ],
            missing: 0.1,
          },
        },
        effort: { designDays: { standard: 5, configured: 3, partiallyBespoke: 8, whollyBespoke: 15 } },
        knockouts: { bad: { enabled: true, field: "financing", levels: ["partial"], reason: "x" } },
        thresholds: { qualified: { minScore: 40, maxRisk: 45 } },
      },
      defaultModel,
    );
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    const joined = r.problems.map(describeSettingProblem).join("\n");
    expect(joined).to.include(
      "values.customization.levels.partiallyBespoke: must not score higher than configured",
    );
    expect(joined).to.include(
      "values.customization.missing: a missing value must not score better than the middle value",
    );
    expect(joined).to.include("values.dealValue.curve.1.1: a larger value must never score lower");
    expect(joined).to.include("effort.designDays.configured: more bespoke work must not take less effort");
    expect(joined).to.include("knockouts.bad.levels: must also include 'unsecured', which is worse");
    expect(joined).to.include(
      "thresholds.qualified.minScore: must be at least thresholds.conditional.minScore",
    );
  });

  it("merges a partial model over the default", () => {
    const m = loadModel({ weights: { financing: 20 }, name: "Ours" }, defaultModel);
    expect(m.weights.financing).to.equal(20);
    expect(m.weights.dealValue).to.equal(defaultModel.weights.dealValue);
    expect(m.name).to.equal("Ours");
    expect(() => loadModel({ weights: { financing: -1 } }, defaultModel)).to.throw(
      ModelError,
      /weights.financing/,
    );
  });

  it("applies setting/value rows and names each bad setting", () => {
    const m = applySettings(defaultModel, [
      ["Setting", "Value"],
      ["weights.financing", 15],
      ["thresholds.qualified.minScore", "70"],
      ["knockouts.negativeMargin.enabled", "FALSE"],
      ["values.dealValue.curve", "[[0,0],[100000,0.5],[2000000,1]]"],
      [null, null],
    ]);
    expect(m.weights.financing).to.equal(15);
    expect(m.thresholds.qualified.minScore).to.equal(70);
    expect(m.knockouts.negativeMargin.enabled).to.equal(false);
    expect(m.values.dealValue.curve).to.deep.equal([
      [0, 0],
      [100000, 0.5],
      [2000000, 1],
    ]);
    try {
      applySettings(defaultModel, [
        ["weights.financing", "abc"],
        ["weights.nope", 1],
        ["grades", "{"],
      ]);
      expect.fail("should throw");
    } catch (e) {
      expect(e).to.be.instanceOf(ModelError);
      expect((e as ModelError).problems.map(describeSettingProblem)).to.deep.equal([
        "weights.financing: expected number, received 'abc'",
        "weights.nope: unknown setting",
        'grades: expected JSON text such as {"A":75,"B":60,"C":45}',
      ]);
    }
  });

  it("round-trips through setting rows (the Qualification Model sheet)", () => {
    const rows = modelToSettings(defaultModel);
    expect(rows.find(([k]) => k === "weights.financing")).to.deep.equal([
      "weights.financing",
      defaultModel.weights.financing,
    ]);
    expect(applySettings(defaultModel, rows)).to.deep.equal(defaultModel);
    const changed = rows.map(
      ([k, v]) => [k, k === "weights.margin" ? 12 : v] as [string, string | number | boolean],
    );
    expect(applySettings(defaultModel, changed).weights.margin).to.equal(12);
  });

  it("cannot be changed by accident through the shared default", () => {
    expect(() => {
      (defaultModel.weights as Record<string, number>).financing = 99;
    }).to.throw();
  });
});

// The formulas' model argument: read by the engine once per distinct range or JSON text, remembered for the
// thousands of formulas that share it, and refused with the engine's words when it is invalid.
import { expect } from "chai";
import { applySettings, defaultModel, loadModel } from "../../src/model/index";
import { FormulaError } from "../../src/functions/formula-error";
import { clearModelCache, resolveModel } from "../../src/functions/model-arg";
import { runQualify } from "../../src/functions/spill";

describe("functions/model-arg", function () {
  beforeEach(clearModelCache);

  it("uses the default model when the argument is omitted or blank", function () {
    expect(resolveModel(null)).to.equal(defaultModel);
    expect(resolveModel(undefined)).to.equal(defaultModel);
    expect(resolveModel([[null, ""]])).to.equal(defaultModel);
  });

  it("reads a setting/value range as the engine's applySettings does", function () {
    const rows = [
      ["Setting", "Value"],
      ["weights.financing", 20],
    ];
    expect(resolveModel(rows)).to.deep.equal(applySettings(defaultModel, rows));
    expect(resolveModel(rows).weights.financing).to.equal(20);
  });

  it("reads JSON text as overrides of the default model", function () {
    const json = '{"weights":{"margin":1}}';
    expect(resolveModel([[json]])).to.deep.equal(loadModel(JSON.parse(json), defaultModel));
    expect(resolveModel(json)).to.deep.equal(resolveModel([[json]]));
  });

  it("names fields with the model's vocabulary: its header and value words count in formulas", function () {
    const model = [
      ["vocabulary.headers.financing", "Geldstatus"],
      ["vocabulary.levels.financing.secured", "Gesichert"],
    ];
    const theirs = [["Deal A", "$1.2M", "Gesichert"]];
    const ours = [["Deal A", "$1.2M", "Secured"]];
    const asOf = { asOf: 46000 };
    const score = (rows: unknown[][], headers: string[], m: unknown) =>
      runQualify(rows, [headers], "score", m, asOf)[0][0];
    const expected = score(ours, ["Opportunity", "Deal Value", "Financing"], null);
    expect(score(theirs, ["Opportunity", "Deal Value", "Geldstatus"], model)).to.equal(expected);
    // Without the model, the column is not Financing: the row scores as if Financing were missing.
    expect(score(theirs, ["Opportunity", "Deal Value", "Geldstatus"], null)).to.not.equal(expected);
  });

  it("validates each distinct argument once: equal arguments give the very same model", function () {
    const a = resolveModel([["weights.financing", 20]]);
    const b = resolveModel([["weights.financing", 20]]);
    const c = resolveModel([["weights.financing", 21]]);
    expect(b).to.equal(a);
    expect(c).not.to.equal(a);
  });

  it("refuses invalid settings with every problem named, and remembers the refusal", function () {
    const bad = [
      ["weights.financing", "plenty"],
      ["weights.bogus", 1],
    ];
    const message = (() => {
      try {
        resolveModel(bad);
      } catch (err) {
        expect(err).to.be.instanceOf(FormulaError);
        return (err as Error).message;
      }
      return "";
    })();
    expect(message).to.match(/^Model: /);
    expect(message).to.contain("weights.financing");
    expect(message).to.contain("weights.bogus");
    expect(() => resolveModel(bad)).to.throw(FormulaError, message);
  });

  it("refuses text that is not JSON and ranges that are not two columns", function () {
    expect(() => resolveModel([["weights.financing"]])).to.throw(FormulaError, /two-column/);
    expect(() => resolveModel([["{not json"]])).to.throw(FormulaError, /JSON text is not valid/);
    expect(() => resolveModel([["a", 1, 2]])).to.throw(FormulaError, /3 columns/);
    expect(() => resolveModel([["a"], ["b"]])).to.throw(FormulaError, /1 column/);
  });
});

// A hostile scoring model, read by every shell that reads one (a formula's model range or JSON text, the pane's
// Qualification Model sheet reader, the CLI's --model file): setting paths and JSON keys that name `__proto__`,
// `prototype` or `constructor` are refused with a named problem, and Object.prototype stays exactly as it was.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { applySettings, defaultModel, loadModel, ModelError, type Cell, type Problem } from "../../src/model";
import { runScore } from "../../src/cli/main";
import { CliError } from "../../src/cli/score";
import { FormulaError } from "../../src/functions/formula-error";
import { clearModelCache, resolveModel } from "../../src/functions/model-arg";
import { modelFromSheet } from "../../src/taskpane/logic/model-settings";

const ROOT = path.join(__dirname, "..", "..");

/** Every own property of Object.prototype with its descriptor: what a pollution would change. */
function prototypeState(): Record<string, PropertyDescriptor> {
  return Object.getOwnPropertyDescriptors(Object.prototype);
}

const HOSTILE_ROWS: Cell[][] = [
  ["Setting", "Value"],
  ["__proto__.toString", "x"],
  ["__proto__.polluted", "yes"],
  ["constructor.prototype.polluted", "yes"],
  ["weights.__proto__", "{}"],
  ["knockouts.__proto__", '{"enabled":true,"field":"margin","below":0,"reason":"x"}'],
  ["values.margin.toString", "x"],
  ["weights.hasOwnProperty", 1],
];

const HOSTILE_JSON =
  '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
  '"knockouts":{"__proto__":{"enabled":true,"field":"margin","below":0,"reason":"x"}},' +
  '"weights":{"prototype":1}}';

const codes = (problems: readonly Problem[]) => problems.map((p) => `${p.code} ${(p.path ?? []).join(".")}`);

// What each hostile row or key is refused as: the reserved name where one is named, else an unknown setting.
const ROW_PROBLEMS = [
  "model.reservedName __proto__.toString",
  "model.reservedName __proto__.polluted",
  "model.reservedName constructor.prototype.polluted",
  "model.reservedName weights.__proto__",
  "model.reservedName knockouts.__proto__",
  "model.unknownSetting values.margin.toString",
  "model.unknownSetting weights.hasOwnProperty",
];
const JSON_PROBLEMS = [
  "model.reservedName __proto__",
  "model.reservedName constructor",
  "model.reservedName knockouts.__proto__",
  "model.reservedName weights.prototype",
];

describe("model/hostile settings", function () {
  let before: Record<string, PropertyDescriptor>;
  const toString = Object.prototype.toString;

  beforeEach(function () {
    clearModelCache();
    before = prototypeState();
  });

  afterEach(function () {
    // Put back what a pollution changed before asserting, so a failure here cannot break the rest of the suite.
    const after = prototypeState();
    const changed = Object.keys(after).filter(
      (k) => !(k in before) || after[k].value !== before[k].value || after[k].get !== before[k].get,
    );
    for (const k of changed) {
      if (k in before) Object.defineProperty(Object.prototype, k, before[k]);
      else delete (Object.prototype as Record<string, unknown>)[k];
    }
    expect(changed, "Object.prototype's properties changed by reading the model").to.deep.equal([]);
    expect(Object.prototype.toString).to.equal(toString);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(String({})).to.equal("[object Object]");
  });

  it("the engine refuses each reserved or inherited path in setting rows, naming it", function () {
    let error: unknown;
    try {
      applySettings(defaultModel, HOSTILE_ROWS);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ModelError);
    expect(codes((error as ModelError).problems)).to.deep.equal(ROW_PROBLEMS);
    expect((error as ModelError).message).to.include(
      "__proto__.toString: '__proto__' is a reserved name, not a setting",
    );
  });

  it("the engine refuses reserved keys anywhere in a JSON model", function () {
    let error: unknown;
    try {
      loadModel(JSON.parse(HOSTILE_JSON), defaultModel);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ModelError);
    expect(codes((error as ModelError).problems)).to.deep.equal(JSON_PROBLEMS);
  });

  it("a formula's model range: #VALUE! naming the reserved setting", function () {
    expect(() => resolveModel(HOSTILE_ROWS.slice(1))).to.throw(
      FormulaError,
      /'__proto__' is a reserved name/,
    );
  });

  it("a formula's model as JSON text: #VALUE! naming the reserved key", function () {
    expect(() => resolveModel([[HOSTILE_JSON]])).to.throw(FormulaError, /'__proto__' is a reserved name/);
  });

  it("the pane's Qualification Model sheet reader: each problem beside its setting, no model", function () {
    const read = modelFromSheet(HOSTILE_ROWS);
    expect(read.model).to.equal(null);
    expect([...read.errors.keys()]).to.deep.equal(HOSTILE_ROWS.slice(1).map((r) => r[0]));
    expect(read.errors.get("__proto__.toString")!.map((p) => p.code)).to.deep.equal(["model.reservedName"]);
  });

  it("the CLI's --model file with __proto__ keys: one line naming the model file and the key", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "qualify-hostile-"));
    const model = path.join(dir, "model.json");
    writeFileSync(model, HOSTILE_JSON);
    let error: unknown;
    try {
      runScore(path.join(ROOT, "examples", "pipeline.csv"), { model, out: path.join(dir, "out.csv") });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CliError);
    expect((error as CliError).where).to.equal(model);
    expect(codes((error as CliError).problems)).to.deep.equal(JSON_PROBLEMS);
  });
});

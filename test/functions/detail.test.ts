// QUALIFY's detail argument and the card: which words are accepted, and the entity Excel shows as a card.
import { expect } from "chai";
import {
  defaultModel,
  loadModel,
  modelToSettings,
  OUTPUT_COLUMNS,
  qualifyTable,
} from "../../src/model/index";
import { card, DETAIL_SPECS, DETAILS, parseDetail } from "../../src/functions/detail";
import { GOLDEN_AS_OF } from "../golden/pipeline-golden";
import { FormulaError } from "../../src/functions/formula-error";
import { HEADERS, ROWS } from "./fixtures";
import { runQualify } from "../../src/functions/spill";

describe("functions/detail", function () {
  it("accepts every documented detail in any case, and defaults to verdict", function () {
    for (const d of DETAILS) {
      expect(parseDetail(d)).to.equal(d);
      expect(parseDetail(` ${d.toUpperCase()} `)).to.equal(d);
    }
    expect(parseDetail(null)).to.equal("verdict");
    expect(parseDetail(undefined)).to.equal("verdict");
    expect(parseDetail("")).to.equal("verdict");
  });

  it("refuses an unknown detail, listing the valid ones", function () {
    expect(() => parseDetail("verdicts")).to.throw(
      FormulaError,
      /Unknown detail "verdicts": use verdict, score/,
    );
  });

  it("spills six columns only for all", function () {
    expect(DETAILS.filter((d) => DETAIL_SPECS[d].width !== 1)).to.deep.equal(["all"]);
    expect(DETAIL_SPECS.all.width).to.equal(OUTPUT_COLUMNS.length);
  });

  it("builds a card whose text is the verdict and whose properties are the assessment's", function () {
    const { results } = qualifyTable(
      { headers: HEADERS, rows: [ROWS[1]] },
      { model: defaultModel, asOf: GOLDEN_AS_OF, detail: "assessments", counterfactual: true },
    );
    const a = results.assessments![0]!;
    const entity = card(a);
    expect(entity.type).to.equal("Entity");
    expect(entity.text).to.equal(a.verdict);
    const { verdict, score, grade, rationale } = a;
    const [risk, effort] = [a.risk.total, a.effort.total];
    const props = entity.properties as Record<
      string,
      { type: string; basicValue?: unknown; elements?: unknown[][] }
    >;
    expect(props.Verdict).to.deep.equal({ type: "String", basicValue: verdict });
    expect(props.Score).to.deep.equal({ type: "Double", basicValue: score });
    expect(props.Grade).to.deep.equal({ type: "String", basicValue: grade });
    expect(props.Risk).to.deep.equal({ type: "Double", basicValue: risk });
    expect(props["Effort (pd)"]).to.deep.equal({ type: "Double", basicValue: effort });
    expect(props.Rationale).to.deep.equal({ type: "String", basicValue: rationale });
    expect(props.Drivers.elements!.map((r) => (r[0] as { basicValue: string }).basicValue)).to.deep.equal(
      a.drivers.map((d) => d.label),
    );
    expect(props["What would change it"]).to.deep.equal({ type: "String", basicValue: a.counterfactual });
    // Every property the card layout names exists.
    const named = entity.layouts.card.sections.flatMap((s) => (s as { properties: string[] }).properties);
    for (const name of [entity.layouts.card.title.property, ...named])
      expect(props, name).to.have.property(name);
  });

  it("gives the learned win probability for detail win, and says when the model has none", function () {
    const winModel = {
      intercept: -0.5,
      fields: { financing: { levels: { secured: 1, partial: 0, unsecured: -1 }, missing: -0.2, average: 0 } },
      history: { rows: 100, won: 50, lost: 50, open: 0, outcomeColumn: "Status" },
      validation: { folds: 5, seed: 1, auc: 0.7, brier: 0.2, unconstrainedAuc: 0.7 },
    };
    const headers = [["Opportunity", "Financing"]];
    const rows = [
      ["A", "Secured"],
      [null, null],
      ["C", "Unsecured"],
    ];
    const out = runQualify(rows, headers, "win", JSON.stringify({ winModel }), { asOf: GOLDEN_AS_OF });
    expect(out).to.deep.equal([[1 / (1 + Math.exp(-0.5))], [""], [1 / (1 + Math.exp(1.5))]]);
    // The same model as a two-column setting/value range, as the Qualification Model sheet holds it.
    const range = modelToSettings(loadModel({ winModel }, defaultModel));
    expect(runQualify(rows, headers, "win", range, { asOf: GOLDEN_AS_OF })).to.deep.equal(out);
    expect(() => runQualify(rows, headers, "win", null, { asOf: GOLDEN_AS_OF })).to.throw(
      FormulaError,
      "This model has no learned win probability: learn one from closed deals (qualify learn) and pass it as the model",
    );
  });
});

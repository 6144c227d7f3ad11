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
import { runQualify } from "../../src/functions/spill";
import { HEADERS, ROWS } from "./fixtures";

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

  it("spills several columns only for all: the eight output columns without a learned model", function () {
    const { results } = qualifyTable(
      { headers: HEADERS, rows: [ROWS[1]] },
      { model: defaultModel, asOf: GOLDEN_AS_OF, detail: "rationale" },
    );
    expect(DETAILS.filter((d) => DETAIL_SPECS[d].width(results) !== 1)).to.deep.equal(["all"]);
    expect(DETAIL_SPECS.all.width(results)).to.equal(OUTPUT_COLUMNS.length);
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
    expect(props["Next step"]).to.deep.equal({ type: "String", basicValue: a.nextStep });
    // Every property the card layout names exists.
    const named = entity.layouts.card.sections.flatMap((s) => (s as { properties: string[] }).properties);
    for (const name of [entity.layouts.card.title.property, ...named])
      expect(props, name).to.have.property(name);
  });

  it("shows the CRM's own probability and forecast on the card beside ours, where the row has them", function () {
    const headers = ["Opportunity", "Deal Value", "Financing", "Probability (%)", "Forecast Category"];
    const { results } = qualifyTable(
      { headers, rows: [["A", "$1.2M", "Secured", "75", "Commit"]] },
      { model: defaultModel, asOf: GOLDEN_AS_OF, detail: "assessments" },
    );
    const props = card(results.assessments![0]!).properties as Record<string, { basicValue: unknown }>;
    expect(props["CRM probability (%)"].basicValue).to.equal(75);
    expect(props["CRM forecast"].basicValue).to.equal("Commit");
    const plain = qualifyTable(
      { headers: headers.slice(0, 3), rows: [["A", "$1.2M", "Secured"]] },
      { model: defaultModel, asOf: GOLDEN_AS_OF, detail: "assessments" },
    );
    expect(card(plain.results.assessments![0]!).properties).to.not.have.property("CRM forecast");
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
    // "all" spills the columns the CLI and the pane write: with a learned model, Win % and Expected value too.
    const all = runQualify(rows, headers, "all", range, { asOf: GOLDEN_AS_OF });
    expect(all.map((r) => r.length)).to.deep.equal([10, 10, 10]);
    // Win % as the files hold it (to a tenth of a percent); no deal value, so no expected value: a blank cell.
    expect(all[0].slice(8)).to.deep.equal([0.622, ""]);
    expect(all[2].slice(8)).to.deep.equal([Math.round((out[2][0] as number) * 1000) / 1000, ""]);
    expect(all[1]).to.deep.equal(new Array(10).fill(""));
    expect(runQualify(rows, headers, "all", null, { asOf: GOLDEN_AS_OF }).map((r) => r.length)).to.deep.equal(
      [8, 8, 8],
    );
    expect(() => runQualify(rows, headers, "win", null, { asOf: GOLDEN_AS_OF })).to.throw(
      FormulaError,
      "This model has no learned win probability: learn one from closed deals (qualify learn) and pass it as the model",
    );
  });
});

describe("functions/spill: the row limit for text and card details", function () {
  // A model whose limit is 3 rows stands in for the default 5,000, so the test stays small.
  const model = [["formulas.maxDetailRows", 3]];
  const rows = (n: number) => [
    HEADERS,
    ...ROWS.filter((r) => r.some((c) => c !== "" && c !== null)).slice(0, n),
  ];

  it("refuses card, all, rationale and counterfactual above the limit with #VALUE! words saying what to do", function () {
    for (const detail of ["card", "all", "rationale", "counterfactual"]) {
      let error: unknown;
      try {
        runQualify(rows(4), null, detail, model, { asOf: GOLDEN_AS_OF });
      } catch (e) {
        error = e;
      }
      expect(error, detail).to.be.instanceOf(FormulaError);
      expect((error as FormulaError).problems[0]).to.deep.equal({
        code: "formula.tooManyRows",
        params: { detail, rows: 4, limit: 3 },
      });
      expect((error as FormulaError).message).to.equal(
        `"${detail}" is limited to 3 rows, this range has 4: use the task pane (Home > Qualify) for the whole table, or a narrower detail such as "verdict" or "score".`,
      );
    }
  });

  it("answers them at the limit, and verdicts and numbers at any size", function () {
    expect(runQualify(rows(3), null, "rationale", model, { asOf: GOLDEN_AS_OF })).to.have.length(3);
    for (const detail of ["verdict", "score", "grade", "risk", "effort"]) {
      expect(runQualify(rows(4), null, detail, model, { asOf: GOLDEN_AS_OF }), detail).to.have.length(4);
    }
  });

  it("defaults to 5,000 rows, and a model written before the setting still loads with it", function () {
    expect(defaultModel.formulas?.maxDetailRows).to.equal(5000);
    const { formulas: _dropped, ...older } = defaultModel;
    const parsed = runQualify(rows(2), null, "rationale", JSON.stringify(older), { asOf: GOLDEN_AS_OF });
    expect(parsed).to.have.length(2);
    const many = [HEADERS, ...new Array(5001).fill(rows(1)[1])];
    expect(() => runQualify(many, null, "card", JSON.stringify(older), { asOf: GOLDEN_AS_OF })).to.throw(
      FormulaError,
      /limited to 5,000 rows, this range has 5,001/,
    );
  });
});

// QUALIFY's detail argument and the card: which words are accepted, and the entity Excel shows as a card.
import { expect } from "chai";
import { defaultModel, OUTPUT_COLUMNS, qualifyTable } from "../../src/model/index";
import { card, DETAIL_SPECS, DETAILS, parseDetail } from "../../src/functions/detail";
import { GOLDEN_AS_OF } from "../golden/pipeline-golden";
import { FormulaError } from "../../src/functions/formula-error";
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
    expect(props["Next step"]).to.deep.equal({ type: "String", basicValue: a.nextStep });
    // Every property the card layout names exists.
    const named = entity.layouts.card.sections.flatMap((s) => (s as { properties: string[] }).properties);
    for (const name of [entity.layouts.card.title.property, ...named])
      expect(props, name).to.have.property(name);
  });
});

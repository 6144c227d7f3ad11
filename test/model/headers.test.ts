import { expect } from "chai";
import { defaultModel, describeProblem, FIELDS, matchHeaders, normaliseHeader } from "../../src/model";

describe("header matching", () => {
  it("recognises every canonical header and synonym the catalogue lists", () => {
    for (const field of FIELDS) {
      for (const name of [field.header, ...(defaultModel.vocabulary.headers[field.key] ?? [])]) {
        // A header several fields share (Client: a name or a relationship) goes to the first without values.
        const first = FIELDS.find((f) =>
          [f.header, ...(defaultModel.vocabulary.headers[f.key] ?? [])].some(
            (h) => normaliseHeader(h) === normaliseHeader(name),
          ),
        )!.key;
        expect(matchHeaders([name]).columns, `${name}`).to.deep.equal({ [first]: 0 });
      }
    }
  });

  it("ignores case, spacing, punctuation and a trailing unit in brackets", () => {
    const m = matchHeaders([
      "deal_value",
      "MARGIN (%)",
      "  Contract-Value ",
      "Development Size [pd]",
      "DEAL VALUE (EUR)",
    ]);
    expect(m.columns.dealValue).to.equal(0);
    expect(m.columns.margin).to.equal(1);
    expect(m.columns.developmentSize).to.equal(3);
    // The first column naming a field wins; later ones are reported, not silently merged.
    expect(m.unmatched).to.deep.equal(["  Contract-Value ", "DEAL VALUE (EUR)"]);
    expect(normaliseHeader("DEAL VALUE (EUR)")).to.equal("dealvalue");
  });

  it("says when a column tells won deals and none tells closed ones: the deals not won read as open", () => {
    const alone = matchHeaders(["Opportunity", "Amount", "IsWon"]);
    expect(alone.columns.won).to.equal(2);
    expect(alone.problems).to.deep.equal([{ code: "mapping.wonOnly", params: { header: "IsWon" } }]);
    expect(describeProblem(alone.problems![0])).to.equal(
      "'IsWon' says which deals were won, and no column says which are closed (Stage, Closed): a deal not won is read as open, lost ones too; map a Stage or Closed column",
    );
    expect(matchHeaders(["Opportunity", "IsWon", "IsClosed"]).problems).to.equal(undefined);
    expect(matchHeaders(["Opportunity", "Won", "Stage"]).problems).to.equal(undefined);
    expect(matchHeaders(["Opportunity", "Status"]).problems).to.equal(undefined); // Won / Lost: a stage
  });

  it("keeps this add-in's own output columns apart from the inputs", () => {
    const m = matchHeaders(["Opportunity", "Effort (pd)", "Verdict", "Score", "Rationale"]);
    expect(m.columns).to.deep.equal({ name: 0 });
    expect(m.outputColumns).to.deep.equal({ "Effort (pd)": 1, Verdict: 2, Score: 3, Rationale: 4 });
  });

  it("reports headers it does not know and tolerates non-text headers", () => {
    const m = matchHeaders(["Foo", 42, null, { error: "#REF!" }, "Customer"]);
    expect(m.columns).to.deep.equal({ customer: 4 });
    expect(m.unmatched).to.deep.equal(["Foo", "42"]);
  });

  it("gives every call a mapping of its own, so a caller that changes it changes nobody else's", () => {
    const headers = ["Deal Value", "Financing"];
    const first = matchHeaders(headers);
    first.columns.financing = 0;
    expect(matchHeaders(headers).columns).to.deep.equal({ dealValue: 0, financing: 1 });
  });
});

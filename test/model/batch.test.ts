// The table scorer must give, for every row, exactly what scoring that row alone gives: same verdict, same score,
// risk and effort to the last bit, the same empty rows. Checked on messy cells, shuffled and missing columns,
// other models and other days, and across calls that share its memos.
import { expect } from "chai";
import fc from "fast-check";
import {
  defaultModel,
  FIELDS,
  isEmptyOpportunity,
  loadModel,
  matchHeaders,
  readOpportunity,
  scoreColumns,
  scoreOpportunity,
  scoresAt,
  scoreTable,
  type Cell,
  type FieldKey,
  type Scores,
  type ScoringModel,
} from "../../src/model";
import { SCORED_FIELDS } from "../../src/model/schema";
import { AS_OF } from "./helpers";

type Table = { headers: Cell[]; rows: Cell[][] };

/** Row by row through the single-opportunity path: the reference the table scorer must equal. */
function oneByOne(t: Table, model: ScoringModel, asOf: number): (Scores | null)[] {
  const mapping = matchHeaders(t.headers);
  return t.rows.map((row) =>
    isEmptyOpportunity(row, mapping)
      ? null
      : scoreOpportunity(readOpportunity(row, mapping), model, { asOf }),
  );
}

const KEYS = ["verdict", "score", "grade", "risk", "effort"] as const;
const show = (s: Scores | null) =>
  s === null ? "no result" : KEYS.map((k) => `${k} ${Object.is(s[k], -0) ? "-0" : s[k]}`).join(", ");

function expectSame(t: Table, model: ScoringModel, asOf: number): void {
  const columns = scoreColumns(t, model, { asOf });
  const expected = oneByOne(t, model, asOf);
  expect(columns.length).to.equal(t.rows.length);
  for (let i = 0; i < expected.length; i++) {
    const got = scoresAt(columns, i);
    const want = expected[i];
    // Object.is: the same number to the last bit, not merely close.
    const same = got === null || want === null ? got === want : KEYS.every((k) => Object.is(got[k], want[k]));
    if (!same) expect.fail(`row ${i} ${JSON.stringify(t.rows[i])}: got ${show(got)}, want ${show(want)}`);
  }
}

// What analysts type, per field, plus the odd cells every column can hold.
const WORDS: Partial<Record<FieldKey, Cell[]>> = {
  dealValue: ["$1.2M", "€950k", "1,200,000", "1.2 m", "TBD", "lots"],
  margin: ["25%", "0.3", "-5%", "12 percent", "n/a"],
  customerImportance: ["Strategic", "Key", "Standard", "New", "Tier 1"],
  strategicImportance: ["High", "Low", "Critical", "3/5"],
  widerApplication: ["Low", "Medium", "High"],
  customization: ["Standard", "Configured", "Partially bespoke", "Wholly bespoke", "custom-ish"],
  solutionAvailability: ["Available", "Capacity constrained", "On roadmap", "Not available", "soon"],
  roadmapDate: ["Q3 2027", "2027-03-31", "Mar 2027", "someday"],
  developmentSize: ["40 pd", "3 weeks", "2 person months", "1 year"],
  resources: ["High", "Medium", "Low", "70%"],
  financing: ["Secured", "Partial", "Unsecured", "maybe"],
  commitment: ["36m", "3 years", "18 months"],
  requirementsClarity: ["High", "Medium", "Low", "40%"],
  competition: ["None", "Low", "Medium", "High", "3 competitors"],
  rfp: ["Yes", "No", "Y", "N", "TRUE", "tender", "perhaps"],
  rfpQuestions: ["120 questions", "many"],
  interactions: ["4 workshops", "intense"],
  alternatives: ["2", "none"],
  responseDue: ["2026-12-15", "15 Jan 2027", "Q1 2027", "yesterday"],
};
const ODD: Cell[] = [
  null,
  undefined,
  "",
  "   ",
  "-",
  "?",
  "#N/A",
  "#VALUE!",
  true,
  false,
  { error: "#REF!" },
];

const cellFor = (field: FieldKey): fc.Arbitrary<Cell> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(WORDS[field] ?? ["Acme", "OPP-7"])) },
    { weight: 3, arbitrary: fc.integer({ min: -5, max: 5_000_000 }) },
    { weight: 2, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
    { weight: 2, arbitrary: fc.integer({ min: AS_OF - 400, max: AS_OF + 900 }) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, NaN, -0, 1e308) },
    { weight: 1, arbitrary: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01") }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

/** A table over a random subset of the fields, in random order, with some columns the engine does not know. */
const tables: fc.Arbitrary<Table> = fc
  .tuple(
    fc.shuffledSubarray([...FIELDS], { minLength: 1 }),
    fc.boolean(), // a "Notes" column
    fc.integer({ min: 0, max: 40 }),
  )
  .chain(([fields, notes, count]) => {
    const headers: Cell[] = fields.map((f) => f.header);
    const cells = fields.map((f) => cellFor(f.key));
    if (notes) {
      headers.splice(1, 0, "Notes");
      cells.splice(1, 0, fc.constantFrom<Cell>("call back", "", null));
    }
    return fc.array(fc.tuple(...cells), { minLength: count, maxLength: count }).map((rows) => ({
      headers,
      rows: rows.map((r) => [...r]),
    }));
  });

/** Valid models that differ from the default in weights, thresholds, effort and knock-out rules. */
const models: fc.Arbitrary<ScoringModel> = fc
  .record({
    weights: fc.record(
      Object.fromEntries(
        [...SCORED_FIELDS, "bidEffort"].map((f) => [
          f,
          fc.integer({ min: f === "dealValue" ? 1 : 0, max: 20 }),
        ]),
      ),
    ),
    qualified: fc.record({
      minScore: fc.integer({ min: 30, max: 80 }),
      maxRisk: fc.integer({ min: 20, max: 80 }),
      maxComponentRisk: fc.integer({ min: 30, max: 100 }),
    }),
    dayRate: fc.integer({ min: 0, max: 3000 }),
    defaultCustomization: fc.constantFrom("standard", "configured", "partiallyBespoke", "whollyBespoke"),
    defaultRfp: fc.boolean(),
    unlessPresent: fc.option(fc.constantFrom<FieldKey>("roadmapDate", "customer", "financing", "id"), {
      nil: undefined,
    }),
    above: fc.option(fc.integer({ min: 50, max: 2000 }), { nil: undefined }),
  })
  .map((m) =>
    loadModel(
      {
        name: "random",
        weights: m.weights,
        thresholds: {
          qualified: m.qualified,
          conditional: { minScore: 20, maxRisk: 90, maxComponentRisk: 100 },
        },
        effort: {
          dayRate: m.dayRate,
          defaults: { customization: m.defaultCustomization, rfp: m.defaultRfp },
        },
        knockouts: {
          noSolution: { unlessPresent: m.unlessPresent },
          tooBig: {
            enabled: m.above !== undefined,
            field: "developmentSize",
            above: m.above ?? 1,
            reason: "too big to build",
          },
          noFunds: {
            enabled: true,
            field: "financing",
            levels: ["unsecured"],
            unlessPresent: "rfp",
            reason: "no budget and no tender",
          },
        },
      },
      defaultModel,
    ),
  );

describe("model/batch: the table scorer", () => {
  it("scores every row exactly as the opportunity alone is scored (default model)", () => {
    fc.assert(
      fc.property(tables, (t) => expectSame(t, defaultModel, AS_OF)),
      { numRuns: 300, seed: 11 },
    );
  });

  it("agrees with the single-row path under other models and other days", () => {
    fc.assert(
      fc.property(tables, models, fc.integer({ min: AS_OF - 300, max: AS_OF + 300 }), (t, model, asOf) =>
        expectSame(t, model, asOf),
      ),
      { numRuns: 200, seed: 12 },
    );
  });

  it("agrees with the single-row path over 100,000 rows of odd and messy cells", () => {
    const pool = fc.sample(
      fc.oneof(...FIELDS.map((f) => cellFor(f.key)), fc.string({ minLength: 250, maxLength: 300 })),
      { numRuns: 20_000, seed: 42 },
    );
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const headers = FIELDS.map((f) => f.header);
    const rows = Array.from({ length: 100_000 }, () => headers.map(() => pool[next() % pool.length]));
    expectSame({ headers, rows }, defaultModel, AS_OF);
  });

  it("carries its memos from call to call without carrying stale answers", () => {
    const headers = ["Deal Value", "Response Due", "Financing", "Solution Availability", "Roadmap Date"];
    const rows: Cell[][] = [
      ["€800k", "2026-12-10", "Secured", "On roadmap", "Q2 2027"],
      ["€800k", "2027-02-01", "Partial", "On roadmap", null],
    ];
    const t = { headers, rows };
    // Same texts, three days: dates come closer, so the same text must be worth a different amount.
    for (const asOf of [AS_OF, AS_OF + 10, AS_OF + 60, AS_OF]) expectSame(t, defaultModel, asOf);
    // Same texts, another model: its answers, not the default model's.
    const strict = loadModel({ thresholds: { qualified: { minScore: 95 } } }, defaultModel);
    expectSame(t, strict, AS_OF);
    expect(scoresAt(scoreColumns(t, strict, { asOf: AS_OF }), 0)!.verdict).to.not.equal("Qualified");
  });

  it("stays exact when a column holds more distinct texts than it remembers", () => {
    const rows = Array.from({ length: 9000 }, (_, i): Cell[] => [
      `€${i + 1}k`,
      i % 3 ? "Secured" : "Partial",
    ]);
    expectSame({ headers: ["Deal Value", "Financing"], rows }, defaultModel, AS_OF);
  });

  it("gives empty rows no result, whatever sits in columns the engine does not read", () => {
    const t = {
      headers: ["Opportunity", "Notes", "Deal Value", "Verdict"],
      rows: [
        ["Core", "", "$1M", ""],
        ["  ", "call back", null, "Qualified"],
        [null, null, "\u00a0", null],
        ["\u2003Edge", null, null, null],
      ],
    };
    const c = scoreColumns(t, defaultModel, { asOf: AS_OF });
    expect(c.verdict.map((v) => v !== null)).to.deep.equal([true, false, false, true]);
    expect(Number.isNaN(c.score[1])).to.be.true;
    expectSame(t, defaultModel, AS_OF);
  });

  it("scores models with more knock-out rules than it has flag bits, the same way", () => {
    const knockouts = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `rule${i}`,
        { enabled: true, field: "developmentSize", above: 100 + 10 * i, reason: `over ${100 + 10 * i} pd` },
      ]),
    );
    const model = loadModel({ knockouts }, defaultModel);
    const rows = [[50], [150], [450], [null], ["huge"]] as Cell[][];
    const t = { headers: ["Development Size (pd)"], rows };
    expectSame(t, model, AS_OF);
    expect(scoreColumns(t, model, { asOf: AS_OF }).verdict[2]).to.equal("Not qualified");
  });

  it("gives the same Scores objects through scoreTable", () => {
    const t = {
      headers: FIELDS.map((f) => f.header),
      rows: [FIELDS.map(() => "High"), FIELDS.map(() => null)],
    };
    const { results } = scoreTable(t, defaultModel, { asOf: AS_OF });
    expect(results).to.deep.equal(oneByOne(t, defaultModel, AS_OF));
  });
});

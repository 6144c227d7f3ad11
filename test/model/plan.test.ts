// Scoring a whole table: a row's result never depends on the rows around it, on what earlier calls remembered,
// or on other models and days scored in between; odd cells never throw; empty rows get no result; and results
// that a user sees are pinned by the golden files (test/golden), not by comparing the engine with itself.
import { expect } from "chai";
import fc from "fast-check";
import {
  defaultModel,
  FIELDS,
  loadModel,
  qualifyTable,
  scoresAt,
  tableQualifier,
  type Cell,
  type FieldKey,
  type Scores,
  type ScoringModel,
} from "../../src/model";
import { Memo, type Outcome } from "../../src/model/plan";
import { SCORED_FIELDS } from "../../src/model/schema";
import { AS_OF } from "./helpers";

type Table = { headers: Cell[]; rows: Cell[][] };

const KEYS = ["verdict", "score", "grade", "risk", "effort"] as const;
const show = (s: Scores | null) =>
  s === null ? "no result" : KEYS.map((k) => `${k} ${Object.is(s[k], -0) ? "-0" : s[k]}`).join(", ");

const scores = (t: Table, model: ScoringModel, asOf: number): (Scores | null)[] => {
  const { results } = qualifyTable(t, { model, asOf });
  return Array.from({ length: results.length }, (_, i) => scoresAt(results, i));
};

/** Results must be the same to the last bit (Object.is), row by row. */
function expectSameResults(got: (Scores | null)[], want: (Scores | null)[], rows: Cell[][]): void {
  expect(got.length).to.equal(want.length);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    const same = a === null || b === null ? a === b : KEYS.every((k) => Object.is(a[k], b[k]));
    if (!same) expect.fail(`row ${i} ${JSON.stringify(rows[i])}: got ${show(a)}, want ${show(b)}`);
  }
}

/**
 * Each row scored alone (a table of one), and the table scored reversed, give what the table gives: blocks,
 * memos and neighbouring rows never change a row's result.
 */
function expectRowIndependent(t: Table, model: ScoringModel, asOf: number): void {
  const whole = scores(t, model, asOf);
  const alone = t.rows.map((row) => scores({ headers: t.headers, rows: [row] }, model, asOf)[0]);
  expectSameResults(whole, alone, t.rows);
  const reversed = scores({ headers: t.headers, rows: [...t.rows].reverse() }, model, asOf).reverse();
  expectSameResults(reversed, whole, t.rows);
  for (const s of whole) {
    if (s === null) continue;
    expect(s.score).to.be.within(0, 100);
    expect(s.risk).to.be.within(0, 100);
    expect(s.effort).to.be.at.least(0);
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

describe("model/plan: scoring a table through the model's plan", () => {
  it("scores each row as it would alone, whatever surrounds it (default model)", () => {
    fc.assert(
      fc.property(tables, (t) => expectRowIndependent(t, defaultModel, AS_OF)),
      { numRuns: 300, seed: 11 },
    );
  });

  it("scores each row as it would alone under other models and other days", () => {
    fc.assert(
      fc.property(tables, models, fc.integer({ min: AS_OF - 300, max: AS_OF + 300 }), (t, model, asOf) =>
        expectRowIndependent(t, model, asOf),
      ),
      { numRuns: 200, seed: 12 },
    );
  });

  it("reads 100,000 rows of odd and messy cells without throwing, each row as it would alone", () => {
    const pool = fc.sample(
      fc.oneof(...FIELDS.map((f) => cellFor(f.key)), fc.string({ minLength: 250, maxLength: 300 })),
      { numRuns: 20_000, seed: 42 },
    );
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const headers = FIELDS.map((f) => f.header);
    const rows = Array.from({ length: 100_000 }, () => headers.map(() => pool[next() % pool.length]));
    const whole = scores({ headers, rows }, defaultModel, AS_OF);
    const sample = Array.from({ length: 2000 }, (_, k) => k * 50);
    expectSameResults(
      sample.map((i) => whole[i]),
      sample.map((i) => scores({ headers, rows: [rows[i]] }, defaultModel, AS_OF)[0]),
      sample.map((i) => rows[i]),
    );
  });

  it("carries what it remembers from call to call without carrying stale answers", () => {
    const headers = ["Deal Value", "Response Due", "Financing", "Solution Availability", "Roadmap Date"];
    const rows: Cell[][] = [
      ["€800k", "2026-12-10", "Secured", "On roadmap", "Q2 2027"],
      ["€800k", "2027-02-01", "Partial", "On roadmap", null],
    ];
    const t = { headers, rows };
    // Same texts, other days: dates come closer, so the same text is worth a different amount, and back again.
    const day1 = scores(t, defaultModel, AS_OF);
    const day2 = scores(t, defaultModel, AS_OF + 60);
    expect(day2.map((s) => s!.score)).to.not.deep.equal(day1.map((s) => s!.score));
    expectSameResults(scores(t, defaultModel, AS_OF), day1, rows);
    // Same texts, another model: its answers, not the default model's; then the default model's again.
    const strict = loadModel({ thresholds: { qualified: { minScore: 95 } } }, defaultModel);
    expect(scores(t, strict, AS_OF).map((s) => s!.verdict)).to.not.include("Qualified");
    expectSameResults(scores(t, defaultModel, AS_OF), day1, rows);
  });

  it("scores a column with more distinct texts than it remembers, each row as it would alone", () => {
    const rows = Array.from({ length: 9000 }, (_, i): Cell[] => [
      `€${i + 1}k`,
      i % 3 ? "Secured" : "Partial",
    ]);
    expectRowIndependent({ headers: ["Deal Value", "Financing"], rows }, defaultModel, AS_OF);
    // €1k .. €9,000k: a bigger deal never scores lower with the same financing.
    const s = scores({ headers: ["Deal Value", "Financing"], rows }, defaultModel, AS_OF);
    for (let i = 3; i < rows.length; i += 3) expect(s[i]!.score).to.be.at.least(s[i - 3]!.score);
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
    const c = qualifyTable(t, { model: defaultModel, asOf: AS_OF }).results;
    expect(c.verdict.map((v) => v !== null)).to.deep.equal([true, false, false, true]);
    expect(Number.isNaN(c.score[1])).to.be.true;
    expect(scoresAt(c, 1)).to.equal(null);
  });

  it("applies every knock-out rule of a model with many of them", () => {
    const knockouts = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `rule${i}`,
        { enabled: true, field: "developmentSize", above: 100 + 10 * i, reason: `over ${100 + 10 * i} pd` },
      ]),
    );
    const model = loadModel({ knockouts }, defaultModel);
    const rows = [[50], [150], [450], [495], [null], ["huge"]] as Cell[][];
    const t = { headers: ["Development Size (pd)"], rows };
    // 150 pd is above the first 5 limits (100–140), 450 pd above 35 (100–440), 495 pd above all 40; 50 pd, a
    // blank and an unreadable size trip none.
    const a = qualifyTable(t, { model, asOf: AS_OF, detail: "assessments" }).results.assessments!;
    expect(a.map((x) => x?.knockOuts.length ?? null)).to.deep.equal([0, 5, 35, 40, null, 0]);
    const verdicts = scores(t, model, AS_OF).map((s) => s?.verdict ?? null);
    expect([verdicts[1], verdicts[2], verdicts[3], verdicts[4]]).to.deep.equal([
      "Not qualified",
      "Not qualified",
      "Not qualified",
      null,
    ]);
    expect(a[2]!.rationale).to.match(/^Not qualified: over 100 pd; over 110 pd; /);
  });

  it("keeps two models and two days apart when their tables are scored interleaved", () => {
    const headers = [
      "Deal Value",
      "Response Due",
      "Financing",
      "Customization",
      "Solution Availability",
      "Roadmap Date",
    ];
    const rows: Cell[][] = Array.from({ length: 600 }, (_, i) => [
      `€${(i % 40) * 25 + 100}k`,
      `2027-0${1 + (i % 9)}-1${i % 10}`,
      ["Secured", "Partial", "Unsecured"][i % 3],
      ["Standard", "Configured", "Wholly bespoke"][i % 3],
      i % 4 ? "On roadmap" : "Available",
      i % 5 ? `Q${1 + (i % 4)} 2027` : null,
    ]);
    const t = { headers, rows };
    const strict = loadModel(
      { weights: { financing: 20 }, thresholds: { qualified: { minScore: 70 } } },
      defaultModel,
    );
    const cases = [
      { model: defaultModel, asOf: AS_OF },
      { model: strict, asOf: AS_OF + 90 },
      { model: defaultModel, asOf: AS_OF + 90 },
      { model: strict, asOf: AS_OF },
    ];
    // Each case alone, first, then all four interleaved chunk by chunk with their own qualifiers.
    const alone = cases.map((c) => qualifyTable(t, { ...c, detail: "rationale" }).results);
    const qualifiers = cases.map((c) => tableQualifier(headers, { ...c, detail: "rationale" }));
    const interleaved = cases.map(() => [] as (string | null)[]);
    const scoresOf = cases.map(() => [] as number[]);
    for (let from = 0; from < rows.length; from += 150)
      qualifiers.forEach((q, k) => {
        const r = q.rows(rows.slice(from, from + 150));
        interleaved[k].push(...r.rationale!);
        scoresOf[k].push(...r.score);
      });
    cases.forEach((_, k) => {
      expect(interleaved[k], `case ${k}`).to.deep.equal(alone[k].rationale);
      expect(scoresOf[k], `case ${k}`).to.deep.equal([...alone[k].score]);
    });
    // And they really differ: other model, other day.
    expect([...alone[0].score]).to.not.deep.equal([...alone[1].score]);
    expect([...alone[0].score]).to.not.deep.equal([...alone[2].score]);
  });
});

describe("model/plan: the memo of a field's texts", () => {
  const outcome = (n: number) => ({ n }) as unknown as Outcome;

  it("keeps the texts in use when a column of unique values fills it, and forgets the rest", () => {
    const memo = new Memo<string>();
    memo.put("Secured", outcome(-1));
    for (let i = 0; i < 4096; i++) memo.put(`deal ${i}`, outcome(i)); // "Secured" is now in the old generation
    expect(memo.young.has("Secured")).to.equal(false);
    expect(memo.get("Secured")).to.deep.equal(outcome(-1)); // found in the old one, and moved back to the young
    expect(memo.young.has("Secured")).to.equal(true);
    for (let i = 4096; i < 8200; i++) memo.put(`deal ${i}`, outcome(i));
    expect(memo.get("Secured")).to.deep.equal(outcome(-1)); // in use: it survived a second generation
    expect(memo.get("deal 0")).to.equal(undefined); // two generations old: forgotten
    expect(memo.aged("deal 8199")).to.equal(undefined); // aged() looks in the old generation only
    expect(memo.get("deal 8199")).to.deep.equal(outcome(8199));
  });
});

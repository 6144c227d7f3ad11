// The built functions.js, loaded in a vm as Excel's runtime loads it and called as Excel calls it: every
// result must equal the engine's for the same rows, in each input shape, and nothing may throw uncaught.
import { expect } from "chai";
import fc from "fast-check";
import {
  applySettings,
  assessTable,
  defaultModel,
  FIELDS,
  loadModel,
  outputRow,
  scoreTable,
  serialToIso,
  todaySerial,
  type Assessment,
  type Cell,
  type Scores,
  type ScoringModel,
} from "../../src/model/index";
import {
  buildOnce,
  call,
  ExcelError,
  loadFunctions,
  OUT_DIR,
  type LoadedFunctions,
} from "../../scripts/functions-bundle";
import { form, HEADERS, ROWS } from "./fixtures";

type Table = { headers: Cell[]; rows: Cell[][] };

// The engine's results for a table, laid out as a spill: one row per input row, blanks for empty rows.
function engineFull(
  t: Table,
  pick: (a: Assessment) => unknown[],
  width = 1,
  model: ScoringModel = defaultModel,
) {
  return assessTable(t, model, { asOf: todaySerial() }).results.map((a) =>
    a ? pick(a) : new Array(width).fill(""),
  );
}
function engineScores(t: Table, pick: (s: Scores) => unknown, model: ScoringModel = defaultModel) {
  return scoreTable(t, model, { asOf: todaySerial() }).results.map((s) => [s ? pick(s) : ""]);
}

const table: Table = { headers: HEADERS, rows: ROWS };

describe("functions.js in Excel's runtime (vm)", function () {
  let fns: LoadedFunctions;

  before(async function () {
    fns = loadFunctions(await buildOnce());
  });

  it("registers QUALIFY, RISKSCORE and EFFORT through the associate calls the metadata plugin adds", function () {
    expect(fns.associateCalls).to.deep.equal(["QUALIFY", "RISKSCORE", "EFFORT"]);
  });

  describe("shape (a): rows with a separate header row", function () {
    it("spills one verdict per row, blanks for empty rows, equal to the engine", function () {
      const out = call(fns, "QUALIFY", ROWS, [HEADERS], null, null);
      expect(out).to.deep.equal(engineFull(table, (a) => [a.verdict]));
      expect(out).to.have.length(ROWS.length);
      expect((out as unknown[][])[2]).to.deep.equal([""]);
    });

    for (const detail of ["score", "grade", "risk", "effort"] as const) {
      it(`detail "${detail}" gives the engine's ${detail} for each row`, function () {
        const pick = (s: Scores) => s[detail];
        expect(call(fns, "QUALIFY", ROWS, [HEADERS], detail, null)).to.deep.equal(engineScores(table, pick));
      });
    }

    it('detail "rationale" and "counterfactual" give the engine\'s words', function () {
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "rationale", null)).to.deep.equal(
        engineFull(table, (a) => [a.rationale]),
      );
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "counterfactual", null)).to.deep.equal(
        engineFull(table, (a) => [a.counterfactual ?? ""]),
      );
    });

    it('detail "all" spills the engine\'s six output columns per row, six blanks for an empty row', function () {
      const out = call(fns, "QUALIFY", ROWS, [HEADERS], "all", null) as unknown[][];
      expect(out).to.deep.equal(engineFull(table, (a) => [...outputRow(a)], 6));
      expect(out.every((r) => r.length === 6)).to.equal(true);
      expect(typeof out[0][1]).to.equal("number");
    });

    it("qualifies one table row (Pipeline[@]) to a single cell", function () {
      const out = call(fns, "QUALIFY", [ROWS[1]], [HEADERS], "score", null);
      expect(out).to.deep.equal(engineScores({ headers: HEADERS, rows: [ROWS[1]] }, (s) => s.score));
    });

    it("gives an empty result, not an error, for a blank row", function () {
      expect(call(fns, "QUALIFY", [ROWS[2]], [HEADERS], null, null)).to.deep.equal([[""]]);
      expect(call(fns, "RISKSCORE", [ROWS[6]], [HEADERS], null)).to.deep.equal([[""]]);
    });
  });

  describe("shape (b): a block whose first row is the headers", function () {
    it("gives the same results as rows plus headers", function () {
      for (const detail of ["verdict", "score", "all"]) {
        expect(call(fns, "QUALIFY", [HEADERS, ...ROWS], null, detail, null)).to.deep.equal(
          call(fns, "QUALIFY", ROWS, [HEADERS], detail, null),
        );
      }
    });

    it("treats a blank headers argument like an omitted one", function () {
      const blankHeaders = [HEADERS.map(() => null)];
      expect(call(fns, "QUALIFY", [HEADERS, ...ROWS], blankHeaders, null, null)).to.deep.equal(
        call(fns, "QUALIFY", [HEADERS, ...ROWS], null, null, null),
      );
    });

    it("reads a two-column table by its top row", function () {
      const block: Cell[][] = [
        ["Opportunity ID", "Deal Value"],
        ["A", 100000],
        ["B", 2500000],
      ];
      const out = call(fns, "QUALIFY", block, null, "score", null);
      expect(out).to.deep.equal(engineScores({ headers: block[0], rows: block.slice(1) }, (s) => s.score));
    });
  });

  describe("shape (c): a two-column label/value form", function () {
    it("gives one result equal to the engine's for the row the form holds", function () {
      for (const i of [0, 1, 3, 4, 5]) {
        const expected = engineFull({ headers: HEADERS, rows: [ROWS[i]] }, (a) => [...outputRow(a)], 6);
        expect(call(fns, "QUALIFY", form(ROWS[i]), null, "all", null)).to.deep.equal(expected);
      }
    });

    it("ignores a title row such as Field | Value", function () {
      const titled = [["Field", "Value"], ...form(ROWS[0])];
      expect(call(fns, "QUALIFY", titled, null, "rationale", null)).to.deep.equal(
        call(fns, "QUALIFY", form(ROWS[0]), null, "rationale", null),
      );
    });

    it("works for RISKSCORE and EFFORT too", function () {
      const one = { headers: HEADERS, rows: [ROWS[1]] };
      expect(call(fns, "RISKSCORE", form(ROWS[1]), null, null)).to.deep.equal(
        engineScores(one, (s) => s.risk),
      );
      expect(call(fns, "EFFORT", form(ROWS[1]), null, null)).to.deep.equal(
        engineScores(one, (s) => s.effort),
      );
    });
  });

  describe("values as Excel sends them", function () {
    const idx = (h: string) => HEADERS.indexOf(h);

    it("reads a date serial as the same date typed as text", function () {
      const serialRow = ROWS[0].slice();
      const textRow = ROWS[0].slice();
      const due = todaySerial() + 5;
      serialRow[idx("Close Date")] = due;
      textRow[idx("Close Date")] = serialToIso(due);
      const out = call(fns, "QUALIFY", [serialRow, textRow], [HEADERS], "rationale", null) as unknown[][];
      expect(out[0]).to.deep.equal(out[1]);
      expect(out).to.deep.equal(
        engineFull({ headers: HEADERS, rows: [serialRow, textRow] }, (a) => [a.rationale]),
      );
    });

    it("reads currency and percentages sent as plain numbers like their formatted text", function () {
      const plain = ROWS[0].slice();
      plain[idx("Amount")] = 1_200_000;
      plain[idx("Margin %")] = 0.32;
      const out = call(fns, "QUALIFY", [plain, ROWS[0]], [HEADERS], "all", null) as unknown[][];
      expect(out[0]).to.deep.equal(out[1]);
    });

    it("reads rich values (formatted numbers, entities) by their basic value", function () {
      const rich: unknown[] = ROWS[0].slice();
      rich[idx("Amount")] = { type: "FormattedNumber", basicValue: 1_200_000, numberFormat: "$#,##0" };
      rich[idx("Account")] = { type: "Entity", text: "Acme Telecom", properties: {} };
      rich[idx("Budget")] = { type: "String", basicValue: "Secured" };
      const plain = ROWS[0].slice();
      plain[idx("Amount")] = 1_200_000;
      expect(call(fns, "QUALIFY", [rich], [HEADERS], "all", null)).to.deep.equal(
        call(fns, "QUALIFY", [plain], [HEADERS], "all", null),
      );
    });

    it("explains messy text instead of failing on it", function () {
      const out = call(fns, "QUALIFY", [ROWS[5]], [HEADERS], "rationale", null) as unknown[][];
      expect(out).to.deep.equal(engineFull({ headers: HEADERS, rows: [ROWS[5]] }, (a) => [a.rationale]));
      expect(String(out[0][0])).to.contain("not recognised");
    });

    it("treats omitted optional arguments (null or undefined) alike", function () {
      const withNulls = call(fns, "QUALIFY", ROWS, [HEADERS], null, null);
      expect(fns.byId.get("QUALIFY")!(ROWS, [HEADERS])).to.deep.equal(withNulls);
      expect(call(fns, "EFFORT", [HEADERS, ...ROWS], null, null)).to.deep.equal(
        fns.byId.get("EFFORT")!([HEADERS, ...ROWS]),
      );
    });

    it("accepts detail in any case and with spaces", function () {
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "  Score ", null)).to.deep.equal(
        call(fns, "QUALIFY", ROWS, [HEADERS], "score", null),
      );
    });
  });

  describe('detail "card"', function () {
    it("returns an entity per row where the host supports CustomFunctionsRuntime 1.4", function () {
      const withCards = loadFunctions(OUT_DIR, true);
      const out = call(withCards, "QUALIFY", ROWS, [HEADERS], "card", null) as unknown[][];
      const expected = assessTable(table, defaultModel, { asOf: todaySerial() }).results;
      out.forEach((row, i) => {
        const a = expected[i];
        if (!a) return expect(row).to.deep.equal([""]);
        const entity = row[0] as {
          type: string;
          text: string;
          properties: Record<string, { basicValue?: unknown; elements?: unknown[][] }>;
        };
        expect(entity.type).to.equal("Entity");
        expect(entity.text).to.equal(a.verdict);
        expect(entity.properties.Score.basicValue).to.equal(a.score);
        expect(entity.properties.Risk.basicValue).to.equal(a.risk.total);
        expect(entity.properties["Effort (pd)"].basicValue).to.equal(a.effort.total);
        expect(entity.properties.Rationale.basicValue).to.equal(a.rationale);
        expect(entity.properties.Drivers.elements).to.have.length(a.drivers.length);
        if (a.counterfactual)
          expect(entity.properties["What would change it"].basicValue).to.equal(a.counterfactual);
      });
    });

    for (const support of [false, "absent", "throws"] as const) {
      it(`falls back to the verdict text when entity support is ${String(support)}`, function () {
        const plain = loadFunctions(OUT_DIR, support);
        expect(call(plain, "QUALIFY", ROWS, [HEADERS], "card", null)).to.deep.equal(
          engineFull(table, (a) => [a.verdict]),
        );
      });
    }
  });

  describe("the model argument", function () {
    const settings: Cell[][] = [
      ["Setting", "Value"],
      ["weights.financing", 30],
      [null, null],
      ["weights.dealValue", "2"],
    ];

    it("applies a setting/value range over the default model, as the engine does", function () {
      const model = applySettings(defaultModel, settings);
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "all", settings)).to.deep.equal(
        engineFull(table, (a) => [...outputRow(a)], 6, model),
      );
      expect(call(fns, "RISKSCORE", ROWS, [HEADERS], settings)).to.deep.equal(
        engineScores(table, (s) => s.risk, model),
      );
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "score", settings)).to.not.deep.equal(
        call(fns, "QUALIFY", ROWS, [HEADERS], "score", null),
      );
    });

    it("applies JSON text over the default model", function () {
      const json = '{"weights":{"financing":30,"dealValue":2}}';
      const model = loadModel(JSON.parse(json), defaultModel);
      expect(call(fns, "EFFORT", ROWS, [HEADERS], [[json]])).to.deep.equal(
        engineScores(table, (s) => s.effort, model),
      );
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "score", [[json]])).to.deep.equal(
        call(fns, "QUALIFY", ROWS, [HEADERS], "score", settings),
      );
    });

    it("gives #VALUE! naming the setting that is wrong", function () {
      const out = call(fns, "QUALIFY", ROWS, [HEADERS], null, [
        ["weights.financing", "lots"],
        ["weights.nonsense", 3],
      ]);
      expect(out).to.be.instanceOf(ExcelError);
      const err = out as ExcelError;
      expect(err.code).to.equal("#VALUE!");
      expect(err.message).to.contain("weights.financing");
      expect(err.message).to.contain("weights.nonsense");
    });

    it("gives #VALUE! for JSON that does not parse, or a range that is not two columns", function () {
      for (const bad of [[["{weights: 1"]], [["financing"]], [["a", "b", "c"]]]) {
        const out = call(fns, "QUALIFY", ROWS, [HEADERS], null, bad);
        expect(out, JSON.stringify(bad)).to.be.instanceOf(ExcelError);
        expect((out as ExcelError).message).to.match(/model/i);
      }
    });

    it("uses the default model for a blank model range", function () {
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "score", [[null, null]])).to.deep.equal(
        call(fns, "QUALIFY", ROWS, [HEADERS], "score", null),
      );
    });
  });

  describe("unusable input gives #VALUE! with a message", function () {
    const expectError = (out: unknown, pattern: RegExp) => {
      expect(out).to.be.instanceOf(ExcelError);
      expect((out as ExcelError).code).to.equal("#VALUE!");
      expect((out as ExcelError).message).to.match(pattern);
    };

    it("headers that name no field", function () {
      expectError(
        call(fns, "QUALIFY", [[1, 2, 3]], [["Foo", "Bar", "Baz"]], null, null),
        /No opportunity fields found in: Foo, Bar, Baz/,
      );
      expectError(
        call(
          fns,
          "RISKSCORE",
          [
            ["Foo", "Bar", "Baz"],
            [1, 2, 3],
          ],
          null,
          null,
        ),
        /Foo, Bar, Baz/,
      );
    });

    it("headers whose width differs from the rows'", function () {
      expectError(call(fns, "EFFORT", ROWS, [HEADERS.slice(1)], null), /21 columns.*22/);
    });

    it("an unknown detail", function () {
      expectError(call(fns, "QUALIFY", ROWS, [HEADERS], "everything", null), /Unknown detail "everything"/);
    });

    it("a header-only block", function () {
      expectError(call(fns, "QUALIFY", [HEADERS], null, null, null), /header row/);
    });

    it("never throws anything but CustomFunctions.Error, whatever it is given", function () {
      const cell = fc.oneof(
        fc.constant(null),
        fc.string({ maxLength: 12 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constantFrom(...HEADERS.slice(0, 8)),
        fc.constant({ type: "Error", errorType: "Value", basicValue: "#VALUE!" }),
        fc.constant({ type: "Entity", text: "x" }),
      );
      const matrix = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 });
      const optional = fc.oneof(fc.constant(null), matrix);
      fc.assert(
        fc.property(matrix, optional, fc.oneof(fc.constant(null), fc.string()), optional, (o, h, d, m) => {
          for (const [id, args] of [
            ["QUALIFY", [o, h, d, m]],
            ["RISKSCORE", [o, h, m]],
            ["EFFORT", [o, h, m]],
          ] as const) {
            const out = call(fns, id, ...args);
            if (!(out instanceof ExcelError)) expect(Array.isArray(out)).to.equal(true);
          }
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("property: the formulas' numbers are the engine's", function () {
    const words = FIELDS.flatMap((f) => [
      ...(f.levels ?? []).flatMap((l) => [l.label, ...l.synonyms]),
      ...Object.keys(f.words ?? {}),
    ]);
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(""),
      fc.constantFrom(...words, "TBD", "$1.2M", "25%", "3 years", "Q3 2027", "yes", "no", "€ 40k"),
      fc.integer({ min: 0, max: 5_000_000 }),
      fc.double({ min: -2, max: 2, noNaN: true }),
      fc.integer({ min: todaySerial() - 400, max: todaySerial() + 800 }),
      fc.boolean(),
      fc.string({ maxLength: 10 }),
    );
    const row = fc.array(value, { minLength: HEADERS.length, maxLength: HEADERS.length });

    it("QUALIFY score, RISKSCORE and EFFORT equal scoreOpportunity for random rows", function () {
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
          const t = { headers: HEADERS, rows };
          expect(call(fns, "QUALIFY", rows, [HEADERS], "score", null)).to.deep.equal(
            engineScores(t, (s) => s.score),
          );
          expect(call(fns, "RISKSCORE", rows, [HEADERS], null)).to.deep.equal(engineScores(t, (s) => s.risk));
          expect(call(fns, "EFFORT", [HEADERS, ...rows], null, null)).to.deep.equal(
            engineScores(t, (s) => s.effort),
          );
        }),
        { numRuns: 200 },
      );
    });
  });
});

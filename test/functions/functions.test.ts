// The built functions.js, loaded in a vm as Excel's runtime loads it (on a fixed clock, the golden day) and called
// as Excel calls it: on the example pipeline every result must be the golden one (test/golden/pipeline.jsonl), each
// input shape must give what the others give, and nothing may throw uncaught.
import { expect } from "chai";
import fc from "fast-check";
import { defaultModel, FIELDS, serialToIso, type Cell } from "../../src/model/index";
import {
  buildOnce,
  call,
  ExcelError,
  loadFunctions,
  OUT_DIR,
  type LoadedFunctions,
} from "../../scripts/functions-bundle";
import {
  GOLDEN_AS_OF,
  GOLDEN_NOON,
  outputsOf,
  pipelineAsExcelPasses,
  readGolden,
} from "../golden/pipeline-golden";
import { form, HEADERS, ROWS } from "./fixtures";

const golden = readGolden();
const defaultWeights = defaultModel.weights as Record<string, number>;
const column = (i: number) => golden.map((g) => [outputsOf(g)[i]]);

describe("functions.js in Excel's runtime (vm)", function () {
  let fns: LoadedFunctions;
  let P: Cell[]; // the example pipeline's header row, as Excel passes it
  let PR: Cell[][]; // its data rows

  before(async function () {
    fns = loadFunctions(await buildOnce(), "absent", false, GOLDEN_NOON);
    [P, ...PR] = await pipelineAsExcelPasses();
  });

  it("registers QUALIFY, RISKSCORE and EFFORT through the associate calls the metadata plugin adds", function () {
    expect(fns.associateCalls).to.deep.equal(["QUALIFY", "RISKSCORE", "EFFORT"]);
  });

  describe("shape (a): rows with a separate header row", function () {
    it("spills one verdict per row: the golden verdicts", function () {
      expect(call(fns, "QUALIFY", PR, [P], null, null)).to.deep.equal(column(0));
    });

    (["score", "grade", "risk", "effort", "confidence", "rationale", "next"] as const).forEach(
      (detail, k) => {
        it(`detail "${detail}" gives the golden ${detail} for each row`, function () {
          expect(call(fns, "QUALIFY", PR, [P], detail, null)).to.deep.equal(column(k + 1));
        });
      },
    );

    it('detail "counterfactual" gives the golden words, empty for qualified rows', function () {
      expect(call(fns, "QUALIFY", PR, [P], "counterfactual", null)).to.deep.equal(
        golden.map((g) => [g.counterfactual ?? ""]),
      );
    });

    it('detail "all" spills the eight golden output columns per row, eight blanks for an empty row', function () {
      expect(call(fns, "QUALIFY", PR, [P], "all", null)).to.deep.equal(golden.map(outputsOf));
      const out = call(fns, "QUALIFY", ROWS, [HEADERS], "all", null) as unknown[][];
      expect(out.every((r) => r.length === 8)).to.equal(true);
      expect(out[2]).to.deep.equal(["", "", "", "", "", "", "", ""]);
      expect(typeof out[0][1]).to.equal("number");
    });

    it("qualifies one table row (Pipeline[@]) to a single cell", function () {
      expect(call(fns, "QUALIFY", [PR[6]], [P], "score", null)).to.deep.equal([[golden[6].score]]);
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
      expect(out).to.deep.equal(call(fns, "QUALIFY", block.slice(1), [block[0]], "score", null));
      expect((out as number[][]).map((r) => typeof r[0])).to.deep.equal(["number", "number"]);
    });
  });

  describe("shape (c): a two-column label/value form", function () {
    it("gives one result: the golden one for the row the form holds", function () {
      for (const i of [0, 1, 6, 13, 29, 49]) {
        const pipelineForm = P.map((h, c) => [h, PR[i][c]]);
        expect(call(fns, "QUALIFY", pipelineForm, null, "all", null), `row ${i + 2}`).to.deep.equal([
          outputsOf(golden[i]),
        ]);
      }
      for (const i of [0, 1, 3, 4, 5]) {
        expect(call(fns, "QUALIFY", form(ROWS[i]), null, "all", null)).to.deep.equal(
          call(fns, "QUALIFY", [ROWS[i]], [HEADERS], "all", null),
        );
      }
    });

    it("ignores a title row such as Field | Value", function () {
      const titled = [["Field", "Value"], ...form(ROWS[0])];
      expect(call(fns, "QUALIFY", titled, null, "rationale", null)).to.deep.equal(
        call(fns, "QUALIFY", form(ROWS[0]), null, "rationale", null),
      );
    });

    it("works for RISKSCORE and EFFORT too", function () {
      const pipelineForm = P.map((h, c) => [h, PR[1][c]]);
      expect(call(fns, "RISKSCORE", pipelineForm, null, null)).to.deep.equal([[golden[1].risk]]);
      expect(call(fns, "EFFORT", pipelineForm, null, null)).to.deep.equal([[golden[1].effort]]);
    });
  });

  describe("values as Excel sends them", function () {
    const idx = (h: string) => HEADERS.indexOf(h);

    it("reads a date serial as the same date typed as text", function () {
      const serialRow = ROWS[0].slice();
      const textRow = ROWS[0].slice();
      const due = GOLDEN_AS_OF + 5;
      serialRow[idx("Close Date")] = due;
      textRow[idx("Close Date")] = serialToIso(due);
      const out = call(fns, "QUALIFY", [serialRow, textRow], [HEADERS], "rationale", null) as unknown[][];
      expect(out[0]).to.deep.equal(out[1]);
      expect(String(out[0][0])).to.contain("Response due in 5 days");
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
      expect(String(out[0][0])).to.match(/^Needs information: /);
      expect(String(out[0][0])).to.contain("Deal Value 'about a million' not recognised");
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
      const withCards = loadFunctions(OUT_DIR, true, false, GOLDEN_NOON);
      const out = call(withCards, "QUALIFY", PR, [P], "card", null) as unknown[][];
      out.forEach((row, i) => {
        const g = golden[i];
        const entity = row[0] as {
          type: string;
          text: string;
          properties: Record<string, { basicValue?: unknown; elements?: unknown[][] }>;
        };
        expect(entity.type).to.equal("Entity");
        expect(entity.text).to.equal(g.verdict);
        expect(entity.properties.Score.basicValue).to.equal(g.score);
        expect(entity.properties.Risk.basicValue).to.equal(g.risk);
        expect(entity.properties["Effort (pd)"].basicValue).to.equal(g.effort);
        expect(entity.properties.Rationale.basicValue).to.equal(g.rationale);
        const drivers = entity.properties.Drivers.elements as { basicValue: unknown }[][];
        expect(drivers.map((e) => [e[1].basicValue, e[2].basicValue])).to.deep.equal(
          g.drivers.map(([, points, , reason]) => [points, reason]),
        );
        expect(entity.properties["Confidence (%)"].basicValue).to.equal(g.confidence);
        expect(entity.properties["Next step"]?.basicValue).to.equal(g.nextStep ?? undefined);
      });
    });

    for (const support of [false, "absent", "throws"] as const) {
      it(`falls back to the verdict text when entity support is ${String(support)}`, function () {
        const plain = loadFunctions(OUT_DIR, support, false, GOLDEN_NOON);
        expect(call(plain, "QUALIFY", PR, [P], "card", null)).to.deep.equal(column(0));
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

    // Every weight but financing set to 0: the score is then 50 + 100 × (financing goodness − 0.5), from the
    // default model's financing levels (secured 1, partial 0.5, unsecured 0, missing or unreadable 0.3).
    const onlyFinancing: Cell[][] = [
      ["Setting", "Value"],
      ...Object.keys(defaultWeights).map((k): Cell[] => [`weights.${k}`, k === "financing" ? 1 : 0]),
    ];

    it("applies a setting/value range over the default model", function () {
      const rows: Cell[][] = [["Secured"], ["Partial"], ["Unsecured"], ["TBD"], ["maybe"]];
      expect(call(fns, "QUALIFY", rows, [["Budget"]], "score", onlyFinancing)).to.deep.equal([
        [100],
        [50],
        [0],
        [30],
        [30],
      ]);
      expect(call(fns, "QUALIFY", ROWS, [HEADERS], "all", settings)).to.not.deep.equal(
        call(fns, "QUALIFY", ROWS, [HEADERS], "all", null),
      );
    });

    it("applies JSON text over the default model, as the same settings in a range", function () {
      const json = '{"weights":{"financing":30,"dealValue":2}}';
      for (const detail of ["score", "all"]) {
        expect(call(fns, "QUALIFY", ROWS, [HEADERS], detail, [[json]])).to.deep.equal(
          call(fns, "QUALIFY", ROWS, [HEADERS], detail, settings),
        );
      }
      expect(call(fns, "EFFORT", ROWS, [HEADERS], [[json]])).to.deep.equal(
        call(fns, "EFFORT", ROWS, [HEADERS], settings),
      );
      const zero = JSON.stringify({
        weights: Object.fromEntries(Object.keys(defaultWeights).map((k) => [k, k === "financing" ? 1 : 0])),
      });
      expect(
        call(fns, "QUALIFY", [["Unsecured"], ["Secured"]], [["Budget"]], "score", [[zero]]),
      ).to.deep.equal([[0], [100]]);
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

  describe("property: every detail tells the same story", function () {
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
      fc.integer({ min: GOLDEN_AS_OF - 400, max: GOLDEN_AS_OF + 800 }),
      fc.boolean(),
      fc.string({ maxLength: 10 }),
    );
    const row = fc.array(value, { minLength: HEADERS.length, maxLength: HEADERS.length });

    it('QUALIFY\'s verdict, score, grade, risk, effort, confidence, rationale and next step spills are the columns of its "all" spill', function () {
      fc.assert(
        fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
          const all = call(fns, "QUALIFY", rows, [HEADERS], "all", null) as unknown[][];
          const col = (i: number) => all.map((r) => [r[i]]);
          expect(call(fns, "QUALIFY", rows, [HEADERS], null, null)).to.deep.equal(col(0));
          expect(call(fns, "QUALIFY", rows, [HEADERS], "score", null)).to.deep.equal(col(1));
          expect(call(fns, "QUALIFY", rows, [HEADERS], "grade", null)).to.deep.equal(col(2));
          expect(call(fns, "RISKSCORE", rows, [HEADERS], null)).to.deep.equal(col(3));
          expect(call(fns, "EFFORT", [HEADERS, ...rows], null, null)).to.deep.equal(col(4));
          expect(call(fns, "QUALIFY", rows, [HEADERS], "confidence", null)).to.deep.equal(col(5));
          expect(call(fns, "QUALIFY", rows, [HEADERS], "rationale", null)).to.deep.equal(col(6));
          expect(call(fns, "QUALIFY", rows, [HEADERS], "next", null)).to.deep.equal(col(7));
        }),
        { numRuns: 200 },
      );
    });
  });
});

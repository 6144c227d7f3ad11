import { expect } from "chai";
import fc from "fast-check";
import { dateToSerial, parseCell, serialToIso, type FieldKey, type FieldValue } from "../../src/model";
import { fieldSpec, FIELDS } from "../../src/model/fields";
import { quickNumber } from "../../src/model/parse";

const value = (field: FieldKey, cell: Parameters<typeof parseCell>[1]) => {
  const v = parseCell(field, cell);
  return v.status === "ok" ? v.value : v.status;
};

describe("value parsing", () => {
  it("reads deal values as analysts type them", () => {
    expect(value("dealValue", 1200000)).to.equal(1200000);
    expect(value("dealValue", "$1.2M")).to.equal(1200000);
    expect(value("dealValue", "1,200,000")).to.equal(1200000);
    expect(value("dealValue", "€950k")).to.equal(950000);
    expect(value("dealValue", "1.2 m")).to.equal(1200000);
    expect(value("dealValue", "EUR 2.5bn")).to.equal(2.5e9);
    expect(value("dealValue", "1.200.000")).to.equal(1200000);
    expect(value("dealValue", "1 200 000,50")).to.equal(1200000.5);
    expect(value("dealValue", "-5000")).to.equal("unrecognised");
    expect(value("dealValue", "lots")).to.equal("unrecognised");
  });

  it("reads tricky numbers to the exact value, whichever of its paths reads them", () => {
    const cases: [FieldKey, string, number | string][] = [
      ["dealValue", "1,200,000", 1_200_000],
      ["dealValue", "€2.5M", 2_500_000],
      ["dealValue", "1.2e3", 1200],
      ["dealValue", "1e3", 1000],
      ["dealValue", " 42 ", 42],
      ["dealValue", "007", 7],
      ["dealValue", "1,2", 1.2],
      ["dealValue", "12,5", 12.5],
      ["dealValue", "1.200", 1.2], // one point: a decimal point, not a thousands mark
      ["dealValue", "1.200.000,5", 1_200_000.5],
      ["dealValue", "$ 1 234 k", 1_234_000],
      ["dealValue", "EUR 1.234.567", 1_234_567],
      ["dealValue", "£0.1m", 100_000],
      ["dealValue", "1,200.", 1200], // a stray point at the end, as the general rule reads it
      ["margin", " 42 ", 0.42],
      ["margin", "1.2e3", "unrecognised"], // 1,200 % is no margin
      ["rfpQuestions", "1,234", 1234],
      ["developmentSize", "1,234", 1234],
      ["responseDue", "2027-03-15", 46461],
      ["responseDue", "46000", 46000],
      ["responseDue", "2027", 46752], // a year is its last day
      ["responseDue", "15/03/2027", 46461],
      ["responseDue", "03/04/2027", "unrecognised"], // March or April: not guessed
      ["responseDue", "Q3 2027", 46660],
      ["roadmapDate", "31 Mar 2027", 46477],
    ];
    for (const [field, text, expected] of cases)
      expect(value(field, text), `${field} ${JSON.stringify(text)}`).to.equal(expected);
    // "-0" reads as negative zero where the general rule reads it (pinned: a faster path must read it the same),
    // and not at all as a count, which takes no sign.
    expect(Object.is(value("dealValue", "-0"), -0)).to.equal(true);
    expect(Object.is(value("margin", "-0"), -0)).to.equal(true);
    expect(value("rfpQuestions", "-0")).to.equal("unrecognised");
  });

  it("reads each kind's numbers up to its largest, and no further, as number cells and as text", () => {
    const edges: [FieldKey, number, number][] = [
      ["dealValue", 1e15, 1.000001e15], // money
      ["rfpQuestions", 1e6, 1_000_001], // count
      ["developmentSize", 1e7, 10_000_001], // days
      ["commitment", 1e4, 10_001], // months
      ["strategicImportance", 5, 5.5], // scale: 1–5
    ];
    for (const [field, largest, beyond] of edges) {
      for (const cell of [largest, String(largest)])
        expect(value(field, cell), `${field} ${cell}`).to.equal(largest);
      for (const cell of [beyond, String(beyond)])
        expect(value(field, cell), `${field} ${cell}`).to.equal("unrecognised");
    }
    expect(value("strategicImportance", 0.5)).to.equal("unrecognised");
    expect(value("margin", -1)).to.equal(-1); // a margin may be negative, to -100 %
    expect(value("probability", -0.01)).to.equal("unrecognised"); // other percentages may not
    expect(value("responseDue", 2958465)).to.equal(2958465); // 9999-12-31
    expect(value("responseDue", 2958466)).to.equal("unrecognised");
    expect(value("interactions", Infinity)).to.equal("unrecognised");
  });

  it("reads a text past the memo (the plan's quick number) exactly as the full parser reads it", () => {
    const numeric = FIELDS.filter((f) => f.kind !== "text" && f.kind !== "level" && f.kind !== "boolean");
    const piece = fc.constantFrom(
      ..."0123456789012345.,, '-+%e$€£kKmMb".split(""),
      "\u00a0",
      "EUR ",
      "usd ",
      "bn",
      "mio",
      "million",
      " pd",
      "000",
      ",000",
      ".000",
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 10 }).map((xs) => xs.join(""));
    let quick = 0;
    fc.assert(
      fc.property(fc.constantFrom(...numeric), text, (f, t) => {
        const n = quickNumber(fieldSpec(f.key), t);
        if (n !== n) return; // not a quick number: the full parser reads it
        quick++;
        const v = parseCell(f.key, t);
        expect(v.status, `${f.key} ${JSON.stringify(t)}`).to.equal("ok");
        expect(Object.is((v as { value: number }).value, n), `${f.key} ${JSON.stringify(t)}`).to.equal(true);
      }),
      { numRuns: 5000 },
    );
    expect(quick).to.be.greaterThan(100); // the shortcut was taken often enough to mean something
  });

  it("reads percentages: fractions, percent signs, and numbers above 1 as percent", () => {
    expect(value("margin", 0.25)).to.equal(0.25);
    expect(value("margin", "25%")).to.equal(0.25);
    expect(value("margin", 25)).to.equal(0.25);
    expect(value("margin", "25")).to.equal(0.25);
    expect(value("margin", "-5%")).to.be.closeTo(-0.05, 1e-12);
    expect(value("margin", "250%")).to.equal("unrecognised");
    expect(value("resources", "High")).to.equal(0.9);
    expect(value("resources", "40%")).to.equal(0.4);
    expect(value("requirementsClarity", "medium")).to.equal(0.6);
  });

  it("reads 1–5 scales and the words placed on them", () => {
    expect(value("strategicImportance", 4)).to.equal(4);
    expect(value("strategicImportance", "Critical")).to.equal(5);
    expect(value("strategicImportance", "4/5")).to.equal(4);
    expect(value("customerImportance", "Strategic")).to.equal(5);
    expect(value("customerImportance", "new")).to.equal(1);
    expect(value("widerApplication", 7)).to.equal("unrecognised");
  });

  it("reads levels by label and synonym, ignoring case and punctuation", () => {
    expect(value("customization", "Wholly bespoke")).to.equal("whollyBespoke");
    expect(value("customization", "fully-bespoke")).to.equal("whollyBespoke");
    expect(value("customization", "PARTIALLY BESPOKE")).to.equal("partiallyBespoke");
    expect(value("solutionAvailability", "Capacity constrained")).to.equal("capacityConstrained");
    expect(value("solutionAvailability", "on the roadmap")).to.equal("onRoadmap");
    expect(value("financing", "Secured")).to.equal("secured");
    expect(value("financing", "maybe")).to.equal("unrecognised");
  });

  it("reads booleans in every form Excel users type them", () => {
    for (const yes of ["Yes", "Y", "TRUE", "1", true, 1]) expect(value("rfp", yes)).to.equal("yes");
    for (const no of ["No", "n", "FALSE", "0", false, 0]) expect(value("rfp", no)).to.equal("no");
    expect(value("rfp", "perhaps")).to.equal("unrecognised");
  });

  it("reads durations with units", () => {
    expect(value("commitment", 36)).to.equal(36);
    expect(value("commitment", "36m")).to.equal(36);
    expect(value("commitment", "3 years")).to.equal(36);
    expect(value("developmentSize", "120 pd")).to.equal(120);
    expect(value("developmentSize", "6 weeks")).to.equal(30);
    expect(value("competition", 3)).to.equal(3);
    expect(value("competition", "High")).to.equal(4);
    expect(value("rfpQuestions", "85 questions")).to.equal(85);
  });

  it("reads dates as serials, ISO text, Date objects, quarters and months", () => {
    const serial = dateToSerial(new Date(Date.UTC(2027, 2, 31)));
    expect(serialToIso(serial)).to.equal("2027-03-31");
    expect(value("roadmapDate", serial)).to.equal(serial);
    expect(value("roadmapDate", "2027-03-31")).to.equal(serial);
    expect(value("roadmapDate", new Date(Date.UTC(2027, 2, 31)))).to.equal(serial);
    expect(value("roadmapDate", "Q1 2027")).to.equal(serial);
    expect(value("roadmapDate", "Mar 2027")).to.equal(serial);
    expect(value("roadmapDate", "31/03/2027")).to.equal(serial);
    expect(value("roadmapDate", "31 March 2027")).to.equal(serial);
    expect(value("roadmapDate", "03/04/2027")).to.equal("unrecognised"); // March or April? refuse to guess
    expect(value("roadmapDate", "2027-02-30")).to.equal("unrecognised");
  });

  it("treats blanks and placeholders as missing, Excel errors and odd types as unrecognised", () => {
    for (const blank of [null, undefined, "", "   ", "TBD", "n/a", "-"])
      expect(value("financing", blank)).to.equal("missing");
    const err = parseCell("dealValue", "#N/A") as Extract<FieldValue, { status: "unrecognised" }>;
    expect(err).to.deep.equal({ status: "unrecognised", raw: "#N/A" });
    expect(parseCell("dealValue", { error: "#DIV/0!" })).to.deep.equal({
      status: "unrecognised",
      raw: "#DIV/0!",
    });
    expect(value("dealValue", true)).to.equal("unrecognised");
    expect(value("dealValue", Number.NaN)).to.equal("unrecognised");
    const long = parseCell("financing", "x".repeat(100_000)) as Extract<
      FieldValue,
      { status: "unrecognised" }
    >;
    expect(long.raw.length).to.be.at.most(60);
  });

  it("never throws, whatever the cell holds", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date(),
      fc.record({ error: fc.string() }),
    );
    const field = fc.constantFrom<FieldKey>(
      "dealValue",
      "margin",
      "customization",
      "roadmapDate",
      "rfp",
      "competition",
      "commitment",
      "id",
    );
    fc.assert(
      fc.property(field, cell, (f, c) => {
        const v = parseCell(f, c as never);
        expect(["ok", "missing", "unrecognised"]).to.include(v.status);
      }),
      { numRuns: 5000 },
    );
  });
});

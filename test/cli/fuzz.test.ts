// Fuzzing the CLI's file handling (issue 11): thousands of generated CSV and xlsx files — random structure, random
// encodings, random bytes changed in them — scored through runScore. Each must give a result or one error naming
// the file; no user cell may change; no temporary file may be left. Files are small so the run stays short.
import { expect } from "chai";
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { defaultModel, OUTPUT_COLUMNS, ProblemError, type Cell } from "../../src/model";
import { runScore } from "../../src/cli/main";
import { CliError, scoreCsvStream, scoreWorkbook } from "../../src/cli/score";
import { nodeCodec } from "../../src/cli/codec";
import { readCsv } from "../../src/files/csv";
import { openWorkbook } from "../../src/files/xlsx";
import { buildWorkbook, type FixtureCell } from "../files/fixtures";
import { encodeAs, type EncodingName } from "../files/encodings";

const CSV_RUNS = Number(process.env.FUZZ_CSV ?? 8000);
const XLSX_RUNS = Number(process.env.FUZZ_XLSX ?? 2000);

const HEADERS = [
  "Opportunity ID",
  "Deal Value",
  "Financing",
  "Customer",
  "Solution Availability",
  "Margin %",
  "Notes",
  "Verdict",
  "Score",
  "",
  "Amount",
];
const WORDS = [
  "Secured",
  "Partial",
  "€2.5M",
  "1200000",
  "=1+1",
  "'=x",
  "+44 20",
  "-2+3",
  "@SUM(A1)",
  "Société",
  "",
];

// Text a user might type, and text nobody would: delimiters, quotes, line breaks, controls, non-Latin letters.
const cellText = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({
    unit: fc.constantFrom("a", "é", "€", ",", ";", "\t", '"', "\n", "\r", " ", "=", "'", "ü"),
    maxLength: 8,
  }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

const headerText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HEADERS) },
  { weight: 1, arbitrary: cellText },
);

const table = fc.integer({ min: 1, max: 5 }).chain((w) =>
  fc.record({
    headers: fc.array(headerText, { minLength: w, maxLength: w }),
    rows: fc.array(fc.array(cellText, { minLength: 0, maxLength: w + 1 }), { maxLength: 5 }),
  }),
);

/** Random changes to bytes: none mostly, else a few bytes set at random places, or the file cut short. */
const damage = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as [number, number][]) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constant(-1), fc.nat()).map((t) => [t]) },
);

function damaged(bytes: Uint8Array, changes: [number, number][]): Uint8Array {
  let out = bytes.slice();
  for (const [at, value] of changes) {
    if (out.length === 0) break;
    if (at < 0) out = out.subarray(0, value % out.length);
    else out[at % out.length] = value;
  }
  return out;
}

const CP1252 = /^[\x00-\x7f\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;

function csvBytes(
  t: { headers: string[]; rows: string[][] },
  d: string,
  nl: string,
  enc: EncodingName,
  bom: boolean,
  sep: boolean,
) {
  const q = (f: string) => (/[",;\t\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
  let text = [t.headers, ...t.rows].map((r) => r.map(q).join(d)).join(nl) + nl;
  if (sep) text = `sep=${d}${nl}${text}`;
  if (enc === "windows-1252" && !CP1252.test(text)) enc = "utf-8";
  return encodeAs(enc, text, bom && enc !== "windows-1252").bytes;
}

let dir = "";

function scoreCsv(bytes: Uint8Array, opts: Parameters<typeof scoreCsvStream>[2]) {
  const pieces: Uint8Array[] = [];
  const r = scoreCsvStream(
    () => [bytes],
    (b) => pieces.push(b),
    opts,
  );
  return { ...r, output: new Uint8Array(Buffer.concat(pieces)) };
}
let n = 0;

/**
 * Scores the bytes: one case in ten through the CLI's runScore on a real file (the error must name the file and
 * no temporary file may be left), the others through the same scoring in memory, where the error must be a
 * problem the catalogue words in one line.
 */
function score(
  name: string,
  bytes: Uint8Array,
): { input: Uint8Array; output: Uint8Array | null; where: string } {
  if (n++ % 10 !== 0) {
    const opts = { model: defaultModel, asOf: 46000, codec: nodeCodec };
    try {
      const r = name.endsWith(".csv") ? scoreCsv(bytes, opts) : scoreWorkbook(bytes, opts);
      return { input: bytes, output: r.output!, where: r.where };
    } catch (e) {
      expect(e instanceof CliError || e instanceof ProblemError, String((e as Error)?.stack)).to.equal(true);
      expect((e as Error).message).to.not.match(/^\s*at /m);
      return { input: bytes, output: null, where: "" };
    }
  }
  const caseDir = path.join(dir, String(n));
  const file = path.join(caseDir, name);
  mkdirSync(caseDir);
  writeFileSync(file, bytes);
  let out = "";
  const io = {
    out: { write: (s: string) => ((out += s), true) },
    err: { write: () => true, isTTY: false },
  } as unknown as Parameters<typeof runScore>[2];
  let error: unknown = null;
  try {
    runScore(file, { asOf: "2026-11-28" }, io);
  } catch (e) {
    error = e;
  }
  const left = readdirSync(caseDir).filter((f) => f !== name);
  const written = error === null && left.length === 1 ? readFileSync(path.join(caseDir, left[0])) : null;
  rmSync(caseDir, { recursive: true });
  if (error !== null) {
    expect(error, String((error as Error)?.stack)).to.be.instanceOf(CliError);
    expect((error as CliError).message.startsWith(`${file}: `), (error as Error).message).to.equal(true);
    expect(left, "nothing written after an error").to.deep.equal([]);
    return { input: bytes, output: null, where: "" };
  }
  expect(left, "the output and nothing else").to.have.length(1);
  expect(left[0]).to.match(/\.qualified\.(csv|xlsx)$/);
  return { input: bytes, output: new Uint8Array(written!), where: /\(([^)]*)\)/.exec(out)?.[1] ?? "" };
}

describe("fuzz: generated files through the CLI's file handling (issue 11)", function () {
  this.timeout(600_000);
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "qualify-fuzz-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`${CSV_RUNS} CSV files: a result or one error naming the file, the user's cells unchanged`, () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n"),
        fc.constantFrom<EncodingName>("utf-8", "utf-16le", "utf-16be", "windows-1252"),
        fc.boolean(),
        fc.boolean(),
        damage,
        (t, d, nl, enc, bom, sep, changes) => {
          const bytes = damaged(csvBytes(t, d, nl, enc, bom, sep), changes);
          const r = score("in.csv", bytes);
          if (!r.output) return;
          const encoding = (/CSV, (.+)/.exec(r.where)?.[1] ?? "utf-8") as EncodingName;
          const decode = (b: Uint8Array) => encodeAs(encoding, "").decode(b);
          const strip = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);
          const before = readCsv(strip(decode(r.input)));
          const after = readCsv(strip(decode(r.output)));
          const replaced = OUTPUT_COLUMNS.every(
            (h, i) => before.headers[before.headers.length - OUTPUT_COLUMNS.length + i] === h,
          );
          const keep = replaced ? before.headers.length - OUTPUT_COLUMNS.length : Infinity;
          expect(after.headers.slice(0, Math.min(keep, before.headers.length))).to.deep.equal(
            before.headers.slice(0, keep),
          );
          before.rows.forEach((row, i) => {
            const mine = row.slice(0, keep).filter((_, k) => k < row.length);
            expect(after.rows[i].slice(0, mine.length), `row ${i + 2}`).to.deep.equal(mine);
          });
        },
      ),
      { numRuns: CSV_RUNS },
    );
  });

  it(`${XLSX_RUNS} workbooks: a result or one error naming the file, the user's cells unchanged`, () => {
    const xlsxCell: fc.Arbitrary<FixtureCell> = fc.oneof(
      cellText,
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.record({ f: fc.constantFrom("1+1", "A1", "SUM(B2:B3)"), v: fc.integer() }),
    );
    const part = fc.constantFrom(
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
      "xl/sharedStrings.xml",
      "xl/styles.xml",
      "xl/_rels/workbook.xml.rels",
      "[Content_Types].xml",
    );
    // Changes inside a part (so the zip stays whole and the XML reader meets them), or to the zip's bytes.
    const partDamage = fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ part, at: fc.nat(), text: cellText }) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) =>
          fc.record({
            headers: fc.array(headerText, { minLength: w, maxLength: w }),
            rows: fc.array(fc.array(xlsxCell, { maxLength: w + 1 }), { maxLength: 5 }),
          }),
        ),
        fc.constantFrom<"shared" | "inline">("shared", "inline"),
        fc.boolean(),
        partDamage,
        damage,
        (t, strings, asTable, inPart, changes) => {
          const rows: FixtureCell[][] = [t.headers, ...t.rows];
          let wb = buildWorkbook({
            strings,
            sheets: [{ name: "Pipeline", rows, tables: asTable ? [{ name: "Deals" }] : undefined }],
          });
          if (inPart) {
            const parts = unzipSync(wb);
            const xml = new TextDecoder().decode(parts[inPart.part] ?? new Uint8Array());
            const at = inPart.at % (xml.length + 1);
            parts[inPart.part] = strToU8(xml.slice(0, at) + inPart.text + xml.slice(at));
            wb = zipSync(parts);
          }
          const bytes = damaged(wb, changes);
          const r = score("in.xlsx", bytes);
          if (!r.output) return;
          const before = openWorkbook(r.input).readTable();
          const after = openWorkbook(r.output).readTable({ sheet: before.sheetName });
          const width = before.lastCol - before.firstCol + 1;
          const cells = (x: typeof before, row: Cell[]) => row.slice(0, width).map((v) => v ?? null);
          // A blank header cell of a table may get the name the table part gives it; its cell stays blank.
          const named = (x: typeof before) =>
            cells(x, x.headers).map((h, i) => (before.headers[i] === null ? null : h));
          expect(named(after)).to.deep.equal(named(before));
          before.rows.forEach((row, i) =>
            expect(cells(after, after.rows[i] ?? []), `row ${i + 2}`).to.deep.equal(cells(before, row)),
          );
        },
      ),
      { numRuns: XLSX_RUNS },
    );
  });

  /** The problem scoring the package of these parts raises (the test fails if it raises none, or another error). */
  function scoringError(parts: Record<string, Uint8Array>): ProblemError {
    try {
      scoreWorkbook(zipSync(parts), { model: defaultModel, asOf: 46000, codec: nodeCodec });
    } catch (e) {
      expect(e).to.be.instanceOf(ProblemError);
      return e as ProblemError;
    }
    throw new Error("expected a problem, and the workbook was scored");
  }

  // Found by this fuzz: a row whose end tag was damaged swallowed the next row when written, moving its cells.
  it("refuses a sheet whose row never closes before the next row starts, naming the row, and moves no cell", () => {
    const parts = unzipSync(
      buildWorkbook({
        strings: "inline",
        sheets: [
          {
            name: "Pipeline",
            rows: [
              ["Opportunity ID", "Customer"],
              ["OPP-1", "Acme"],
              ["OPP-2", "Beta"],
            ],
          },
        ],
      }),
    );
    const xml = new TextDecoder().decode(parts["xl/worksheets/sheet1.xml"]);
    const at = xml.indexOf("</row>", xml.indexOf("OPP-1"));
    parts["xl/worksheets/sheet1.xml"] = strToU8(xml.slice(0, at) + "<Secured/row>" + xml.slice(at + 6));
    const error = scoringError(parts);
    expect(error.message).to.equal("sheet 'Pipeline' row 2 is not closed");
  });

  // Found by this fuzz: text inside styles.xml's </dxfs> crashed the writer with a TypeError.
  it("reports a styles part whose formats list never closes as a problem about that part, not a crash", () => {
    const parts = unzipSync(
      buildWorkbook({
        strings: "shared",
        sheets: [{ name: "Pipeline", rows: [["Opportunity ID"], ["OPP-1"]] }],
      }),
    );
    const xml = new TextDecoder().decode(parts["xl/styles.xml"]);
    // Inside the formats list's end tag: "<Secured/dxfs>" no longer closes it.
    const at = xml.indexOf("</dxfs>") + 1;
    expect(at).to.be.above(0);
    parts["xl/styles.xml"] = strToU8(xml.slice(0, at) + "Secured" + xml.slice(at));
    const error = scoringError(parts);
    expect(error.message).to.include("xl/styles.xml");
  });
});

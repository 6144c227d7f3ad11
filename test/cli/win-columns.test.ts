// The win columns in the CLI's files: with a learned win model, Win % and Expected value follow the eight result
// columns (CSV text exactly; an xlsx read back with ExcelJS, an independent reader, with its number formats);
// without one, nothing changes; a file scored earlier keeps its columns and gains the new ones beside them.
import { expect } from "chai";
import ExcelJS from "exceljs";
import { defaultModel, OUTPUT_COLUMNS, qualifyTable, type Cell } from "../../src/model";
import { scoreCsv, scoreWorkbook } from "../../src/cli/score";
import { learnedModel } from "../model/learned-model";
import { AS_OF } from "../model/helpers";

const HEADERS = ["Opportunity", "Deal Value", "Financing", "Competition", "Customization", "Stage"];
const ROWS: Cell[][] = [
  ["North", 250000, "Secured", 1, "Standard", "Proposal"],
  ["South", null, "Unsecured", 4, "Wholly bespoke", "Qualification"], // no deal value: no expected value
  ["East", 90000, "Partial", 2, "Configured", "Closed Won"], // closed: its chance is decided
  ["West", 1200000, "Unsecured", 3, "Partially bespoke", "Negotiation"],
];
const WIN = ["Win %", "Expected value"];

const csvText = (headers: readonly Cell[], rows: readonly Cell[][]) =>
  [headers, ...rows].map((r) => r.map((v) => (v === null ? "" : String(v))).join(",")).join("\r\n") + "\r\n";
/** The last two fields of each data line, as written (they hold no delimiter or quote). */
const lastTwo = (out: string) =>
  out
    .split("\r\n")
    .slice(1, -1)
    .map((l) => /,([^,"]*),([^,"]*)$/.exec(l)!.slice(1));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The engine's own win probability and expected value of each row (the table service, not the writer). */
function engineWin(): { p: number; ev: number }[] {
  const { results } = qualifyTable({ headers: HEADERS, rows: ROWS }, { model: learnedModel(), asOf: AS_OF });
  return ROWS.map((_, i) => ({ p: results.winProbability![i], ev: results.expectedValue![i] }));
}

async function xlsxOf(headers: readonly Cell[], rows: readonly Cell[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Pipeline");
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow([...r]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb.getWorksheet("Pipeline")!;
}

describe("cli: Win % and Expected value columns with a learned model", function () {
  this.timeout(60_000);

  it("CSV: the two columns follow the eight, Win % as a percentage with one decimal, money whole", () => {
    const out = text(scoreCsv(csvText(HEADERS, ROWS), { model: learnedModel(), asOf: AS_OF }).output!);
    const lines = out.split("\r\n");
    expect(lines[0]).to.equal([...HEADERS, ...OUTPUT_COLUMNS, ...WIN].join(","));
    const win = engineWin();
    const tail = lastTwo(out);
    expect(tail).to.deep.equal([
      [`${Math.round(win[0].p * 1000) / 10}%`, String(Math.round(win[0].ev))],
      [`${Math.round(win[1].p * 1000) / 10}%`, ""],
      ["", ""],
      [`${Math.round(win[3].p * 1000) / 10}%`, String(Math.round(win[3].ev))],
    ]);
    // The figures are real: bigger, worse-financed deals are won less often in the history learned from.
    expect(win[3].p).to.be.lessThan(win[0].p);
    expect(lines[1]).to.match(/,\d{1,2}(\.\d)?%,\d+$/);
  });

  it("the expected value is in the deal's own currency: JSON Lines name it, cells hold the amount in it", () => {
    const rows: Cell[][] = [
      ["Euro deal", "€250k", "Secured", 1, "Standard", "Proposal"],
      ["Plain deal", 250000, "Secured", 1, "Standard", "Proposal"],
    ];
    const { results } = qualifyTable(
      { headers: HEADERS, rows },
      { model: learnedModel(), asOf: AS_OF, detail: "assessments" },
    );
    const [euro, plain] = results.assessments!;
    expect(euro!.win!.currency).to.equal("EUR");
    expect(plain!.win!.currency).to.equal(null); // the model's base currency, unnamed by the default model
    // The same deal in another currency: the same amount, never converted.
    expect(euro!.win!.expectedValue).to.equal(plain!.win!.expectedValue);
    const out = text(scoreCsv(csvText(HEADERS, rows), { model: learnedModel(), asOf: AS_OF }).output!);
    const [a, b] = lastTwo(out);
    expect(a).to.deep.equal(b);
    expect(a[1]).to.equal(String(Math.round(euro!.win!.expectedValue!)));
  });

  it("CSV without a learned model: exactly the eight columns", () => {
    const out = text(scoreCsv(csvText(HEADERS, ROWS), { model: defaultModel, asOf: AS_OF }).output!);
    expect(out.split("\r\n")[0]).to.equal([...HEADERS, ...OUTPUT_COLUMNS].join(","));
    expect(out).to.not.include("Win %");
  });

  it("CSV scored earlier: its eight columns are replaced in place and the two added; a later run without the model blanks them", () => {
    const first = text(scoreCsv(csvText(HEADERS, ROWS), { model: defaultModel, asOf: AS_OF }).output!);
    const second = text(scoreCsv(first, { model: learnedModel(), asOf: AS_OF }).output!);
    expect(second.split("\r\n")[0]).to.equal([...HEADERS, ...OUTPUT_COLUMNS, ...WIN].join(","));
    const third = text(scoreCsv(second, { model: defaultModel, asOf: AS_OF }).output!);
    expect(third.split("\r\n")[0]).to.equal([...HEADERS, ...OUTPUT_COLUMNS, ...WIN].join(","));
    expect(lastTwo(third)).to.deep.equal(ROWS.map(() => ["", ""]));
    // The user's columns are untouched through all three runs.
    const users = (out: string) =>
      out.split("\r\n").map((l) => l.split(",").slice(0, HEADERS.length).join(","));
    expect(users(third)).to.deep.equal(users(csvText(HEADERS, ROWS)));
  });

  it("xlsx: numbers under Win % (a fraction, shown as 0%) and Expected value (#,##0), read back by ExcelJS", async () => {
    const scored = scoreWorkbook(await xlsxOf(HEADERS, ROWS), { model: learnedModel(), asOf: AS_OF });
    const ws = await readBack(scored.output!);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).to.deep.equal([...HEADERS, ...OUTPUT_COLUMNS, ...WIN]);
    const winCol = HEADERS.length + OUTPUT_COLUMNS.length + 1;
    const win = engineWin();
    ROWS.forEach((r, i) => {
      const p = ws.getCell(i + 2, winCol);
      const ev = ws.getCell(i + 2, winCol + 1);
      const closed = String(r[5]).startsWith("Closed");
      expect(p.value, `row ${i + 2}`).to.equal(closed ? null : Math.round(win[i].p * 1000) / 1000);
      expect(ev.value, `row ${i + 2}`).to.equal(closed || r[1] === null ? null : Math.round(win[i].ev));
      expect(p.numFmt).to.equal("0%");
      expect(ev.numFmt).to.equal("#,##0");
    });
    // The eight columns keep the General format.
    expect(ws.getCell(2, winCol - 1).numFmt).to.equal(undefined);
    // The summary gives the expected value per verdict.
    expect(scored.summary.expectedText).to.be.a("string");
  });

  it("xlsx scored earlier keeps its columns where they are and gains the two beside them", async () => {
    const first = scoreWorkbook(await xlsxOf(HEADERS, ROWS), { model: defaultModel, asOf: AS_OF });
    const firstSheet = await readBack(first.output!);
    expect((firstSheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal([
      ...HEADERS,
      ...OUTPUT_COLUMNS,
    ]);
    const second = scoreWorkbook(first.output!, { model: learnedModel(), asOf: AS_OF });
    const ws = await readBack(second.output!);
    expect((ws.getRow(1).values as unknown[]).slice(1)).to.deep.equal([
      ...HEADERS,
      ...OUTPUT_COLUMNS,
      ...WIN,
    ]);
    expect(second.updated).to.equal(true);
    // Without the learned model again: the columns stay, blanked, never a stale chance beside new verdicts.
    const third = scoreWorkbook(second.output!, { model: defaultModel, asOf: AS_OF });
    const ws3 = await readBack(third.output!);
    expect((ws3.getRow(1).values as unknown[]).slice(1)).to.deep.equal([
      ...HEADERS,
      ...OUTPUT_COLUMNS,
      ...WIN,
    ]);
    const winCol = HEADERS.length + OUTPUT_COLUMNS.length + 1;
    expect(ROWS.map((_, i) => ws3.getCell(i + 2, winCol).value)).to.deep.equal(ROWS.map(() => null));
  });
});

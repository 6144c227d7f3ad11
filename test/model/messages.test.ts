// Problems are data, worded once: every code has words (a sample of each below, which the compiler demands for
// every code), each surface's printer prints the catalogue's sentence for the same problem, and the same
// situation reached through the formulas, the CLI and the pane reads the same.
import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { strToU8 } from "fflate";
import {
  defaultModel,
  describeProblem,
  describeSettingProblem,
  HINTS,
  problem,
  ProblemError,
  type ProblemCode,
  type ProblemParams,
} from "../../src/model";
import { errorLine } from "../../src/cli/main";
import { CliError, scoreCsv } from "../../src/cli/score";
import { openWorkbook, FileFormatError } from "../../src/files/xlsx";
import { cellMessage, FormulaError } from "../../src/functions/formula-error";
import { runQualify } from "../../src/functions/spill";
import { checkWriteRequest, planOutputColumns } from "../../src/port/plan";
import { TableChangedError, WriteStoppedError } from "../../src/port/workbook";
import { PaneController, problemMessage } from "../../src/taskpane/logic/controller";
import { FileWorkbook } from "../../src/workbench/file-workbook";

/** One problem of every code. A code added to ProblemParams without a sample here does not compile. */
const SAMPLES: { [C in ProblemCode]: ProblemParams[C] } = {
  "table.noFields": { headers: ["Foo", "Bar", "Baz"] },
  "mapping.sameField": { field: "requirementsClarity", headers: ["Scope", "Needs_def"] },
  "mapping.twoFields": { header: "Client", fields: ["relationship", "stage"] },
  "mapping.valuesDontFit": { header: "Budget", field: "financing", examples: ["1200", "800"] },
  "mapping.wonOnly": { header: "IsWon" },
  "values.unrecognised": {
    field: "financing",
    header: "Budget",
    values: [
      { value: "Can Buy", rows: 312 },
      { value: "Will Buy", rows: 40 },
    ],
    more: 0,
  },
  "formula.emptyRange": {},
  "formula.headerRows": { rows: 2 },
  "formula.widthMismatch": { headers: 21, width: 22 },
  "formula.headerOnly": {},
  "formula.unknownDetail": { detail: "everything", choices: ["verdict", "score"] },
  "formula.modelShape": {},
  "formula.modelColumns": { width: 3 },
  "formula.unexpected": { error: "boom" },
  "formula.tooManyRows": { detail: "card", rows: 12000, limit: 5000 },
  "formula.noWinModel": {},
  "model.json": { error: "Unexpected token" },
  "model.type": { expected: "number", received: "'lots'" },
  "model.tooSmall": { minimum: 0, inclusive: true },
  "model.tooBig": { maximum: 100, inclusive: false },
  "model.tooFew": { minimum: 2, what: "points" },
  "model.option": { options: ["up", "down"] },
  "model.unknownKeys": { keys: ["nonsense"] },
  "model.unknownSetting": {},
  "model.reservedName": { name: "__proto__" },
  "model.plainValue": {},
  "model.jsonSetting": { example: "[[0,0]]" },
  "model.curveOrder": {},
  "model.curveDirection": { direction: "up" },
  "model.levelOrder": { better: "high" },
  "model.missingAboveMiddle": { middle: 0.5 },
  "model.effortOrder": { less: "configured" },
  "model.noWeight": {},
  "model.noRiskWeight": {},
  "model.noRiskFactor": {},
  "model.thresholdOrder": { other: "thresholds.conditional.minScore", bound: "least" },
  "model.gradeOrder": { other: "grades.B" },
  "model.knockoutCondition": {},
  "model.knockoutNoLevels": { field: "dealValue" },
  "model.knockoutNotLevel": { level: "maybe", field: "financing", levels: ["secured", "partial"] },
  "model.knockoutWorseLevel": { level: "unsecured" },
  "model.knockoutUseLevels": { field: "financing" },
  "model.knockoutDirection": { field: "dealValue", use: "below" },
  "model.changeableValue": { levels: [] },
  "model.wordTwoLevels": { word: "maybe", levels: ["partial", "secured"] },
  "model.wordRange": { min: 1, max: 5 },
  "model.bandCount": { bands: 5 },
  "model.winFieldShape": {},
  "model.invalid": { detail: "something zod says" },
  "file.notZip": {},
  "file.oleCompound": {},
  "file.notXlsx": {},
  "file.zipNoCsv": { entries: ["README.md", "data.json"] },
  "file.zipManyCsv": { names: ["2019.csv", "2020.csv"] },
  "file.damagedZip": { why: "no end of central directory" },
  "file.partMissing": { part: "xl/styles.xml" },
  "file.partEncrypted": { part: "xl/workbook.xml" },
  "file.partCompression": { part: "xl/workbook.xml", method: 12 },
  "file.partDamaged": { part: "xl/worksheets/sheet1.xml", error: "invalid block type" },
  "file.partMalformed": { part: "xl/tables/table1.xml", element: "tableColumns" },
  "file.tableRange": { table: "Deals", part: "xl/tables/table1.xml", ref: "A1:" },
  "file.sheetNotFound": { sheet: "Nope", sheets: ["Pipeline", "Notes"] },
  "file.noWorksheet": { sheets: [] },
  "file.notWorksheet": { sheet: "Chart", kind: "chart" },
  "file.sheetNameTaken": { sheet: "Chart1" },
  "file.sheetPartMissing": { sheet: "S", part: "" },
  "file.damagedSheet": { sheet: "S", defect: "unclosedRow", row: 7 },
  "file.sharedString": { sheet: "S", cell: "B1", index: "99", count: 3 },
  "file.noHeaderRow": { sheet: "Empty" },
  "file.cellTaken": { sheet: "S", cell: "D1", text: "Owner", columns: "C:H" },
  "file.cellHasData": { sheet: "S", cell: "E2", columns: "C:H" },
  "file.mergedCells": { sheet: "S", range: "D3:E3", columns: "C:H" },
  "file.formulaRange": { sheet: "S", range: "B3:C3", kind: "array", columns: "C:H" },
  "file.tableOverlap": { sheet: "S", table: "Side", range: "E1:E2", columns: "C:H" },
  "file.tableNotFound": { sheet: "S", table: "Nope" },
  "file.tableHeaderRow": { sheet: "S", table: "T", row: 3 },
  "file.tableNotAdjacent": { sheet: "S", table: "T", range: "A1:B2", columns: "E:J" },
  "file.queryTable": { sheet: "S", table: "T" },
  "file.noRoom": { sheet: "S", columns: 6 },
  "file.tooManyRows": { sheet: "S", rows: 2_000_000 },
  "file.tooLarge": { parts: true },
  "file.encoding": { encoding: "utf-16le", offset: 7 },
  "file.unclosedQuote": { row: 4 },
  "file.rowTooLong": { row: 3, megabytes: 64 },
  "file.inflateRatio": { part: "xl/worksheets/sheet1.xml", ratio: 1000 },
  "file.inflateTotal": { megabytes: 4096 },
  "file.doctype": { part: "xl/workbook.xml" },
  "file.cellReference": { sheet: "S", ref: "XFE1" },
  "file.tableNotInWorkbook": { table: "Deals", tables: ["Pipeline"] },
  "file.duplicateHeader": { header: "Deal Value", first: "D1", second: "H1" },
  "table.changed": { table: "Table Deals on Pipeline" },
  "table.gone": { table: "Pipeline!A1:F3" },
  "table.notOutputColumn": { table: "Table Deals on Pipeline", column: 4 },
  "write.userColumn": { header: "Score", cell: "G1" },
  "write.columnsApart": { cell: "J1" },
  "write.cellsNotEmpty": { table: "Pipeline!A1:P6", cells: "Q1:V6" },
  "read.cancelled": {},
  "write.cancelled": { written: null },
  "write.failed": { error: "GeneralException", written: [[1, 5000]] },
  "cli.fileNotFound": { kind: "model" },
  "cli.outIsInput": {},
  "cli.asOf": { text: "yesterday" },
  "cli.cannotWrite": { error: "EACCES" },
  "cli.unexpected": { error: "boom" },
  "cli.encoding": { text: "ebcdic", known: ["utf-8", "windows-1252"] },
  "cli.cannotRead": { error: "EISDIR" },
  "cli.readOnly": {},
  "cli.inPlaceZip": {},
  "cli.staleTemp": { file: ".deals.qualified.csv.0a1b2c3d.tmp" },
  "cli.seed": { text: "abc" },
  "cli.keepField": { field: "stage", fields: ["rfp", "financing"] },
  "cli.minWin": { text: "lots" },
  "learn.noOutcome": { headers: ["Deal", "Amount"] },
  "learn.outcomeNotFound": { column: "Result", headers: ["Deal", "Amount"] },
  "learn.tooFew": { won: 23, lost: 61, minWon: 40, minLost: 40 },
  "learn.skewed": { won: 95, lost: 5, rate: 0.95 },
  "learn.noFields": { fields: ["Financing"] },
  "learn.leakage": { field: "Contract $", auc: 0.99 },
  "learn.nothingLeft": { keys: ["dealValue", "responseDue"] },
  "pane.noTable": {},
  "pane.modelSheetInvalid": {},
  "pane.modelInvalid": {},
  "pane.failed": { action: "selectRow", row: 12 },
  "workbench.openFailed": { file: "notes.xlsx" },
  "workbench.noExample": {},
  "workbench.notText": {},
};

const samples = (Object.keys(SAMPLES) as ProblemCode[]).map((code) =>
  problem(
    code,
    SAMPLES[code] as ProblemParams[typeof code],
    code.startsWith("model.") ? ["weights", "financing"] : undefined,
  ),
);

/** Every .ts/.tsx file under src/. */
function sources(dir = "src"): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe("model/messages: one catalogue, one printer per surface", () => {
  it("words every problem code as one line of its own, with every parameter filled in", () => {
    const sentences = samples.map(describeProblem);
    for (const [i, s] of sentences.entries()) {
      const code = samples[i].code;
      expect(s, code).to.be.a("string").and.not.equal("");
      expect(s, code).not.to.match(/undefined|NaN|\[object |\n/);
      expect(s, code).not.to.match(/\.$/); // printers add the full stop where their surface wants one
    }
    // Two codes are two situations: no two read the same.
    expect(new Set(sentences).size).to.equal(sentences.length);
    // Hints are for codes the catalogue has.
    for (const code of Object.keys(HINTS)) expect(SAMPLES).to.have.property(code);
  });

  it("each surface prints the catalogue's sentence for any problem", () => {
    for (const p of samples) {
      const model = p.code.startsWith("model.");
      const words = model ? describeSettingProblem(p) : describeProblem(p);
      // The cell: the sentence (a model's setting first), then the formula's hint.
      const hint = HINTS[p.code]?.formula;
      expect(cellMessage([p]), p.code).to.equal(
        model ? `Model: ${words}` : `${words}.${hint ? ` ${hint}` : ""}`,
      );
      // The command line: the file, then the sentence.
      expect(errorLine(CliError.of(p, "pipeline.xlsx")), p.code).to.equal(
        `qualify: pipeline.xlsx: ${model ? `invalid model: ${words}` : words}`,
      );
      // The pane: the sentence as the title, what to do as the text.
      expect(problemMessage(p), p.code).to.deep.equal({
        intent: "error",
        title: describeProblem(p),
        text: HINTS[p.code]?.pane,
      });
    }
  });

  it("the pane puts what the workbook said beside the catalogue's words", () => {
    const m = problemMessage(problem("pane.failed", { action: "storeModel" }), {
      cause: new Error("RichApi.Error: AccessDenied"),
    });
    expect(m).to.deep.equal({
      intent: "error",
      title: "Could not store the model",
      text: "RichApi.Error: AccessDenied",
    });
  });

  it("errors carry their problem as data, and its words as their message", () => {
    const p = problem("file.sheetNotFound", { sheet: "Nope", sheets: ["Pipeline", "Notes"] });
    const e = new FileFormatError(p);
    expect(e).to.be.instanceOf(ProblemError);
    expect(e.problem).to.equal(p);
    expect(e.message).to.equal("sheet 'Nope' not found; sheets are: Pipeline, Notes");
    const stopped = new WriteStoppedError(problem("write.failed", { error: "x", written: [[1, 10]] }));
    expect([stopped.reason, stopped.restored, stopped.writtenRows]).to.deep.equal([
      "failed",
      false,
      [[1, 10]],
    ]);
    const cancelled = new WriteStoppedError(problem("write.cancelled", { written: null }));
    expect([cancelled.reason, cancelled.restored, cancelled.message]).to.deep.equal([
      "cancelled",
      true,
      "Qualifying was cancelled; the sheet is as it was before",
    ]);
  });

  it("a table with no opportunity field reads the same in a formula, on the command line and in the pane", async () => {
    const headers = ["Foo", "Bar", "Baz"];
    const expected = problem("table.noFields", { headers });
    const sentence = describeProblem(expected);
    expect(sentence).to.equal("No opportunity fields found in: Foo, Bar, Baz");

    let formula: unknown;
    try {
      runQualify([[1, 2, 3]], [headers], null, null);
    } catch (e) {
      formula = e;
    }
    expect(formula).to.be.instanceOf(FormulaError);
    expect((formula as FormulaError).problems).to.deep.equal([expected]);
    expect((formula as FormulaError).message).to.equal(`${sentence}. ${HINTS["table.noFields"]!.formula}`);

    let cli: unknown;
    try {
      scoreCsv("Foo,Bar,Baz\n1,2,3\n", { model: defaultModel, asOf: 46000 });
    } catch (e) {
      cli = e;
    }
    expect(cli).to.be.instanceOf(CliError);
    expect((cli as CliError).problems).to.deep.equal([expected]);
    expect(errorLine((cli as CliError).at("nofields.csv"))).to.equal(`qualify: nofields.csv: ${sentence}`);

    const pane = new PaneController(
      FileWorkbook.open("nofields.csv", strToU8("Foo,Bar,Baz\n1,2,3\n")),
      () => 46000,
    );
    await pane.start();
    await pane.qualify();
    expect(pane.state.message).to.deep.equal(problemMessage(expected));
    expect(pane.state.message!.title).to.equal(sentence);
  });

  it("a refused write reads the same from the file adapter and the port, wherever it is printed", () => {
    const ref = { kind: "table" as const, name: "Deals", sheet: "Pipeline", address: "A1:C3" };
    const headers = ["Opportunity", "Deal Value", "Verdict"];
    let changed: unknown;
    try {
      checkWriteRequest(
        {
          ref,
          expected: { headers, rowCount: 2 },
          columns: planOutputColumns(headers, [2]).columns,
          values: [],
          previous: [],
        },
        { headers, rowCount: 3, ownColumns: [2] },
      );
    } catch (e) {
      changed = e;
    }
    expect(changed).to.be.instanceOf(TableChangedError);
    const p = (changed as TableChangedError).problem;
    expect(p).to.deep.equal(problem("table.changed", { table: "Table Deals on Pipeline" }));
    expect(problemMessage(p).title).to.equal((changed as Error).message);

    let missing: unknown;
    try {
      openWorkbook(strToU8("ID,Name\n1,x\n"));
    } catch (e) {
      missing = e;
    }
    expect(missing).to.be.instanceOf(FileFormatError);
    expect((missing as FileFormatError).problem.code).to.equal("file.notZip");
    expect(errorLine(CliError.of((missing as FileFormatError).problem, "notes.xlsx"))).to.equal(
      "qualify: notes.xlsx: not an xlsx workbook (not a zip package)",
    );
  });

  it("only the catalogue words problems: no consumer rebuilds or takes apart a sentence", () => {
    for (const file of sources()) {
      const text = readFileSync(file, "utf8");
      if (file !== path.join("src", "model", "messages.ts")) {
        expect(text, file).not.to.include("No opportunity fields");
        expect(text, file).not.to.include("not an xlsx workbook");
      }
      expect(text, file).not.to.match(/indexOf\(": "\)|split\(": "\)|replace\(\/\^Invalid/);
    }
  });
});

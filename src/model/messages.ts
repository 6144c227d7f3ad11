// The one message catalogue: the words for every problem code, in one place, so one problem reads the same in a
// cell, on the command line, in the task pane and beside a model setting. Surfaces add only where it happened
// (the file, the setting) and, from HINTS, what to do there.
import { fieldLabel } from "./fields";
import {
  pathText,
  type PaneAction,
  type Problem,
  type ProblemCode,
  type ProblemParams,
  type SheetDamage,
} from "./problems";

/** A list for a message: the first few, each cut to `width`, with how many more. */
function listForMessage(items: readonly string[], max = 6, width = 30, separator = ", "): string {
  const shown = items.slice(0, max).map((s) => (s.length > width ? `${s.slice(0, width - 1)}…` : s));
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(separator)} and ${more} more` : shown.join(separator);
}

const quoteList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(", ");

const WORDS: { [C in ProblemCode]: (p: ProblemParams[C]) => string } = {
  "table.noFields": (p) => {
    const seen = p.headers.filter((h) => h.trim() !== "");
    return seen.length > 0
      ? `No opportunity fields found in: ${listForMessage(seen)}`
      : "No opportunity fields found: the header row is empty";
  },
  "mapping.sameField": (p) =>
    `${quoteList(p.headers)} ${p.headers.length === 2 ? "both" : "all"} name ${fieldLabel(p.field)}: '${p.headers[0]}' is read; choose the column in the mapping`,
  "mapping.twoFields": (p) =>
    `'${p.header}' fits ${p.fields.map(fieldLabel).join(" and ")}: it is read as ${fieldLabel(p.fields[0])}; choose in the mapping`,
  "mapping.valuesDontFit": (p) =>
    `'${p.header}' is not read as ${fieldLabel(p.field)}: its values (${quoteList(p.examples)}) are not ${fieldLabel(p.field)} values`,
  "mapping.wonOnly": (p) =>
    `'${p.header}' says which deals were won, and no column says which are closed (Stage, Closed): a deal not won is read as open, lost ones too; map a Stage or Closed column`,
  "values.unrecognised": (p) => {
    const shown = p.values.map(
      (v, i) => `'${v.value}' (${v.rows}${i === 0 ? (v.rows === 1 ? " row" : " rows") : ""})`,
    );
    const more = p.more > 0 ? ` and ${p.more} more` : "";
    return `${p.header}: ${shown.join(", ")}${more} not recognised as ${fieldLabel(p.field)}; map them in the model's vocabulary`;
  },
  "formula.emptyRange": () => "The opportunity range is empty: select a range",
  "formula.headerRows": (p) => `Headers must be one row, not ${p.rows}: select only the header row`,
  "formula.widthMismatch": (p) =>
    `The headers have ${p.headers} columns but the opportunity has ${p.width}: select ranges of the same width`,
  "formula.headerOnly": () => "Only a header row was given: include the data rows below it",
  "formula.unknownDetail": (p) => `Unknown detail "${p.detail.slice(0, 30)}": use ${p.choices.join(", ")}`,
  "formula.modelShape": () => "The model must be a two-column setting/value range or a JSON text",
  "formula.modelColumns": (p) =>
    `The model range has ${p.width} column${p.width === 1 ? "" : "s"}: select two columns, setting and value`,
  "formula.noWinModel": () =>
    "This model has no learned win probability: learn one from closed deals (qualify learn) and pass it as the model",
  "formula.unexpected": (p) => `Could not qualify this input (${p.error}). Please report it with the input`,
  "formula.tooManyRows": (p) =>
    `"${p.detail}" is limited to ${p.limit.toLocaleString("en")} rows, this range has ${p.rows.toLocaleString("en")}: ` +
    `use the task pane (Home > Qualify) for the whole table, or a narrower detail such as "verdict" or "score"`,
  "model.json": (p) => `the JSON text is not valid (${p.error})`,
  "model.type": (p) => `expected ${p.expected}, received ${p.received}`,
  "model.tooSmall": (p) => `must be ${p.inclusive ? "at least" : "more than"} ${p.minimum}`,
  "model.tooBig": (p) => `must be ${p.inclusive ? "at most" : "less than"} ${p.maximum}`,
  "model.tooFew": (p) => `needs at least ${p.minimum} ${p.what}`,
  "model.option": (p) => `must be one of ${p.options.join(", ")}`,
  "model.unknownKeys": (p) => `unknown setting${p.keys.length === 1 ? "" : "s"} ${quoteList(p.keys)}`,
  "model.unknownSetting": () => "unknown setting",
  "model.reservedName": (p) => `'${p.name}' is a reserved name, not a setting`,
  "model.plainValue": () => "expected a plain value",
  "model.jsonSetting": (p) => `expected JSON text such as ${p.example}`,
  "model.curveOrder": () => "points must be in increasing order of value",
  "model.curveDirection": (p) =>
    p.direction === "up"
      ? "a larger value must never score lower (goodness must not decrease)"
      : "a larger value must never score higher (goodness must not increase)",
  "model.levelOrder": (p) => `must not score higher than ${p.better}`,
  "model.missingAboveMiddle": (p) =>
    `a missing value must not score better than the middle value (${Number(p.middle.toFixed(3))})`,
  "model.effortOrder": (p) => `more bespoke work must not take less effort than ${p.less}`,
  "model.noWeight": () => "at least one weight must be above 0",
  "model.noRiskWeight": () => "at least one risk component needs a weight above 0",
  "model.noRiskFactor": () => "needs at least one factor with a weight above 0",
  "model.thresholdOrder": (p) => `must be at ${p.bound} ${p.other}`,
  "model.gradeOrder": (p) => `must be at least ${p.other}`,
  "model.knockoutCondition": () => "needs exactly one of levels, below or above",
  "model.knockoutNoLevels": (p) => `${p.field} has no levels; use below or above`,
  "model.knockoutNotLevel": (p) => `'${p.level}' is not a level of ${p.field} (${p.levels.join(", ")})`,
  "model.knockoutWorseLevel": (p) => `must also include '${p.level}', which is worse`,
  "model.knockoutUseLevels": (p) => `${p.field} has levels; use levels, not below or above`,
  "model.knockoutDirection": (p) =>
    p.use === "above"
      ? `a larger ${p.field} is worse: use above`
      : `a larger ${p.field} is better: use below`,
  "model.changeableValue": (p) =>
    p.levels.length > 0 ? `must be one of ${p.levels.join(", ")}` : "must be a number on the field's scale",
  "model.wordTwoLevels": (p) => `'${p.word}' already means ${p.levels[0]}; a word can mean only one level`,
  "model.wordRange": (p) =>
    p.max === Infinity ? `must be at least ${p.min}` : `must be between ${p.min} and ${p.max}`,
  "model.bandCount": (p) => `needs one weight per band: ${p.bands}`,
  "model.winFieldShape": () => "use levels for a level field, bands for a number (not names, ids or dates)",
  "model.invalid": (p) => p.detail,
  "file.notZip": () => "not an xlsx workbook (not a zip package)",
  "file.oleCompound": () =>
    "not an xlsx workbook (an OLE2 compound file: a legacy .xls or a password-protected workbook; save it as .xlsx without a password)",
  "file.notXlsx": () => "not an xlsx workbook (no xl/workbook.xml)",
  "file.zipNoCsv": (p) =>
    p.entries.length === 0
      ? "a zip archive with no file in it"
      : `a zip archive with no .csv or .txt file in it (it holds ${listForMessage(p.entries, 5, 60)})`,
  "file.zipManyCsv": (p) =>
    `a zip archive with ${p.names.length} CSV files (${listForMessage(p.names, 5, 60)}); unzip it and pass the one to read`,
  "file.damagedZip": (p) => `not an xlsx workbook (damaged zip package: ${p.why})`,
  "file.partMissing": (p) => `part ${p.part} is missing`,
  "file.partEncrypted": (p) => `part ${p.part} is encrypted`,
  "file.partCompression": (p) => `part ${p.part} uses unsupported zip compression method ${p.method}`,
  "file.partDamaged": (p) => `part ${p.part} is damaged (${p.error})`,
  "file.partMalformed": (p) => `part ${p.part} has no ${p.element} element`,
  "file.tableRange": (p) => `table '${p.table}' (${p.part}) has a malformed range reference '${p.ref}'`,
  "file.sheetNotFound": (p) => `sheet '${p.sheet}' not found; sheets are: ${sheetList(p.sheets)}`,
  "file.noWorksheet": (p) => `the workbook has no worksheet; sheets are: ${sheetList(p.sheets)}`,
  "file.notWorksheet": (p) =>
    p.kind === "other"
      ? `sheet '${p.sheet}' is not a worksheet with cells`
      : `sheet '${p.sheet}' is a ${p.kind} sheet, not a worksheet with cells`,
  "file.sheetNameTaken": (p) => `sheet '${p.sheet}' exists and is not a worksheet`,
  "file.sheetPartMissing": (p) => `sheet '${p.sheet}' is missing its part ${p.part || "(no relationship)"}`,
  "file.damagedSheet": (p) => `sheet '${p.sheet}' ${sheetDamage(p)}`,
  "file.sharedString": (p) =>
    `sheet '${p.sheet}' cell ${p.cell} refers to shared string ${p.index} but the workbook has ${p.count}`,
  "file.noHeaderRow": (p) =>
    p.table !== undefined
      ? `table '${p.table}' on sheet '${p.sheet}' has no header row`
      : p.sheet !== undefined
        ? `sheet '${p.sheet}' has no header row (it is empty)`
        : "row 1: no header row",
  "file.cellTaken": (p) =>
    `sheet '${p.sheet}' cell ${p.cell} already holds "${p.text}"; writing output columns ${p.columns} would overwrite it`,
  "file.cellHasData": (p) =>
    `sheet '${p.sheet}' cell ${p.cell} holds data in a column that is not an output column; ` +
    `writing output columns ${p.columns} would overwrite it`,
  "file.mergedCells": (p) =>
    `sheet '${p.sheet}' has merged cells ${p.range} in the output columns ${p.columns}`,
  "file.formulaRange": (p) =>
    `sheet '${p.sheet}' range ${p.range} holds a ${p.kind} formula that reaches into the output columns ` +
    `${p.columns}; move it or choose another sheet`,
  "file.tableOverlap": (p) =>
    `output columns ${p.columns} on sheet '${p.sheet}' would overlap table '${p.table}' (${p.range})`,
  "file.tableNotFound": (p) => `table '${p.table}' not found on sheet '${p.sheet}'`,
  "file.tableHeaderRow": (p) =>
    `table '${p.table}' on sheet '${p.sheet}' does not have its header on row ${p.row}`,
  "file.tableNotAdjacent": (p) =>
    `output columns ${p.columns} must start right after table '${p.table}' (${p.range}) on sheet '${p.sheet}'`,
  "file.queryTable": (p) =>
    `table '${p.table}' on sheet '${p.sheet}' is linked to an external query; copy the data to a plain table first`,
  "file.noRoom": (p) => `sheet '${p.sheet}' has no room for ${p.columns} output columns`,
  "file.tooManyRows": (p) => `sheet '${p.sheet}' cannot hold ${p.rows} rows`,
  "file.tooLarge": (p) =>
    `the workbook is too large to write (over 4 GB${p.parts ? " or 65,535 parts" : ""})`,
  "file.encoding": (p) =>
    `not valid ${p.encoding} text (at or after byte ${p.offset}); name its encoding with --encoding`,
  "file.unclosedQuote": (p) =>
    `row ${p.row} opens a quote that is never closed (the rest of the file would be one cell); close it and run again`,
  "file.rowTooLong": (p) => `row ${p.row} is longer than ${p.megabytes} MB (is a quote left open?)`,
  "file.inflateRatio": (p) =>
    `part ${p.part} inflates more than ${p.ratio} times its compressed size, beyond any real workbook; refused`,
  "file.inflateTotal": (p) =>
    `the workbook inflates to more than ${p.megabytes} MB, beyond any real workbook; refused`,
  "file.doctype": (p) => `part ${p.part} has a DOCTYPE, which a workbook never needs; refused`,
  "file.cellReference": (p) =>
    `sheet '${p.sheet}' has a cell reference beyond the last column XFD or row 1048576 (${p.ref})`,
  "file.tableNotInWorkbook": (p) =>
    `table '${p.table}' not found; ${p.tables.length > 0 ? `tables are: ${p.tables.join(", ")}` : "the workbook has no tables"}`,
  "file.duplicateHeader": (p) =>
    `column ${p.second} '${p.header}' names the same field as column ${p.first}, and only one can be read; rename or remove one`,
  "table.changed": (p) => `${p.table} changed since it was read (its headers or number of rows differ)`,
  "table.gone": (p) => `${p.table} is no longer in the workbook`,
  "table.notOutputColumn": (p) =>
    `Column ${p.column} of ${p.table} is not an output column this add-in wrote`,
  "write.userColumn": (p) =>
    `column '${p.header}' (${p.cell}) already exists and was not written by qualify; rename it so its data is not overwritten`,
  "write.columnsApart": (p) =>
    `the output columns are not side by side (${p.cell} stands apart); move them back together`,
  "write.cellsNotEmpty": (p) => `The cells to the right of ${p.table} (${p.cells}) are not empty`,
  "read.cancelled": () => "Reading was cancelled",
  "write.cancelled": (p) => stopped("Qualifying was cancelled", p.written),
  "write.failed": (p) => stopped(`Writing failed (${p.error})`, p.written),
  "cli.fileNotFound": (p) => (p.kind === "model" ? "model file not found" : "file not found"),
  "cli.outIsInput": () => "--out names the input file; pass --in-place to overwrite it",
  "cli.asOf": (p) => `expected a date as YYYY-MM-DD, received '${p.text}'`,
  "cli.cannotWrite": (p) => `cannot write (${p.error})`,
  "cli.unexpected": (p) => `unexpected error: ${p.error}`,
  "cli.encoding": (p) => `unknown encoding '${p.text}'; use one of ${p.known.join(", ")}`,
  "cli.cannotRead": (p) => `cannot read (${p.error})`,
  "cli.readOnly": () => "the file is read-only; pass --force to replace it anyway",
  "cli.inPlaceZip": () =>
    "--in-place cannot write into a zip archive; the qualified CSV is written beside it, or to --out",
  "cli.staleTemp": (p) => `removed ${p.file}, a temporary file left by an interrupted run`,
  "cli.seed": (p) => `expected a whole number from 0 as the seed, received '${p.text.slice(0, 30)}'`,
  "cli.minWin": (p) =>
    `expected auto, a share from 0 to 1 (0.3) or a percentage (30%) as the minimum win probability, received '${p.text.slice(0, 30)}'`,
  "cli.keepField": (p) =>
    `no field '${p.field.slice(0, 30)}' to keep; fields are: ${listForMessage(p.fields, 30, 30)}`,
  "learn.noOutcome": (p) =>
    `No outcome column found (Won/Lost, Status, Bid Status…) in: ${listForMessage(p.headers.filter((h) => h.trim() !== ""))}; name it with --outcome`,
  "learn.outcomeNotFound": (p) =>
    `No column '${p.column.slice(0, 40)}' to read outcomes from; the columns are: ${listForMessage(p.headers)}`,
  "learn.tooFew": (p) =>
    `Found ${p.won} won and ${p.lost} lost; at least ${p.minWon === p.minLost ? `${p.minWon} of each are` : `${p.minWon} won and ${p.minLost} lost are`} needed`,
  "learn.skewed": (p) =>
    `${Math.round(p.rate * 100)} % of the closed deals were won (${p.won} won, ${p.lost} lost): with so few ${p.rate > 0.5 ? "losses" : "wins"} the learned probability is uncertain`,
  "learn.noFields": (p) =>
    p.fields.length > 0
      ? `No field varies among the closed deals (${listForMessage(p.fields)}): nothing to learn from`
      : "No opportunity field is mapped: nothing to learn from",
  "learn.leakage": (p) =>
    `${p.field} alone tells won from lost almost perfectly (AUC ${p.auc.toFixed(2)}): it is probably recorded after the outcome, and was left out`,
  "learn.nothingLeft": (p) =>
    `no other field is left to learn from; one known before the outcome can be kept (qualify learn --keep ${p.keys.join(" ")})`,
  "pane.noTable": () => "No table found",
  "pane.modelSheetInvalid": () => "The Qualification Model sheet has errors",
  "pane.modelInvalid": () => "The scoring model has errors",
  "pane.failed": (p) => (PANE_ACTIONS[p.action] as (p: PaneAction) => string)(p),
  "workbench.openFailed": (p) => `Could not open ${p.file}`,
  "workbench.noExample": () =>
    "The bundled example is not available: open or drop an .xlsx or .csv file (or a .zip holding one)",
  "workbench.notText": () => "not a CSV file: its content is not text",
};

function sheetList(sheets: readonly string[]): string {
  return sheets.length > 0 ? listForMessage(sheets, 20, 40) : "(none)";
}

function sheetDamage(d: SheetDamage): string {
  switch (d.defect) {
    case "noSheetData":
      return "has no sheetData";
    case "unclosedSheetData":
      return "has an unclosed sheetData element";
    case "notWorksheetPart":
      return "is not a worksheet part";
    case "unterminatedRow":
      return "has a row tag that is not terminated";
    case "rowOrder":
      return `has rows out of order or repeated at row ${d.row}`;
    case "unclosedRow":
      return `row ${d.row} is not closed`;
    case "unclosedCell":
      return `row ${d.row} has an unclosed cell`;
    case "damagedCell":
      return `row ${d.row} has a damaged cell`;
    case "damagedRow":
      return `has a damaged row after row ${d.row}`;
    case "badRowNumber":
      return `has a row with a bad number '${d.text}'`;
  }
}

/** A stopped write: undone, or exactly which data rows hold new values. */
function stopped(what: string, written: readonly [number, number][] | null): string {
  if (written === null) return `${what}; the sheet is as it was before`;
  const rows = written.map(([a, b]) => `${a}–${b}`).join(", ") || "none";
  return `${what} and could not be undone: data rows ${rows} were written`;
}

const PANE_ACTIONS: { [A in PaneAction["action"]]: (p: Extract<PaneAction, { action: A }>) => string } = {
  read: () => "Could not read the workbook",
  readTable: () => "Could not read that table",
  rememberColumn: (p) => `Could not remember the column for ${p.field}`,
  rememberValue: (p) => `Could not remember what ${p.field} '${p.value}' means`,
  forgetMapping: () => "Could not forget the mapping",
  qualify: () => "Qualifying failed",
  filter: () => "Could not change the filter",
  selectRow: (p) => `Could not select row ${p.row}`,
  storeModel: () => "Could not store the model",
};

/** What went wrong, in words (without where: surfaces say that their own way). */
export function describeProblem(p: Problem): string {
  return (WORDS[p.code] as (params: unknown) => string)(p.params);
}

/** A model setting's problem as one line: "weights.financing: expected number, received 'lots'". */
export function describeSettingProblem(p: Problem): string {
  const where = pathText(p.path);
  return where ? `${where}: ${describeProblem(p)}` : describeProblem(p);
}

/** What a foreign error (a workbook's, the file system's) says, for a surface to show beside a problem. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error that carries one problem: its message is the problem in words. The shells' own errors extend it. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
    this.name = "ProblemError";
  }
}

const NOTHING_WRITTEN = "Nothing was written.";

/** What to do about a problem, where the surface can say it: a formula's cell, the task pane. */
export const HINTS: Partial<Record<ProblemCode, { formula?: string; pane?: string }>> = {
  "table.noFields": {
    formula: "Include the header row, or pass it as the second argument.",
    pane: "Map the columns above.",
  },
  "table.changed": { pane: NOTHING_WRITTEN },
  "table.gone": { pane: `Press Refresh to find the table again. ${NOTHING_WRITTEN}` },
  "table.notOutputColumn": { pane: NOTHING_WRITTEN },
  "write.columnsApart": {
    pane: `The workbench writes them as one block; or qualify in Excel. ${NOTHING_WRITTEN}`,
  },
  "write.cellsNotEmpty": { pane: `Make room, or turn the range into an Excel table. ${NOTHING_WRITTEN}` },
  "pane.noTable": {
    pane:
      "Select a cell in your opportunity list (a header row with columns such as Opportunity, Deal Value, " +
      "Financing) and press Refresh.",
  },
  "pane.modelSheetInvalid": {
    pane: "Fix them in the Scoring model panel (or in the sheet) before qualifying.",
  },
  "pane.modelInvalid": { pane: "Fix them in the Scoring model panel first." },
};

/** A share as a whole percentage ("24 %"), or with one decimal where a whole one would hide that it misses `limit`. */
function shareBelow(p: number, limit: number): string {
  const whole = Math.round(p * 100);
  return whole < Number((limit * 100).toFixed(1)) ? `${whole} %` : `${Math.floor(p * 1000) / 10} %`;
}

/** Why a row the model would qualify is not: "win probability 24 % is below the 30 % minimum". */
export function winBelowMinimum(probability: number, minimum: number): string {
  return `win probability ${shareBelow(probability, minimum)} is below the ${Number((minimum * 100).toFixed(1))} % minimum`;
}

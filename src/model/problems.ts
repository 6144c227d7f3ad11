// Problems as data: everything the product reports about input it cannot use is a value { code, path, params },
// never a sentence. messages.ts words each code once; each surface (a cell's error, a CLI line, the pane's
// message bar, a model setting's field) prints it with its own small printer.

/** What each problem code carries. */
export interface ProblemParams {
  // Tables
  "table.noFields": { headers: string[] }; // no header names a field the engine knows
  // Which column holds which field (headers.ts): what the mapping could not decide alone. Headers as written.
  "mapping.sameField": { field: string; headers: string[] }; // two columns name one field: the first is read
  "mapping.twoFields": { header: string; fields: string[] }; // a column's values fit two fields: the first is read
  "mapping.valuesDontFit": { header: string; field: string; examples: string[] }; // not read as that field
  "mapping.wonOnly": { header: string }; // a won column with none saying which deals are closed: not won reads open
  // Values of a mapped column that the model's vocabulary does not know, with how many rows hold each
  "values.unrecognised": {
    field: string;
    header: string;
    values: { value: string; rows: number }[];
    more: number;
  };
  // Formula arguments
  "formula.emptyRange": Record<string, never>;
  "formula.headerRows": { rows: number }; // the headers argument is more than one row
  "formula.widthMismatch": { headers: number; width: number };
  "formula.headerOnly": Record<string, never>; // a block with its header row and nothing below
  "formula.unknownDetail": { detail: string; choices: string[] };
  "formula.modelShape": Record<string, never>; // neither a two-column range nor a JSON text
  "formula.modelColumns": { width: number };
  "formula.unexpected": { error: string }; // a failure no check foresaw
  "formula.tooManyRows": { detail: string; rows: number; limit: number }; // a text/card detail over the row limit
  "formula.noWinModel": Record<string, never>; // detail "win" with a model that has learned no win probability
  // Scoring models: reading one (JSON, setting/value rows) and validating it. `path` names the setting.
  "model.json": { error: string }; // the JSON text does not parse
  "model.type": { expected: string; received: string }; // a value of the wrong type
  "model.tooSmall": { minimum: number; inclusive: boolean };
  "model.tooBig": { maximum: number; inclusive: boolean };
  "model.tooFew": { minimum: number; what: string }; // too few items (curve points) or characters
  "model.option": { options: string[] }; // not one of the allowed values
  "model.unknownKeys": { keys: string[] }; // settings the model does not have, inside an object
  "model.unknownSetting": Record<string, never>; // a setting row that names no setting
  "model.reservedName": { name: string }; // __proto__, prototype or constructor in a setting path or JSON key
  "model.plainValue": Record<string, never>; // a setting row whose value is a date or an error
  "model.jsonSetting": { example: string }; // a setting that takes JSON text got something else
  "model.curveOrder": Record<string, never>;
  "model.curveDirection": { direction: "up" | "down" };
  "model.levelOrder": { better: string };
  "model.missingAboveMiddle": { middle: number };
  "model.effortOrder": { less: string };
  "model.noWeight": Record<string, never>;
  "model.noRiskWeight": Record<string, never>;
  "model.noRiskFactor": Record<string, never>;
  "model.thresholdOrder": { other: string; bound: "least" | "most" };
  "model.gradeOrder": { other: string };
  "model.knockoutCondition": Record<string, never>;
  "model.knockoutNoLevels": { field: string };
  "model.knockoutNotLevel": { level: string; field: string; levels: string[] };
  "model.knockoutWorseLevel": { level: string };
  "model.knockoutUseLevels": { field: string };
  "model.knockoutDirection": { field: string; use: "above" | "below" };
  "model.changeableValue": { levels: string[] }; // empty levels: a number on the field's scale
  "model.wordTwoLevels": { word: string; levels: string[] }; // a vocabulary word given to two levels of a field
  "model.wordRange": { min: number; max: number }; // a vocabulary word placed off its field's axis
  "model.bandCount": { bands: number }; // a learned number field needs one weight per band
  "model.winFieldShape": Record<string, never>; // a learned field has levels or bands, one of them
  "model.invalid": { detail: string }; // a rule of the schema this catalogue does not word (kept as zod says it)
  // Workbook files (src/files). Sheet, table and part names as the file has them; rows counted from 1; cells,
  // ranges and column spans in A1 notation ("D1", "B3:C3", "C:H").
  "file.notZip": Record<string, never>;
  "file.oleCompound": Record<string, never>; // a legacy .xls, or a workbook encrypted with a password
  "file.notXlsx": Record<string, never>; // a zip package without xl/workbook.xml
  "file.zipNoCsv": { entries: string[] }; // a .zip given as a CSV holds no .csv or .txt file
  "file.zipManyCsv": { names: string[] }; // … or several, and which to read is the user's choice
  "file.damagedZip": { why: string }; // what of the zip structure is broken
  "file.partMissing": { part: string };
  "file.partEncrypted": { part: string };
  "file.partCompression": { part: string; method: number };
  "file.partDamaged": { part: string; error: string }; // its compressed data does not inflate
  "file.partMalformed": { part: string; element: string }; // an XML part without the element it must have
  "file.tableRange": { table: string; part: string; ref: string };
  "file.sheetNotFound": { sheet: string; sheets: string[] };
  "file.noWorksheet": { sheets: string[] };
  "file.notWorksheet": { sheet: string; kind: "chart" | "dialog" | "macro" | "other" };
  "file.sheetNameTaken": { sheet: string }; // rows were to be stored in a sheet of that name that has no cells
  "file.sheetPartMissing": { sheet: string; part: string }; // part "" when no relationship names one
  "file.damagedSheet": { sheet: string } & SheetDamage;
  "file.sharedString": { sheet: string; cell: string; index: string; count: number };
  "file.noHeaderRow": { sheet?: string; table?: string }; // neither: a CSV file
  // Writing output columns into a file: what is in the way
  "file.cellTaken": { sheet: string; cell: string; text: string; columns: string }; // a header cell
  "file.cellHasData": { sheet: string; cell: string; columns: string };
  "file.mergedCells": { sheet: string; range: string; columns: string };
  "file.formulaRange": { sheet: string; range: string; kind: string; columns: string };
  "file.tableOverlap": { sheet: string; table: string; range: string; columns: string };
  "file.tableNotFound": { sheet: string; table: string };
  "file.tableHeaderRow": { sheet: string; table: string; row: number };
  "file.tableNotAdjacent": { sheet: string; table: string; range: string; columns: string };
  "file.queryTable": { sheet: string; table: string };
  "file.noRoom": { sheet: string; columns: number };
  "file.tooManyRows": { sheet: string; rows: number };
  "file.tooLarge": { parts: boolean }; // over 4 GB (zip64 not written), or also over 65,535 parts
  "file.encoding": { encoding: string; offset: number }; // bytes that are not text in that encoding
  "file.unclosedQuote": { row: number }; // a CSV quote never closed: it runs to the end of the file
  "file.rowTooLong": { row: number; megabytes: number }; // one CSV record over the cap (an unclosed quote)
  "file.inflateRatio": { part: string; ratio: number }; // a part inflating more than the cap per compressed byte
  "file.inflateTotal": { megabytes: number }; // the parts read inflate to more than the cap in all
  "file.doctype": { part: string }; // a DOCTYPE, which no workbook needs (entity expansion)
  "file.cellReference": { sheet: string; ref: string }; // beyond XFD1048576
  "file.tableNotInWorkbook": { table: string; tables: string[] }; // --table names no table of the workbook
  "file.duplicateHeader": { header: string; first: string; second: string }; // two columns naming one field
  // The table a shell writes into, and its write preconditions (src/port). `table` is the table as the pane
  // names it ("Table Pipeline on Sheet1", "Sheet2!A1:K40"); `cell` an A1 address.
  "table.changed": { table: string }; // its headers or row count differ from what the values were computed from
  "table.gone": { table: string };
  "table.notOutputColumn": { table: string; column: number }; // 1-based table column
  "write.userColumn": { header: string; cell: string }; // a user's column with an output column's name
  "write.columnsApart": { cell: string }; // the output columns are not one block; `cell` is one standing apart
  "write.cellsNotEmpty": { table: string; cells: string }; // right of a plain range, where columns would go
  "read.cancelled": Record<string, never>;
  "write.cancelled": { written: [number, number][] | null }; // null: undone; else the data rows written
  "write.failed": { error: string; written: [number, number][] | null };
  // The qualify command line
  "cli.fileNotFound": { kind: "input" | "model" };
  "cli.outIsInput": Record<string, never>;
  "cli.asOf": { text: string };
  "cli.cannotWrite": { error: string };
  "cli.unexpected": { error: string };
  "cli.encoding": { text: string; known: string[] };
  "cli.cannotRead": { error: string }; // the file system's code: EISDIR, EACCES
  "cli.readOnly": Record<string, never>; // --in-place on a read-only file, without --force
  "cli.inPlaceZip": Record<string, never>; // --in-place on a zipped CSV: the output is a CSV, not a zip
  "cli.staleTemp": { file: string }; // a note: a killed run's temporary file, removed
  "cli.seed": { text: string }; // learn --seed is not a whole number from 0
  "cli.keepField": { field: string; fields: string[] }; // learn --keep names no field
  "cli.minWin": { text: string }; // learn --min-win is neither auto nor a share 0–1 (or 0–100 %)
  // Learning from won/lost history (learn.ts)
  "learn.noOutcome": { headers: string[] }; // no column names or holds won/lost outcomes
  "learn.outcomeNotFound": { column: string; headers: string[] }; // --outcome names no column
  "learn.tooFew": { won: number; lost: number; minWon: number; minLost: number };
  "learn.skewed": { won: number; lost: number; rate: number }; // a warning: the win rate is above 90 % or below 10 %
  "learn.noFields": { fields: string[] }; // no mapped field has two different values among the closed rows
  "learn.leakage": { field: string; auc: number }; // a warning: the field alone predicts the outcome almost perfectly
  "learn.nothingLeft": { keys: string[] }; // every field that varies gave the outcome away: these were left out
  // The task pane
  "pane.noTable": Record<string, never>;
  "pane.modelSheetInvalid": Record<string, never>; // the workbook's Qualification Model sheet does not validate
  "pane.modelInvalid": Record<string, never>; // the edited model does not validate
  "pane.failed": PaneAction; // the workbook refused an action (its own words go beside)
  // The workbench page
  "workbench.openFailed": { file: string }; // why goes beside: the file's problem
  "workbench.noExample": Record<string, never>;
  "workbench.notText": Record<string, never>; // a file opened as CSV whose content is binary (or a workbook)
}

/** How a sheet's XML is broken. */
export type SheetDamage =
  | { defect: "noSheetData" | "unclosedSheetData" | "notWorksheetPart" | "unterminatedRow" }
  | { defect: "rowOrder" | "unclosedRow" | "unclosedCell" | "damagedCell" | "damagedRow"; row: number }
  | { defect: "badRowNumber"; text: string };

/** What the pane was doing when the workbook failed. */
export type PaneAction =
  | { action: "read" | "readTable" | "forgetMapping" | "qualify" | "filter" | "storeModel" }
  | { action: "rememberColumn"; field: string }
  | { action: "rememberValue"; field: string; value: string }
  | { action: "selectRow"; row: number };

export type ProblemCode = keyof ProblemParams;

export interface Problem<C extends ProblemCode = ProblemCode> {
  code: C;
  path?: (string | number)[]; // where: a model setting's path, a file's sheet and cell, …
  params: ProblemParams[C];
}

export function problem<C extends ProblemCode>(
  code: C,
  params: ProblemParams[C],
  path?: (string | number)[],
): Problem<C> {
  return path === undefined ? { code, params } : { code, path, params };
}

/** A setting's path as a user types it: "weights.financing", "values.margin.curve.1.0". */
export function pathText(path: readonly (string | number)[] | undefined): string {
  return (path ?? []).map(String).join(".");
}

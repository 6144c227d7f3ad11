// Problems as data: everything the product reports about input it cannot use is a value { code, path, params },
// never a sentence. messages.ts words each code once; each surface (a cell's error, a CLI line, the pane's
// message bar, a model setting's field) prints it with its own small printer.

/** What each problem code carries. */
export interface ProblemParams {
  // Tables
  "table.noFields": { headers: string[] }; // no header names a field the engine knows
  // Formula arguments
  "formula.emptyRange": Record<string, never>;
  "formula.headerRows": { rows: number }; // the headers argument is more than one row
  "formula.widthMismatch": { headers: number; width: number };
  "formula.headerOnly": Record<string, never>; // a block with its header row and nothing below
  "formula.unknownDetail": { detail: string; choices: string[] };
  "formula.modelShape": Record<string, never>; // neither a two-column range nor a JSON text
  "formula.modelColumns": { width: number };
  "formula.unexpected": { error: string }; // a failure no check foresaw
  // Scoring models: reading one (JSON, setting/value rows) and validating it. `path` names the setting.
  "model.json": { error: string }; // the JSON text does not parse
  "model.type": { expected: string; received: string }; // a value of the wrong type
  "model.tooSmall": { minimum: number; inclusive: boolean };
  "model.tooBig": { maximum: number; inclusive: boolean };
  "model.tooFew": { minimum: number; what: string }; // too few items (curve points) or characters
  "model.option": { options: string[] }; // not one of the allowed values
  "model.unknownKeys": { keys: string[] }; // settings the model does not have, inside an object
  "model.unknownSetting": Record<string, never>; // a setting row that names no setting
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
  "model.invalid": { detail: string }; // a rule of the schema this catalogue does not word (kept as zod says it)
}

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

// The engine's public face: every shell (formulas, task pane, CLI, workbench) imports from here and nowhere deeper.
export type * from "./types";
export { FIELDS, FIELD_KEYS, fieldSpec, fieldLabel } from "./fields";
export { matchHeaders, normaliseHeader, recognisedCount } from "./headers";
export { parseCell, readOpportunity, opportunityFromRecord, isEmptyRow, isBlankCell } from "./parse";
export { defaultModel, parseModel, loadModel, applySettings, modelToSettings, ModelError } from "./model";
export { assess, scoreOpportunity } from "./qualify";
export {
  assessTable,
  scoreTable,
  scoreColumns,
  requireMapping,
  isEmptyOpportunity,
  NoFieldsError,
  type TableResult,
} from "./table";
export { scoresAt, type ScoreColumns } from "./batch";
export { OUTPUT_COLUMNS, outputRow, isFormulaLike, formatScore } from "./output";
export { dateToSerial, partsToSerial, serialToIso, todaySerial } from "./dates";
export { summarise, SummaryBuilder, VERDICTS, type PipelineSummary, type VerdictTotal } from "./summary";
export { formatMoney, describeValue } from "./rationale";

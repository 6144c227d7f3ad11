// The engine's public face: every shell (formulas, task pane, CLI, workbench) imports from here and nowhere
// deeper, and every domain type is exported from here.
export type * from "./types";
export type { ScoringModel, Vocabulary } from "./schema";
export { FIELDS, FIELD_KEYS, fieldSpec, fieldLabel } from "./fields";
export {
  matchHeaders,
  normaliseHeader,
  outputColumnOf,
  recognisedCount,
  SAMPLE_VALUES,
  wonOnlyProblem,
  type MatchOptions,
} from "./headers";
export { unrecognisedProblems, type UnrecognisedValues } from "./value-tally";
export { parseCell, isBlankCell } from "./parse";
export {
  defaultModel,
  parseModel,
  loadModel,
  applySettings,
  modelToSettings,
  ModelError,
} from "./scoring-model";
export {
  qualifyTable,
  tableQualifier,
  scoresAt,
  type Detail,
  type QualifyOptions,
  type QualificationColumns,
  type TableQualifier,
} from "./qualify-table";
export {
  problem,
  pathText,
  type PaneAction,
  type Problem,
  type ProblemCode,
  type ProblemParams,
} from "./problems";
export { describeProblem, describeSettingProblem, errorText, HINTS, ProblemError } from "./messages";
export {
  ALL_OUTPUT_COLUMNS,
  OUTPUT_COLUMNS,
  outputColumnsFor,
  outputRowAt,
  WIN_COLUMNS,
  type OutputRow,
  type WinRow,
} from "./output";
export { dateToSerial, partsToSerial, serialToIso, todaySerial } from "./dates";
export { summarise, SummaryBuilder, type PipelineSummary, type VerdictTotal } from "./summary";
export { formatMoney } from "./rationale";
export {
  proposeMinWin,
  withMinWin,
  type MinWinOptions,
  type MinWinProposal,
  type MinWinResult,
  type VerdictChange,
  type VerdictCounts,
} from "./min-win-proposal";
export { minWinLines } from "./learn-words";

// The pane's words for the scoring model's settings, beside the pane that shows them: each setting's label in
// a sales manager's words, its unit and range, and the problem with a typed value said as what to enter. The
// setting keys (as the Qualification Model sheet names them) stay the data; these are only how they are shown.
import { describeProblem, FIELD_KEYS, fieldLabel, type Problem } from "../../model";

export interface SettingLabel {
  label: string;
  /** Unit and range, shown under the label: "0 to 100 points". */
  hint?: string;
  /** The range a number must fall in, for the "Enter a number between…" wording. */
  min?: number;
  max?: number;
}

const POINTS = { hint: "0 to 100 points", min: 0, max: 100 };

/** Settings with a label of their own. Weights are labelled by their field (see settingLabel). */
export const SETTING_LABELS: Record<string, SettingLabel> = {
  "thresholds.qualified.minScore": { label: "Minimum score to qualify", ...POINTS },
  "thresholds.qualified.maxRisk": { label: "Highest risk allowed for Qualified", ...POINTS },
  "thresholds.qualified.maxComponentRisk": {
    label: "Highest single risk allowed for Qualified",
    ...POINTS,
  },
  "thresholds.conditional.minScore": { label: "Minimum score for Conditional", ...POINTS },
  "thresholds.conditional.maxRisk": { label: "Highest risk allowed for Conditional", ...POINTS },
  "thresholds.conditional.maxComponentRisk": {
    label: "Highest single risk allowed for Conditional",
    ...POINTS,
  },
  "grades.A": { label: "Lowest score for grade A", ...POINTS },
  "grades.B": { label: "Lowest score for grade B", ...POINTS },
  "grades.C": { label: "Lowest score for grade C", ...POINTS },
  "knockouts.noSolution.enabled": { label: "Knock-out: no solution available and none on the roadmap" },
  "knockouts.negativeMargin.enabled": { label: "Knock-out: margin below the limit" },
  "knockouts.negativeMargin.below": {
    label: "Margin limit for the knock-out",
    hint: "% (0 = negative margins)",
  },
  "weights.bidEffort": { label: "Bid effort", hint: "weight, 0 or more", min: 0 },
};

/** The group titles the panel shows, with the one line that says what the group does. */
export const GROUP_TEXT: Record<string, { title: string; hint: string }> = {
  Weights: {
    title: "Weights",
    hint: "How much each field counts toward the attractiveness score. Relative: 0 leaves a field out.",
  },
  "Thresholds and grades": {
    title: "Thresholds and grades",
    hint: "Score is attractiveness (0 to 100); risk is 0 (none) to 100.",
  },
  "Knock-outs": {
    title: "Knock-outs",
    hint: "A knock-out makes an opportunity Not qualified whatever its score.",
  },
};

/** Title of the folded group of all other settings, listed by their names in the Qualification Model sheet. */
export const moreSettingsTitle = (n: number): string =>
  `More settings: value curves, risk and effort (${n}, by their names in the Qualification Model sheet)`;

/** The label, hint and range for a setting: its own, a weight's field, or else the sheet's name for it. */
export function settingLabel(setting: string): SettingLabel {
  const own = SETTING_LABELS[setting];
  if (own) return own;
  const [group, last] = setting.split(".");
  if (group === "weights" && (FIELD_KEYS as readonly string[]).includes(last)) {
    return { label: fieldLabel(last), hint: "weight, 0 or more", min: 0 };
  }
  return { label: setting };
}

const NUMBER_PROBLEMS = new Set(["model.type", "model.tooSmall", "model.tooBig"]);

/** A setting's problem in the user's words: what to enter when the setting has a range, else the catalogue's. */
export function settingProblemText(setting: string, p: Problem): string {
  const { min, max } = settingLabel(setting);
  if (NUMBER_PROBLEMS.has(p.code) && min !== undefined) {
    return max === undefined ? `Enter a number, ${min} or more` : `Enter a number between ${min} and ${max}`;
  }
  const text = describeProblem(p);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The one line that says what score and grade mean, wherever they are shown. */
export const ATTRACTIVENESS_LEGEND =
  "Attractiveness: score 0 to 100 and grade A (best) to D. The verdict also weighs risk and knock-outs, " +
  "so an attractive deal can still be Conditional or Not qualified.";

/** Under the summary with a learned model (the CLI's summary says the same of its figure). */
export const EXPECTED_VALUE_LEGEND =
  "Expected value: learned win % × deal value − bid cost, added up per currency like the pipeline value.";

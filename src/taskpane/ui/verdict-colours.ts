// Each verdict's colours in the pane, as Fluent's status tokens (success, warning, neutral, danger), so badges and the
// chart follow the Office theme, light or dark. (The sheet's own conditional formats are port/formats.ts.)
import { tokens } from "@fluentui/react-components";
import type { Verdict } from "../../model";

export const VERDICT_TOKENS: Record<Verdict, { fill: string; font: string; border: string }> = {
  Qualified: {
    fill: tokens.colorStatusSuccessBackground1,
    font: tokens.colorStatusSuccessForeground1,
    border: tokens.colorStatusSuccessBorder1,
  },
  Conditional: {
    fill: tokens.colorStatusWarningBackground1,
    font: tokens.colorStatusWarningForeground1,
    border: tokens.colorStatusWarningBorder1,
  },
  // Neutral grey: short of data is not a judgement on the deal.
  "Needs information": {
    fill: tokens.colorNeutralBackground3,
    font: tokens.colorNeutralForeground2,
    border: tokens.colorNeutralStroke1,
  },
  "Not qualified": {
    fill: tokens.colorStatusDangerBackground1,
    font: tokens.colorStatusDangerForeground1,
    border: tokens.colorStatusDangerBorder1,
  },
};

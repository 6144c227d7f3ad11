// Each verdict's colours in the pane, as Fluent's status tokens (success, warning, danger), so badges and the
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
  "Not qualified": {
    fill: tokens.colorStatusDangerBackground1,
    font: tokens.colorStatusDangerForeground1,
    border: tokens.colorStatusDangerBorder1,
  },
};

// Effort to achieve the sale, in person-days: the RFP response, solution design and customization, customer
// interactions and alternative solutions; and what the bid cost is worth against the deal value. The formulas
// only: evaluate() reads their inputs (the plan's EFFORT_FIELDS) from a row and takes defaults for missing ones.
import { interpolate, type FlatCurve } from "./curve";
import { round1 } from "./output";
import type { ScoringModel } from "./schema";

export type Customization = keyof ScoringModel["effort"]["designDays"];

/** What one customization class costs: hours per RFP question and days of solution design. */
export interface CustomizationEffort {
  hoursPerQuestion: number;
  designDays: number;
}

export function customizationEffort(
  e: ScoringModel["effort"],
  customization: Customization,
): CustomizationEffort {
  return { hoursPerQuestion: e.hoursPerRfpQuestion[customization], designDays: e.designDays[customization] };
}

/**
 * The effort in person-days, rounded to 0.1, from its inputs; writes the unrounded parts (RFP response, solution
 * design, interactions, alternatives) into `parts`. The one formula for effort, whoever asks.
 */
export function effortDays(
  e: ScoringModel["effort"],
  perCustomization: CustomizationEffort,
  rfp: boolean,
  questions: number,
  devSize: number,
  interactions: number,
  alternatives: number,
  parts: number[],
): number {
  const rfpResponse =
    (rfp ? e.rfpBaseDays : 0) + (questions * perCustomization.hoursPerQuestion) / e.hoursPerDay;
  const solutionDesign = perCustomization.designDays + devSize * e.designShareOfDevelopment;
  const interactionDays = interactions * e.daysPerInteraction;
  const alternativeDays = alternatives * e.daysPerAlternative;
  parts[0] = rfpResponse;
  parts[1] = solutionDesign;
  parts[2] = interactionDays;
  parts[3] = alternativeDays;
  return round1(rfpResponse + solutionDesign + interactionDays + alternativeDays);
}

/**
 * What the effort is worth to the score: the bid cost against the deal value (a big bid for a small deal is
 * poor). An unknown deal value is taken as the model's small reference value, so not knowing it never helps.
 */
export function bidCostGoodness(
  plan: { model: ScoringModel; costPct: FlatCurve },
  bidCost: number,
  dealValue: number | null,
): number {
  const value = dealValue ?? plan.model.effort.missingDealValue;
  const pct = value > 0 ? (100 * bidCost) / value : Number.POSITIVE_INFINITY;
  return interpolate(plan.costPct, pct);
}

/** The bid cost as a percentage of a known, positive deal value (two decimals), else null. */
export function bidCostPercent(bidCost: number, dealValue: number | null): number | null {
  return dealValue !== null && dealValue > 0 ? Math.round((bidCost / dealValue) * 1e4) / 100 : null;
}

// Effort to achieve the sale, in person-days: the RFP response, solution design and customization, customer
// interactions and alternative solutions, with the bid cost and its share of the deal value. Inputs that are
// missing take the model's stated defaults and are listed as assumed.
import { compile } from "./compiled";
import { interpolate } from "./curve";
import { round1 } from "./output";
import type { ScoringModel } from "./schema";
import type { EffortBreakdown, FieldKey, Opportunity } from "./types";

export type Customization = keyof ScoringModel["effort"]["designDays"];

function numberOr(opp: Opportunity, field: FieldKey, fallback: number, assumed: FieldKey[]): number {
  const v = opp[field];
  if (v.status === "ok" && typeof v.value === "number") return v.value;
  assumed.push(field);
  return fallback;
}

export function effortOf(model: ScoringModel, opp: Opportunity): EffortBreakdown {
  const e = model.effort;
  const assumed: FieldKey[] = [];
  const c = opp.customization;
  let customization: Customization;
  if (c.status === "ok") customization = c.value as Customization;
  else {
    customization = e.defaults.customization;
    assumed.push("customization");
  }
  let rfp: boolean;
  if (opp.rfp.status === "ok") rfp = opp.rfp.value === "yes";
  else {
    rfp = e.defaults.rfp;
    assumed.push("rfp");
  }
  const questions = numberOr(opp, "rfpQuestions", e.defaults.rfpQuestions, assumed);
  const devSize = numberOr(opp, "developmentSize", e.defaults.developmentSize, assumed);
  const interactions = numberOr(opp, "interactions", e.defaults.interactions, assumed);
  const alternatives = numberOr(opp, "alternatives", e.defaults.alternatives, assumed);

  const parts = PARTS;
  const total = effortDays(
    e,
    customizationEffort(e, customization),
    rfp,
    questions,
    devSize,
    interactions,
    alternatives,
    parts,
  );
  const [rfpResponse, solutionDesign, interactionDays, alternativeDays] = parts;
  const bidCost = Math.round(total * e.dayRate);
  const deal = opp.dealValue;
  const bidCostPct =
    deal.status === "ok" && (deal.value as number) > 0
      ? Math.round((bidCost / (deal.value as number)) * 1e4) / 100
      : null;
  return {
    total,
    parts: {
      rfpResponse: round1(rfpResponse),
      solutionDesign: round1(solutionDesign),
      interactions: round1(interactionDays),
      alternatives: round1(alternativeDays),
    },
    bidCost,
    bidCostPct,
    assumed,
  };
}

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

// Reused for every row: effortOf copies the parts out straight away.
const PARTS = [0, 0, 0, 0];

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
export function effortGoodness(model: ScoringModel, effort: EffortBreakdown, opp: Opportunity): number {
  const deal = opp.dealValue;
  return bidCostGoodness(model, effort.bidCost, deal.status === "ok" ? (deal.value as number) : null);
}

export function bidCostGoodness(model: ScoringModel, bidCost: number, dealValue: number | null): number {
  const value = dealValue ?? model.effort.missingDealValue;
  const pct = value > 0 ? (100 * bidCost) / value : Number.POSITIVE_INFINITY;
  return interpolate(compile(model).costPct, pct);
}

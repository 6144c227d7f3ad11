// Effort to achieve the sale, in person-days: the RFP response, solution design and customization, customer
// interactions and alternative solutions, with the bid cost and its share of the deal value. Inputs that are
// missing take the model's stated defaults and are listed as assumed.
import { compile } from "./compiled";
import { interpolate } from "./curve";
import { round1 } from "./output";
import type { ScoringModel } from "./schema";
import type { EffortBreakdown, FieldKey, Opportunity } from "./types";

type Customization = keyof ScoringModel["effort"]["designDays"];

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

  const rfpResponse =
    (rfp ? e.rfpBaseDays : 0) + (questions * e.hoursPerRfpQuestion[customization]) / e.hoursPerDay;
  const solutionDesign = e.designDays[customization] + devSize * e.designShareOfDevelopment;
  const interactionDays = interactions * e.daysPerInteraction;
  const alternativeDays = alternatives * e.daysPerAlternative;
  const total = round1(rfpResponse + solutionDesign + interactionDays + alternativeDays);
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

/**
 * What the effort is worth to the score: the bid cost against the deal value (a big bid for a small deal is
 * poor). An unknown deal value is taken as the model's small reference value, so not knowing it never helps.
 */
export function effortGoodness(model: ScoringModel, effort: EffortBreakdown, opp: Opportunity): number {
  const deal = opp.dealValue;
  const value = deal.status === "ok" ? (deal.value as number) : model.effort.missingDealValue;
  const pct = value > 0 ? (100 * effort.bidCost) / value : Number.POSITIVE_INFINITY;
  return interpolate(compile(model).costPct, pct);
}

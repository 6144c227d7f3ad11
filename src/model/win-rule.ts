// The verdict's one rule about the learned win probability (the model's `winModel.minWinProbability`): a row the
// scoring rules would qualify is Conditional, not Qualified, while its learned chance of winning is below the
// minimum. Attractiveness (score, grade), risk and effort keep their meaning: a deal worth pursuing that history
// says is seldom won is one to pursue on a condition (raise the odds first), not one to drop, which is why the
// rule demotes to Conditional and never to Not qualified. It never lifts a verdict, and it leaves rows that need
// information (they wait for data) and knocked-out rows (a knock-out decides) as they are. The win probability
// is taken as learned, missing values included: the history already says how often deals lacking that value
// were won, so a missing value is no reason to assume the worst here.
import type { Block } from "./block";
import type { ModelPlan } from "./plan";
import { CONDITIONAL, QUALIFIED } from "./score";
import { winPlanOf, winProbabilities } from "./win-probability";

/**
 * With a learned win model: each row's win probability into b.win, then the minimum (when the model sets one)
 * applied to rows [0, count) already evaluated: a Qualified row, or one Qualified but for its missing data,
 * whose probability is below it becomes Conditional (b.winBlocked 1). No win model: nothing is done.
 */
export function applyWinRule(plan: ModelPlan, b: Block, count: number): void {
  const win = winPlanOf(plan);
  if (win === null) return;
  winProbabilities(win, b, count, b.win);
  const { winBlocked, verdict, unsure } = b;
  winBlocked.fill(0, 0, count);
  const min = plan.model.winModel!.minWinProbability;
  if (min === undefined) return;
  for (let r = 0; r < count; r++) {
    const qualifies = verdict[r] === QUALIFIED || (verdict[r] === CONDITIONAL && unsure[r] === 1);
    if (qualifies && b.win[r] < min) {
      verdict[r] = CONDITIONAL;
      // Firmly Conditional: its next step is what would raise its chances (the counterfactual), not data to collect.
      unsure[r] = 0;
      winBlocked[r] = 1;
    }
  }
}

/** Whether a model's verdicts use its learned win probability (it has a win model with a minimum). */
export function winRuleActive(plan: ModelPlan): boolean {
  return plan.model.winModel?.minWinProbability !== undefined;
}

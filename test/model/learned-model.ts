// A model with a learned win model, for tests of the shells' win columns: the default model plus what learning
// finds in the synthetic history (a known law, never real data). Learned once per test process.
import { defaultModel, type ScoringModel } from "../../src/model";
import { learnFromHistory } from "../../src/model/learn";
import { AS_OF } from "./helpers";
import { syntheticHistory } from "./synthetic-history";

let learned: ScoringModel | null = null;

export function learnedModel(): ScoringModel {
  if (learned) return learned;
  const h = syntheticHistory(600, 3);
  const r = learnFromHistory(h.headers, h.rows, { model: defaultModel, asOf: AS_OF });
  if (!r.ok) throw new Error("the synthetic history should be learnable");
  return (learned = r.model);
}

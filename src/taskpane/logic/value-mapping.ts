// What the user says a column's unrecognised values mean, as the pane offers and applies it: the choices for a
// field (its levels, or the numbers its words stand for), and the scoring model with those meanings added to its
// vocabulary, so the next run reads them. The meanings are remembered per table (port/mapping-sheet.ts).
import {
  FIELDS,
  loadModel,
  ModelError,
  type FieldKey,
  type Problem,
  type ScoringModel,
  type UnrecognisedValues,
} from "../../model";
import type { StoredValues } from "../../port/mapping-sheet";

export interface ValueChoice {
  value: string; // a level key, or a number as text
  label: string;
}

/** What a value of `field` can be said to mean: its levels, or each number its words stand for (with a word). */
export function valueChoices(model: ScoringModel, field: FieldKey): ValueChoice[] {
  const spec = FIELDS.find((f) => f.key === field)!;
  if (spec.levels) return spec.levels.map((l) => ({ value: l.key, label: l.label }));
  const words = model.vocabulary.words[field] ?? {};
  const byNumber = new Map<number, string>();
  for (const [word, n] of Object.entries(words)) if (!byNumber.has(n)) byNumber.set(n, word);
  return [...byNumber]
    .sort((a, b) => a[0] - b[0])
    .map(([n, word]) => ({ value: String(n), label: `${word} (${n})` }));
}

/** Whether the pane can offer meanings for a field's values (level fields, and numeric fields with words). */
export function canMapValues(model: ScoringModel, field: FieldKey): boolean {
  return valueChoices(model, field).length > 0;
}

/** The vocabulary words these meanings add, as a partial model to merge over a model. */
function vocabularyOf(values: StoredValues): { vocabulary: Record<string, unknown> } {
  const levels: Record<string, Record<string, string[]>> = {};
  const words: Record<string, Record<string, number>> = {};
  for (const [field, meanings] of Object.entries(values) as [FieldKey, Record<string, string>][]) {
    const spec = FIELDS.find((f) => f.key === field)!;
    for (const [value, meaning] of Object.entries(meanings)) {
      if (spec.levels) ((levels[field] ??= {})[meaning] ??= []).push(value);
      else if (Number.isFinite(Number(meaning))) (words[field] ??= {})[value] = Number(meaning);
    }
  }
  return { vocabulary: { levels, words } };
}

/**
 * The model with the remembered meanings added to its vocabulary. Meanings the model cannot take (a word that
 * already means another level) are left out and reported, never fatal: the rest still apply.
 */
export function modelWithValues(
  model: ScoringModel,
  values: StoredValues,
): { model: ScoringModel; problems: Problem[] } {
  if (Object.keys(values).length === 0) return { model, problems: [] };
  try {
    return { model: loadModel(vocabularyOf(values), model), problems: [] };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    // One meaning at a time, so one that clashes does not lose the others.
    let m = model;
    const problems: Problem[] = [];
    for (const [field, meanings] of Object.entries(values) as [FieldKey, Record<string, string>][]) {
      for (const [value, meaning] of Object.entries(meanings)) {
        try {
          m = loadModel(vocabularyOf({ [field]: { [value]: meaning } }), m);
        } catch (e) {
          if (e instanceof ModelError) problems.push(...e.problems);
          else throw e;
        }
      }
    }
    return { model: m, problems };
  }
}

/** The remembered meanings with one more (or one forgotten, when `meaning` is null). */
export function chooseValue(
  values: StoredValues,
  field: FieldKey,
  value: string,
  meaning: string | null,
): StoredValues {
  const own = { ...(values[field] ?? {}) };
  if (meaning === null) delete own[value];
  else own[value] = meaning;
  const next = { ...values, [field]: own };
  if (Object.keys(own).length === 0) delete next[field];
  return next;
}

/** The columns whose values the pane can offer to map, as the table service counted them. */
export function mappableColumns(
  model: ScoringModel,
  columns: readonly UnrecognisedValues[],
): UnrecognisedValues[] {
  return columns.filter((c) => canMapValues(model, c.field));
}

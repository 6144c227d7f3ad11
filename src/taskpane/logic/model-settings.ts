// The model panel's data: the scoring model as setting/value rows grouped for editing, validated by the engine
// (applySettings), with each problem placed beside the setting its path names (the panel words them).
import {
  ModelError,
  applySettings,
  pathText,
  defaultModel,
  modelToSettings,
  type Cell,
  type Problem,
  type ScoringModel,
} from "../../model";

export type SettingValue = string | number | boolean;
export type Settings = [string, SettingValue][];

export interface SettingGroup {
  title: string;
  settings: string[];
}

const MODEL_HEADER: Cell[] = ["Setting", "Value"];

export function settingsOf(model: ScoringModel): Settings {
  return modelToSettings(model);
}

const GROUPS: { title: string; test: (s: string) => boolean }[] = [
  { title: "Weights", test: (s) => s.startsWith("weights.") },
  { title: "Thresholds and grades", test: (s) => s.startsWith("thresholds.") || s.startsWith("grades.") },
  {
    title: "Knock-outs",
    // Up front: each knock-out's switch and its number; its levels, field and reason are data for the sheet.
    test: (s) => s.startsWith("knockouts.") && /\.(enabled|below|above)$/.test(s),
  },
  { title: "Everything else", test: (s) => !s.startsWith("vocabulary.") },
  // The words the model reads: many rows, so last.
  { title: "Vocabulary", test: () => true },
];

export function groupSettings(settings: Settings): SettingGroup[] {
  const groups = GROUPS.map((g) => ({ title: g.title, settings: [] as string[] }));
  for (const [name] of settings) {
    const i = GROUPS.findIndex((g) => g.test(name));
    groups[i].settings.push(name);
  }
  return groups.filter((g) => g.settings.length > 0);
}

export interface Validation {
  model: ScoringModel | null;
  errors: Map<string, Problem[]>; // by setting
  general: Problem[]; // problems that name no single setting
}

/** Validates the edited rows over the default model; errors go to the setting whose path they start with. */
export function validateSettings(
  settings: readonly (readonly Cell[])[],
  base: ScoringModel = defaultModel,
): Validation {
  try {
    return { model: applySettings(base, settings), errors: new Map(), general: [] };
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const names = settings.map((r) => String(r[0] ?? "").trim());
    const errors = new Map<string, Problem[]>();
    const general: Problem[] = [];
    for (const p of error.problems) {
      // The problem names its setting by path: put it beside that setting, or the first one under it.
      const path = pathText(p.path);
      const target =
        names.find((n) => n === path) ??
        names.find((n) => path !== "" && n.startsWith(path + ".")) ??
        // A problem inside a setting that holds JSON (a curve point): beside the whole curve.
        names.find((n) => path.startsWith(n + "."));
      if (target) errors.set(target, [...(errors.get(target) ?? []), p]);
      else general.push(p);
    }
    return { model: null, errors, general };
  }
}

/** Rows for the `Qualification Model` sheet. */
export function modelSheetRows(settings: Settings): Cell[][] {
  return [MODEL_HEADER.slice(), ...settings.map(([k, v]): Cell[] => [k, v])];
}

/** Reads the sheet's rows; null rows (no sheet) mean the default model. */
export function modelFromSheet(rows: Cell[][] | null): Validation & { settings: Settings; stored: boolean } {
  if (!rows || rows.length === 0) {
    return {
      model: defaultModel,
      errors: new Map(),
      general: [],
      settings: settingsOf(defaultModel),
      stored: false,
    };
  }
  const v = validateSettings(rows);
  const fromSheet: Settings = rows
    .filter((r, i) => !(i === 0 && /^setting$/i.test(String(r[0] ?? ""))) && String(r[0] ?? "").trim() !== "")
    .map((r) => [String(r[0]).trim(), (r[1] ?? "") as SettingValue]);
  // Show every setting: the sheet's values over the defaults, so a sheet that sets only a few is still editable whole.
  const merged = new Map<string, SettingValue>(settingsOf(v.model ?? defaultModel));
  for (const [k, val] of fromSheet) merged.set(k, val);
  return { ...v, settings: [...merged], stored: true };
}

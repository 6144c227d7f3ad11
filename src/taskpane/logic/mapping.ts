// The column mapping the pane uses: the engine's detected one, overridden by what the user chose (remembered in
// the workbook). A remembered header that is no longer in the table falls back to detection, and says so.
import {
  FIELDS,
  matchHeaders,
  wonOnlyProblem,
  type Cell,
  type FieldKey,
  type HeaderMapping,
  type MatchOptions,
  type Problem,
} from "../../model";
import type { StoredMapping } from "../../port/workbook";

export type FieldSource = "detected" | "chosen" | "none";

export interface FieldMapping {
  field: FieldKey;
  column: number | null;
  source: FieldSource; // detected by header, chosen by the user, or not in the table
}

export interface Mapping {
  fields: FieldMapping[]; // in catalogue order
  engine: HeaderMapping; // what readOpportunity takes
  stale: FieldKey[]; // remembered headers that are gone from the table
}

const headerText = (h: Cell): string => (h === null || h === undefined ? "" : String(h).trim());

/**
 * `outputs`: columns holding this add-in's outputs, never offered as inputs. `match`: the model whose vocabulary
 * names the fields, and the first rows, whose values decide headers that could name two fields.
 */
export function resolveMapping(
  headers: readonly Cell[],
  stored: StoredMapping | null,
  outputs: ReadonlySet<number> = new Set(),
  match: MatchOptions = {},
): Mapping {
  const detected = matchHeaders(headers, match);
  const stale: FieldKey[] = [];
  const fields = FIELDS.map(({ key }): FieldMapping => {
    if (stored && key in stored) {
      const want = stored[key];
      if (want === null) return { field: key, column: null, source: "chosen" };
      const column = headers.findIndex((h, i) => !outputs.has(i) && headerText(h) === want);
      if (column >= 0) return { field: key, column, source: "chosen" };
      stale.push(key);
    }
    const column = detected.columns[key];
    return column === undefined || outputs.has(column)
      ? { field: key, column: null, source: "none" }
      : { field: key, column, source: "detected" };
  });
  const columns: HeaderMapping["columns"] = {};
  for (const f of fields) if (f.column !== null) columns[f.field] = f.column;
  const used = new Set(Object.values(columns));
  const engine: HeaderMapping = {
    columns,
    unmatched: headers.flatMap((h, i) =>
      used.has(i) || outputs.has(i) || headerText(h) === "" ? [] : [headerText(h)],
    ),
    outputColumns: detected.outputColumns,
    problems: mappingProblems(detected.problems ?? [], columns, headers, stored),
  };
  return { fields, engine, stale };
}

/**
 * What detection left undecided, while the user has not chosen for those fields; and whether a won column stands
 * without a closed one, said of the columns as the user has them now. Undefined when there is nothing to say.
 */
function mappingProblems(
  detected: readonly Problem[],
  columns: HeaderMapping["columns"],
  headers: readonly Cell[],
  stored: StoredMapping | null,
): Problem[] | undefined {
  const open = detected.filter(
    (p) => p.code !== "mapping.wonOnly" && !("field" in p.params && stored && p.params.field in stored),
  );
  const wonOnly = wonOnlyProblem(columns, headers);
  const all = wonOnly ? [...open, wonOnly] : open;
  return all.length > 0 ? all : undefined;
}

/** The user's change to one field, as the mapping to remember (only fields the user touched, plus this one). */
export function chooseColumn(
  headers: readonly Cell[],
  stored: StoredMapping | null,
  field: FieldKey,
  column: number | null,
): StoredMapping {
  return { ...(stored ?? {}), [field]: column === null ? null : headerText(headers[column]) };
}

/** Columns offered for a field: every non-empty header that is not an output column. */
export function columnChoices(
  headers: readonly Cell[],
  outputs: ReadonlySet<number>,
): { column: number; label: string }[] {
  return headers.flatMap((h, i) =>
    outputs.has(i) || headerText(h) === "" ? [] : [{ column: i, label: headerText(h) }],
  );
}

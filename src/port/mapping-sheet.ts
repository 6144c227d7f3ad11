// The remembered column mappings as sheet rows (Table | Field | Column header), so both adapters store them
// the same way and a workbook qualified in the workbench keeps its mapping when opened in Excel. The same sheet
// remembers what the user said a column's unrecognised values mean: rows Table | value:<field> | value | meaning
// (a level key, or a number on the field's axis), which a mapping reader of an older version skips.
import { FIELD_KEYS, type Cell, type FieldKey } from "../model";
import { MAPPING_HEADER, type StoredMapping } from "./workbook";

/** What the user said unrecognised values mean, per field: value as written → level key or number (as text). */
export type StoredValues = Partial<Record<FieldKey, Record<string, string>>>;

const isField = (v: string): v is FieldKey => (FIELD_KEYS as readonly string[]).includes(v);
const VALUE = "value:";
const valueField = (v: string): FieldKey | null =>
  v.startsWith(VALUE) && isField(v.slice(VALUE.length)) ? (v.slice(VALUE.length) as FieldKey) : null;

const text = (c: Cell): string => (c === null || c === undefined || typeof c === "object" ? "" : String(c));

/** Reads the mapping stored for `key`, or null when none is. Rows that do not parse are ignored, not fatal. */
export function mappingFromRows(
  rows: readonly (readonly Cell[])[] | null,
  key: string,
): StoredMapping | null {
  if (!rows) return null;
  const mapping: StoredMapping = {};
  let found = false;
  for (const row of rows) {
    if (text(row[0]) !== key) continue;
    const field = text(row[1]);
    if (!isField(field)) continue;
    const header = text(row[2]);
    mapping[field] = header === "" ? null : header;
    found = true;
  }
  return found ? mapping : null;
}

/** Reads the value meanings stored for `key` ({} when none). Rows that do not parse are ignored. */
export function valuesFromRows(rows: readonly (readonly Cell[])[] | null, key: string): StoredValues {
  const values: StoredValues = {};
  for (const row of rows ?? []) {
    const field = text(row[0]) === key ? valueField(text(row[1])) : null;
    const value = text(row[2]);
    const meaning = text(row[3]);
    if (field === null || value === "" || meaning === "") continue;
    (values[field] ??= {})[value] = meaning;
  }
  return values;
}

/** The sheet's rows kept when one kind of `key`'s rows is replaced (header dropped; written again first). */
function kept(rows: readonly (readonly Cell[])[] | null, drop: (row: readonly Cell[]) => boolean): Cell[][] {
  return (rows ?? [])
    .filter((row, i) => text(row[0]) !== "" && !(i === 0 && text(row[0]) === MAPPING_HEADER[0]) && !drop(row))
    .map((r) => r.slice(0, 4));
}

/** The sheet's rows with the mapping for `key` replaced (other tables' rows and value meanings kept). */
export function mappingToRows(
  rows: readonly (readonly Cell[])[] | null,
  key: string,
  mapping: StoredMapping,
): Cell[][] {
  const others = kept(rows, (row) => text(row[0]) === key && valueField(text(row[1])) === null);
  const own = (Object.keys(mapping) as FieldKey[])
    .filter(isField)
    .map((field): Cell[] => [key, field, mapping[field] ?? ""]);
  return [MAPPING_HEADER.slice(), ...others, ...own];
}

/** The sheet's rows with the value meanings for `key` replaced (its column mapping and other tables' kept). */
export function valuesToRows(
  rows: readonly (readonly Cell[])[] | null,
  key: string,
  values: StoredValues,
): Cell[][] {
  const others = kept(rows, (row) => text(row[0]) === key && valueField(text(row[1])) !== null);
  const own = (Object.keys(values) as FieldKey[])
    .filter(isField)
    .flatMap((field) =>
      Object.entries(values[field] ?? {}).map(([value, meaning]): Cell[] => [
        key,
        VALUE + field,
        value,
        meaning,
      ]),
    );
  return [MAPPING_HEADER.slice(), ...others, ...own];
}

// The remembered column mappings as sheet rows (Table | Field | Column header), so both adapters store them
// the same way and a workbook qualified in the workbench keeps its mapping when opened in Excel.
import { FIELD_KEYS, type Cell, type FieldKey } from "../model";
import { MAPPING_HEADER, type StoredMapping } from "./workbook";

const isField = (v: string): v is FieldKey => (FIELD_KEYS as readonly string[]).includes(v);

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

/** The sheet's rows with the mapping for `key` replaced (other tables' rows kept, header row first). */
export function mappingToRows(
  rows: readonly (readonly Cell[])[] | null,
  key: string,
  mapping: StoredMapping,
): Cell[][] {
  const kept = (rows ?? []).filter(
    (row, i) =>
      text(row[0]) !== "" && !(i === 0 && text(row[0]) === MAPPING_HEADER[0]) && text(row[0]) !== key,
  );
  const own = (Object.keys(mapping) as FieldKey[])
    .filter(isField)
    .map((field): Cell[] => [key, field, mapping[field] ?? ""]);
  return [MAPPING_HEADER.slice(), ...kept.map((r) => r.slice(0, 3)), ...own];
}

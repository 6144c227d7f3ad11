// Header matching: which column holds which field. Headers are compared after folding case, spacing,
// punctuation and a trailing unit in brackets, so "deal_value" and "DEAL VALUE (EUR)" both name Deal Value.
import { FIELDS } from "./fields";
import { OUTPUT_COLUMNS } from "./output";
import type { Cell, FieldKey, HeaderMapping, OutputColumn } from "./types";

export function normaliseHeader(header: Cell): string {
  if (header === null || header === undefined || typeof header === "object") return "";
  return String(header)
    .toLowerCase()
    .replace(/\s*[([][^)\]]*[)\]]\s*$/, "") // a trailing "(EUR)" or "[pd]"
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const lookup = new Map<string, FieldKey>();
for (const field of FIELDS) {
  for (const name of [field.header, ...field.synonyms]) {
    const key = normaliseHeader(name);
    if (!lookup.has(key)) lookup.set(key, field.key);
  }
}
const outputLookup = new Map<string, OutputColumn>(OUTPUT_COLUMNS.map((c) => [normaliseHeader(c), c]));

/**
 * Maps a header row to fields. The first column naming a field wins; later duplicates are reported as unmatched.
 * This add-in's own output columns are told apart (our "Effort (pd)" folds to "effort" and must never be read
 * back as an input). A new mapping every call: callers may keep or change it.
 */
export function matchHeaders(headers: readonly Cell[]): HeaderMapping {
  const mapping: HeaderMapping = { columns: {}, unmatched: [], outputColumns: {} };
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    if (key === "") return;
    const output = outputLookup.get(key);
    if (output && mapping.outputColumns[output] === undefined) {
      mapping.outputColumns[output] = index;
      return;
    }
    const field = lookup.get(key);
    if (field && mapping.columns[field] === undefined) mapping.columns[field] = index;
    else mapping.unmatched.push(String(header));
  });
  return mapping;
}

/** Headers that name a field for the opportunity (not this add-in's outputs): how many fields were recognised. */
export function recognisedCount(mapping: HeaderMapping): number {
  return Object.keys(mapping.columns).length;
}

// The values of a table's mapped columns that the model's vocabulary does not know, counted per column while the
// rows are read: what a user must map ("Budget: 'Can Buy' (312 rows) not recognised"). Bounded: at most
// MAX_DISTINCT distinct values are counted per column; the rest are only counted as more.
import { problem, type Problem } from "./problems";
import type { FieldPlan, Outcome } from "./plan";
import type { Cell, FieldKey, HeaderMapping } from "./types";

const MAX_DISTINCT = 200;

export interface UnrecognisedValues {
  field: FieldKey;
  column: number; // 0-based column of the table
  header: string;
  values: { value: string; rows: number }[]; // most rows first
  more: number; // distinct values beyond MAX_DISTINCT, not counted one by one
}

export class ValueTally {
  private readonly counts = new Map<number, Map<string, number>>(); // by FIELDS index
  private readonly overflow = new Map<number, Set<string>>();

  /** Counts one cell of field `f` whose value was not recognised. */
  add(f: FieldPlan, o: Outcome): void {
    const raw = o.value.status === "unrecognised" ? o.value.raw : "";
    let counts = this.counts.get(f.index);
    if (!counts) this.counts.set(f.index, (counts = new Map()));
    const n = counts.get(raw);
    if (n !== undefined) counts.set(raw, n + 1);
    else if (counts.size < MAX_DISTINCT) counts.set(raw, 1);
    else {
      let over = this.overflow.get(f.index);
      if (!over) this.overflow.set(f.index, (over = new Set()));
      if (over.size < MAX_DISTINCT) over.add(raw);
    }
  }

  /** Per mapped column with unrecognised values, in column order. `fields` are the plan's fields. */
  columns(
    fields: readonly FieldPlan[],
    mapping: HeaderMapping,
    headers: readonly Cell[],
  ): UnrecognisedValues[] {
    const out: UnrecognisedValues[] = [];
    for (const [index, counts] of this.counts) {
      const field = fields[index].key;
      const column = mapping.columns[field];
      if (column === undefined) continue;
      const header = headers[column];
      out.push({
        field,
        column,
        header: header === null || header === undefined || typeof header === "object" ? "" : String(header),
        values: [...counts].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows),
        more: this.overflow.get(index)?.size ?? 0,
      });
    }
    return out.sort((a, b) => a.column - b.column);
  }
}

/** One problem per column, naming its most frequent unrecognised values (at most `shown`; the rest as more). */
export function unrecognisedProblems(columns: readonly UnrecognisedValues[], shown = 4): Problem[] {
  return columns.map((c) =>
    problem("values.unrecognised", {
      field: c.field,
      header: c.header,
      values: c.values.slice(0, shown),
      more: Math.max(0, c.values.length - shown) + c.more,
    }),
  );
}

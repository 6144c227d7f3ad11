// A small Excel built on office-addin-mock for the Office adapter's tests. Objects are OfficeMockObjects, so a
// property read before load + sync returns the mock's error text; ops queue and apply only at context.sync(),
// which is counted, along with the bytes of values each sync carries and whether calculation was suspended.
// Cell writes behave like Excel's: text starting with = + - @ becomes a formula unless quote-prefixed with '.
/* eslint-disable @typescript-eslint/no-explicit-any -- the mock is untyped by design: it stands in for Office.js */
import { OfficeMockObject } from "office-addin-mock";
import { columnIndex, formatBox, parseBox, splitSheet, type Box } from "../../src/port/a1";

export type Value = string | number | boolean;
export interface FakeCell {
  value: Value; // "" = empty
  formula?: string; // set when Excel would have taken the text as a formula
  quoted?: boolean; // entered with a leading apostrophe
}

export interface FakeCF {
  sheet: string;
  box: Box;
  type: string;
  rule?: any;
  fill?: string;
  font?: string;
  criteria?: any;
}

export interface FakeTable {
  name: string;
  sheet: string;
  box: Box; // header row to last data row
  filters: Map<number, string[]>;
}

export interface FakeSheet {
  name: string;
  cells: Map<string, FakeCell>; // key "r,c"
  visibility: string;
  names: Map<string, string>; // sheet-scoped defined names -> formula
  columnWidths: Map<number, number>;
  numberFormats: Map<string, string>; // key "r,c": a format set on the cell
  autoFilter?: { address: string; column: number; values: string[] };
  bold: Set<string>;
}

export interface SyncRecord {
  bytes: number; // JSON size of the values written in this sync
  suspended: boolean; // suspendApiCalculationUntilNextSync was queued in this batch
}

const key = (r: number, c: number) => `${r},${c}`;

export class FakeExcel {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  names = new Map<string, string>(); // workbook-scoped
  cfs: FakeCF[] = [];
  activeSheet = "";
  selection: { sheet: string; box: Box } | null = null;
  selectedRange: { sheet: string; address: string } | null = null;
  syncs: SyncRecord[] = [];
  /** Makes the n-th sync (1-based, counted over the fake's life) throw before applying anything. */
  failSync: number | null = null;
  /** Called before each sync with its number; lets a test cancel a run part-way. */
  beforeSync: ((n: number) => void) | null = null;

  addSheet(name: string, rows: Value[][] = [], at = "A1"): FakeSheet {
    const sheet: FakeSheet = {
      name,
      cells: new Map(),
      visibility: "Visible",
      names: new Map(),
      columnWidths: new Map(),
      numberFormats: new Map(),
      bold: new Set(),
    };
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    const origin = parseBox(at);
    rows.forEach((row, r) => row.forEach((v, c) => this.put(sheet, origin.r0 + r, origin.c0 + c, v)));
    return sheet;
  }

  addTable(name: string, sheet: string, address: string): FakeTable {
    const table = { name, sheet, box: parseBox(address), filters: new Map<number, string[]>() };
    this.tables.push(table);
    return table;
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`ItemNotFound: sheet ${name}`);
    return s;
  }

  cell(sheet: string, address: string): FakeCell {
    const b = parseBox(address);
    return this.sheet(sheet).cells.get(key(b.r0, b.c0)) ?? { value: "" };
  }

  /** Values of a block as Excel's `values` would return them. */
  values(sheet: string, address: string): Value[][] {
    const s = this.sheet(sheet);
    const b = parseBox(address);
    const out: Value[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row: Value[] = [];
      for (let c = b.c0; c <= b.c1; c++) {
        const cell = s.cells.get(key(r, c));
        row.push(cell ? (cell.formula ? "#NAME?" : cell.value) : "");
      }
      out.push(row);
    }
    return out;
  }

  formulas(sheet: string): string[] {
    return [...this.sheet(sheet).cells.values()].filter((c) => c.formula).map((c) => c.formula!);
  }

  usedBox(sheet: FakeSheet): Box | null {
    let box: Box | null = null;
    for (const [k, cell] of sheet.cells) {
      if (cell.value === "" && !cell.formula) continue;
      const [r, c] = k.split(",").map(Number);
      box = box
        ? {
            r0: Math.min(box.r0, r),
            c0: Math.min(box.c0, c),
            r1: Math.max(box.r1, r),
            c1: Math.max(box.c1, c),
          }
        : { r0: r, c0: c, r1: r, c1: c };
    }
    return box;
  }

  /** Excel's entry rules for a value written through Range.values. */
  put(sheet: FakeSheet, r: number, c: number, v: Value): void {
    if (typeof v === "string" && v.startsWith("'")) {
      sheet.cells.set(key(r, c), { value: v.slice(1), quoted: true });
    } else if (typeof v === "string" && /^[=+\-@]/.test(v) && v.length > 1) {
      if (/^[+-]\d+(\.\d+)?$/.test(v)) sheet.cells.set(key(r, c), { value: Number(v) });
      else sheet.cells.set(key(r, c), { value: "", formula: v });
    } else if (v === "" || v === null || v === undefined) {
      sheet.cells.delete(key(r, c));
    } else {
      sheet.cells.set(key(r, c), { value: v });
    }
  }

  // ---------------------------------------------------------------- Excel.run

  /** `Excel.run` for the adapter: every batch gets a fresh context whose sync applies queued ops in order. */
  run = async <T>(batch: (context: any) => Promise<T>): Promise<T> => {
    const session = new Session(this);
    return batch(session.context);
  };
}

/** One Excel.run: the request context, its queue of ops and the objects whose loads its syncs fulfil. */
class Session {
  readonly context: any;
  private queue: (() => void)[] = [];
  private objects: any[] = [];
  /** Runs after the queued ops and before loads resolve: puts the workbook's current state into loaded objects. */
  private refresh: (() => void)[] = [];
  /** Range writes made after the sync that followed the range's creation (still applied, in creation order). */
  private late: (() => void)[] = [];
  /** After every sync: remember what each range holds, so only later assignments count as writes. */
  private settle: (() => void)[] = [];
  private suspended = false;
  private bytes = 0;

  constructor(private readonly x: FakeExcel) {
    this.context = new OfficeMockObject({
      workbook: {},
      application: {
        suspendApiCalculationUntilNextSync: () => {
          this.suspended = true;
        },
      },
    });
    this.context.sync = () => this.sync();
    this.buildWorkbook(this.context.workbook);
  }

  private async sync(): Promise<void> {
    const n = this.x.syncs.length + 1;
    this.x.beforeSync?.(n);
    const queue = this.queue;
    const refresh = this.refresh;
    this.queue = [];
    this.refresh = [];
    this.bytes = 0;
    const suspended = this.suspended;
    this.suspended = false;
    if (this.x.failSync === n) {
      this.x.syncs.push({ bytes: 0, suspended });
      throw new Error("RichApi.Error: GeneralException (injected)");
    }
    for (const op of queue) op();
    for (const op of this.late) op();
    this.x.syncs.push({ bytes: this.bytes, suspended });
    for (const f of refresh) f();
    for (const obj of this.objects) await obj.sync();
    await new Promise((resolve) => setImmediate(resolve));
    for (const f of this.settle) f();
  }

  private track<T>(obj: T): T {
    this.objects.push(obj);
    return obj;
  }

  // ------------------------------------------------------------ workbook

  private buildWorkbook(wb: any): void {
    const x = this.x;
    wb.getSelectedRange = () => {
      const sel = x.selection;
      if (!sel) throw new Error("no selection");
      return this.range(sel.sheet, sel.box);
    };
    wb.worksheets = new OfficeMockObject({});
    wb.worksheets.getActiveWorksheet = () => this.worksheet(() => x.activeSheet);
    wb.worksheets.getItem = (name: string) => this.worksheet(() => name);
    wb.worksheets.getItemOrNullObject = (name: string) => this.worksheet(() => name, true);
    wb.worksheets.add = (name: string) => {
      this.queue.push(() => x.addSheet(name));
      return this.worksheet(() => name);
    };
    wb.tables = this.collection(() => x.tables.map((t) => this.table(t.name)));
    wb.tables.getItem = (name: string) => this.table(name);
    wb.names = this.namesOf(() => x.names, null);
  }

  /** A collection whose load("items/a,items/b/c") is fulfilled at the next sync, items loaded with "a,b/c". */
  private collection(items: () => any[]): any {
    const coll: any = new OfficeMockObject({});
    coll.load = (what: string) => {
      const props = what
        .split(",")
        .map((p) => p.trim().replace(/^items\//, ""))
        .join(",");
      this.refresh.push(() => {
        coll.items = items();
        for (const item of coll.items) {
          item.load(props);
          this.track(item);
        }
      });
      return coll;
    };
    return coll;
  }

  private namesOf(map: () => Map<string, string>, sheet: string | null): any {
    const names: any = new OfficeMockObject({});
    names.getItemOrNullObject = (name: string) => {
      const item: any = this.track(new OfficeMockObject({ formula: "", name, visible: true }));
      this.refresh.push(() => {
        const formula = map().get(name);
        item.isNullObject = formula === undefined;
        item._properties.get("formula")._valueBeforeLoaded = formula ?? "";
      });
      item.delete = () => this.queue.push(() => map().delete(name));
      return item;
    };
    names.add = (name: string, reference: string) => {
      if (typeof reference !== "string" || !reference.startsWith("="))
        throw new Error("reference must be a formula");
      const item: any = new OfficeMockObject({ name, formula: reference });
      this.queue.push(() => {
        if (map().has(name)) throw new Error(`InvalidArgument: name ${name} exists (${sheet ?? "workbook"})`);
        map().set(name, reference);
      });
      return item;
    };
    return names;
  }

  // ------------------------------------------------------------ worksheets

  private worksheet(name: () => string, orNull = false): any {
    const x = this.x;
    const ws: any = this.track(new OfficeMockObject({ name: name(), visibility: "Visible" }));
    if (orNull) {
      this.refresh.push(() => {
        ws.isNullObject = !x.sheets.some((s) => s.name === name());
      });
    } else {
      ws.isNullObject = false;
    }
    const watch = ws.visibility;
    this.queue.push(() => {
      if (ws.visibility !== watch && typeof ws.visibility === "string" && !ws.visibility.startsWith("Error"))
        x.sheet(name()).visibility = ws.visibility;
    });
    ws.getRange = (address?: string) => {
      const box = address ? parseBox(address) : { r0: 0, c0: 0, r1: 1048575, c1: 16383 };
      return this.range(name(), box, address === undefined);
    };
    ws.getUsedRangeOrNullObject = () => {
      const r: any = this.track(
        new OfficeMockObject({ values: [], address: "", rowCount: 0, columnCount: 0 }),
      );
      this.refresh.push(() => {
        const exists = x.sheets.some((s) => s.name === name());
        const box = exists ? x.usedBox(x.sheet(name())) : null;
        r.isNullObject = !box;
        if (box) {
          r._properties.get("values")._valueBeforeLoaded = x.values(name(), formatBox(box));
          r._properties.get("address")._valueBeforeLoaded = `${name()}!${formatBox(box)}`;
        }
      });
      return r;
    };
    ws.tables = this.collection(() =>
      x.tables.filter((t) => t.sheet === name()).map((t) => this.table(t.name)),
    );
    ws.names = this.namesOf(() => x.sheet(name()).names, name());
    ws.activate = () => this.queue.push(() => (x.activeSheet = name()));
    ws.autoFilter = new OfficeMockObject({});
    ws.autoFilter.apply = (address: string, column: number, criteria: { values: string[] }) =>
      this.queue.push(() => (x.sheet(name()).autoFilter = { address, column, values: criteria.values }));
    ws.autoFilter.clearColumnCriteria = (column: number) =>
      this.queue.push(() => {
        const f = x.sheet(name()).autoFilter;
        if (f && f.column === column) f.values = [];
      });
    return ws;
  }

  // ------------------------------------------------------------ tables

  private table(name: string): any {
    const x = this.x;
    const find = () => {
      const t = x.tables.find((tt) => tt.name === name);
      if (!t) throw new Error(`ItemNotFound: table ${name}`);
      return t;
    };
    const t0 = find();
    const tb: any = this.track(new OfficeMockObject({ name, worksheet: { name: t0.sheet } }));
    tb.getRange = () => this.range(t0.sheet, find().box);
    tb.getHeaderRowRange = () => this.range(t0.sheet, { ...find().box, r1: find().box.r0 });
    tb.getDataBodyRange = () => this.range(t0.sheet, { ...find().box, r0: find().box.r0 + 1 });
    tb.columns = this.collection(() => {
      const t = find();
      const out: any[] = [];
      for (let c = t.box.c0; c <= t.box.c1; c++) {
        const name = String(x.cell(t.sheet, formatBox({ ...t.box, c0: c, c1: c })).value);
        const item: any = new OfficeMockObject({ name });
        // The column object keeps its identity when columns before it go: find it by header when the op runs.
        item.delete = () =>
          this.queue.push(() => {
            const now = find();
            const header = x.values(now.sheet, formatBox({ ...now.box, r1: now.box.r0 }))[0].map(String);
            const at = header.indexOf(name);
            if (at < 0) throw new Error(`ItemNotFound: column ${name}`);
            this.deleteTableColumn(now, now.box.c0 + at);
          });
        out.push(item);
      }
      return out;
    });
    tb.columns.add = (index: number | undefined, values: unknown, header: string) => {
      if (index !== undefined && index !== null) throw new Error("fake: only appending columns is modelled");
      if (values !== undefined) throw new Error("fake: columns.add with values is not modelled");
      this.queue.push(() => this.appendTableColumn(find(), header));
      return new OfficeMockObject({ name: header });
    };
    tb.columns.getItemAt = (i: number) => {
      const filter: any = new OfficeMockObject({});
      filter.applyValuesFilter = (values: string[]) => this.queue.push(() => find().filters.set(i, values));
      filter.clear = () => this.queue.push(() => find().filters.delete(i));
      return { filter };
    };
    return tb;
  }

  /** Excel inserts the new column's cells, shifting whatever was right of the table in its rows. */
  private appendTableColumn(t: FakeTable, header: string): void {
    const s = this.x.sheet(t.sheet);
    const col = t.box.c1 + 1;
    const moved: [string, FakeCell][] = [];
    for (const [k, cell] of s.cells) {
      const [r, c] = k.split(",").map(Number);
      if (r >= t.box.r0 && r <= t.box.r1 && c >= col) moved.push([k, cell]);
    }
    for (const [k] of moved) s.cells.delete(k);
    for (const [k, cell] of moved) {
      const [r, c] = k.split(",").map(Number);
      s.cells.set(key(r, c + 1), cell);
    }
    const existing = new Set(this.x.values(t.sheet, formatBox({ ...t.box, r1: t.box.r0 }))[0].map(String));
    let name = header;
    for (let i = 2; existing.has(name); i++) name = `${header}${i}`;
    s.cells.set(key(t.box.r0, col), { value: name });
    t.box = { ...t.box, c1: col };
  }

  private deleteTableColumn(t: FakeTable, col: number): void {
    const s = this.x.sheet(t.sheet);
    const moved: [string, FakeCell][] = [];
    for (const [k, cell] of s.cells) {
      const [r, c] = k.split(",").map(Number);
      if (r >= t.box.r0 && r <= t.box.r1 && c >= col) moved.push([k, cell]);
    }
    for (const [k] of moved) s.cells.delete(k);
    for (const [k, cell] of moved) {
      const [r, c] = k.split(",").map(Number);
      if (c > col) s.cells.set(key(r, c - 1), cell);
    }
    t.box = { ...t.box, c1: t.box.c1 - 1 };
  }

  // ------------------------------------------------------------ ranges

  private range(sheet: string, box: Box, wholeSheet = false): any {
    const x = this.x;
    const rows = box.r1 - box.r0 + 1;
    const cols = box.c1 - box.c0 + 1;
    const exists = x.sheets.some((s) => s.name === sheet);
    // Whole columns and sheets are only ever formatted or cleared, never read: no snapshot of a million rows.
    const snapshot =
      exists && !wholeSheet && box.r1 < 1_048_575 && rows * cols <= 2_000_000
        ? x.values(sheet, formatBox(box))
        : [];
    const r: any = this.track(
      new OfficeMockObject({
        address: `${sheet}!${formatBox(box)}`,
        values: snapshot,
        rowCount: rows,
        columnCount: cols,
        format: { columnWidth: 0, font: { bold: false } },
      }),
    );
    r.isNullObject = false;
    let seen = r.values;
    let seenFormat: unknown = undefined; // set as a plain property: the mock need not know it
    const width0 = r.format.columnWidth;
    const bold0 = r.format.font.bold;
    const commit = () => {
      const s = x.sheet(sheet);
      if (r.values !== seen && Array.isArray(r.values)) {
        const v = r.values as Value[][];
        if (v.length !== rows || v.some((row) => row.length !== cols))
          throw new Error(`InvalidArgument: ${v.length}x${v[0]?.length} values for ${formatBox(box)}`);
        this.bytes += Buffer.byteLength(JSON.stringify(v));
        v.forEach((row, i) => row.forEach((val, j) => x.put(s, box.r0 + i, box.c0 + j, val)));
        seen = r.values;
      }
      if (r.numberFormat !== undefined && r.numberFormat !== seenFormat) {
        // Office.js takes one format for every cell, or one per cell.
        const f = r.numberFormat as string | string[][];
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++)
            s.numberFormats.set(key(box.r0 + i, box.c0 + j), typeof f === "string" ? f : f[i][j]);
        seenFormat = r.numberFormat;
      }
      if (r.format.columnWidth !== width0 && typeof r.format.columnWidth === "number")
        for (let c = box.c0; c <= box.c1; c++) s.columnWidths.set(c, r.format.columnWidth);
      if (r.format.font.bold !== bold0 && r.format.font.bold === true)
        for (let c = box.c0; c <= box.c1; c++) s.bold.add(key(box.r0, c));
    };
    this.queue.push(commit);
    this.late.push(commit);
    this.settle.push(() => {
      seen = r.values; // whatever the range holds after a sync is not a new write
    });
    r.format.autofitColumns = () => undefined;
    r.getRow = (i: number) => this.range(sheet, { ...box, r0: box.r0 + i, r1: box.r0 + i });
    r.getRowsBelow = (n: number) => this.range(sheet, { ...box, r0: box.r1 + 1, r1: box.r1 + n });
    r.getTables = () =>
      this.collection(() =>
        x.tables
          .filter(
            (t) =>
              t.sheet === sheet &&
              t.box.r0 <= box.r1 &&
              box.r0 <= t.box.r1 &&
              t.box.c0 <= box.c1 &&
              box.c0 <= t.box.c1,
          )
          .map((t) => this.table(t.name)),
      );
    r.getSurroundingRegion = () => {
      const region = this.region(sheet, box);
      return this.range(sheet, region);
    };
    r.select = () => this.queue.push(() => (x.selectedRange = { sheet, address: formatBox(box) }));
    r.clear = (what: string) =>
      this.queue.push(() => {
        if (what !== "Contents") throw new Error("fake: only clear('Contents') is modelled");
        const s = x.sheet(sheet);
        for (const k of [...s.cells.keys()]) {
          const [rr, cc] = k.split(",").map(Number);
          if (rr >= box.r0 && rr <= box.r1 && cc >= box.c0 && cc <= box.c1) s.cells.delete(k);
        }
      });
    r.conditionalFormats = new OfficeMockObject({});
    r.conditionalFormats.clearAll = () =>
      this.queue.push(() => {
        x.cfs = x.cfs.filter((cf) => !(cf.sheet === sheet && overlapsBox(cf.box, box)));
      });
    r.conditionalFormats.add = (type: string) => {
      const cf: any = new OfficeMockObject({
        cellValue: { format: { fill: { color: "" }, font: { color: "" } }, rule: {} },
        colorScale: { criteria: {} },
      });
      this.queue.push(() => {
        const rec: FakeCF = { sheet, box, type };
        if (type === "CellValue") {
          rec.rule = cf.cellValue.rule;
          rec.fill = cf.cellValue.format.fill.color;
          rec.font = cf.cellValue.format.font.color;
        } else if (type === "ColorScale") {
          rec.criteria = cf.colorScale.criteria;
        } else throw new Error(`fake: conditional format ${type} not modelled`);
        x.cfs.push(rec);
      });
      return cf;
    };
    return r;
  }

  /** Excel's current region: grow the box while any cell just outside it (diagonals included) is filled. */
  private region(sheet: string, start: Box): Box {
    const s = this.x.sheet(sheet);
    const filled = (r: number, c: number) => {
      const cell = r >= 0 && c >= 0 ? s.cells.get(key(r, c)) : undefined;
      return !!cell && (cell.value !== "" || !!cell.formula);
    };
    const b = { r0: start.r0, c0: start.c0, r1: start.r0, c1: start.c0 };
    const grow = (): boolean => {
      for (let c = b.c0 - 1; c <= b.c1 + 1; c++) {
        if (b.r0 > 0 && filled(b.r0 - 1, c)) return !!b.r0--;
        if (filled(b.r1 + 1, c)) return !!++b.r1;
      }
      for (let r = b.r0 - 1; r <= b.r1 + 1; r++) {
        if (b.c0 > 0 && filled(r, b.c0 - 1)) return !!b.c0--;
        if (filled(r, b.c1 + 1)) return !!++b.c1;
      }
      return false;
    };
    while (grow()) {
      // each step takes in one more filled row or column next to the region
    }
    return b;
  }
}

function overlapsBox(a: Box, b: Box): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export { columnIndex, splitSheet };

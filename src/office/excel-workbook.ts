// The workbook port over Office.js: the only module that calls Excel.run. It reads the opportunity table in
// a few large requests and writes the add-in's output columns in as few syncs as the 5 MB request limit allows
// (one verify sync, then one per ~4.5 MB of values, formats and marker riding on the last), with calculation
// suspended while writing. A stopped run is rolled back from the previous cell values the pane passes in.
import { errorText, problem, type Cell, type Verdict } from "../model";
import { columnLetters, formatBox, parseBox, splitSheet, type Box } from "../port/a1";
import { isFormulaLike, type OutputValue } from "../port/output-cells";
import { markerFor, markerFormula, ownColumns, parseMarker, type Marker } from "../port/marker";
import { mappingFromRows, mappingToRows, valuesFromRows, valuesToRows } from "../port/mapping-sheet";
import { checkWriteRequest } from "../port/plan";
import {
  MAPPING_SHEET,
  MODEL_SHEET,
  OUTPUT_MARKER,
  OUTPUT_MARKER_COMMENT,
  SAMPLE_ROWS,
  WriteStoppedError,
  describeTable,
  tableKey,
  type DetectedTable,
  type OutputColumnPlan,
  type RunControl,
  type StoredMapping,
  type StoredValues,
  type TableChoice,
  type TableData,
  type TableRef,
  type TableSource,
  type WorkbookPort,
  type WriteRequest,
  type WriteResult,
} from "../port/workbook";
import { columnWidthFor, numberFormatFor, outputFormats } from "../port/formats";

type Context = Excel.RequestContext;
type Run = <T>(batch: (context: Context) => Promise<T>) => Promise<T>;

export interface ExcelWorkbookOptions {
  /** Bytes of values per write request; Excel on the web rejects requests over 5 MB. */
  requestBytes?: number;
  /** Upper bound of bytes a read response should carry. */
  responseBytes?: number;
}

const MB = 1024 * 1024;

/** Excel text for a value: formula-like text gets the quote prefix Excel uses for "this is text". */
export function toExcelValue(value: OutputValue | Cell): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return isFormulaLike(value) ? `'${value}` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  return "";
}

/** Bytes a row adds to a request: its JSON text in UTF-8, which is what Office.js sends. */
function rowBytes(row: readonly (string | number | boolean)[]): number {
  const json = JSON.stringify(row);
  let extra = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code > 0x7f) extra += code > 0x7ff ? 2 : 1;
  }
  return json.length + extra;
}

export class ExcelWorkbook implements WorkbookPort {
  readonly kind = "excel" as const;
  private readonly requestBytes: number;
  private readonly responseBytes: number;

  constructor(
    private readonly run: Run = (batch) => Excel.run(batch),
    options: ExcelWorkbookOptions = {},
  ) {
    this.requestBytes = options.requestBytes ?? 4.5 * MB;
    this.responseBytes = options.responseBytes ?? 4 * MB;
  }

  async detect(choice?: TableRef): Promise<DetectedTable | null> {
    return this.run(async (context) => {
      const wb = context.workbook;
      const active = wb.worksheets.getActiveWorksheet();
      active.load("name");
      const all = wb.tables;
      all.load("items/name,items/worksheet/name");
      let selection: Excel.Range | null = wb.getSelectedRange();
      selection.load("address");
      let selected: Excel.TableScopedCollection | null = selection.getTables(false);
      selected.load("items/name");
      let region: Excel.Range | null = selection.getSurroundingRegion();
      region.load("address,rowCount,columnCount");
      try {
        await context.sync();
      } catch {
        // The selection is not a range (a chart, a shape): look at the active sheet only.
        selection = selected = region = null;
        active.load("name");
        all.load("items/name,items/worksheet/name");
        await context.sync();
      }
      const tableAddresses = all.items.map((t) => {
        const r = t.getRange();
        r.load("address");
        return r;
      });
      await context.sync();
      const tables: TableRef[] = all.items.map((t, i) => ({
        kind: "table",
        name: t.name,
        sheet: t.worksheet.name,
        address: splitSheet(tableAddresses[i].address).cells,
      }));
      const regionRef: TableRef | null =
        region && region.rowCount >= 2 && region.columnCount >= 1
          ? { kind: "range", sheet: active.name, address: splitSheet(region.address).cells }
          : null;

      let ref: TableRef | null = null;
      let source: TableSource = "your choice";
      if (choice) ref = choice;
      else if (selected && selected.items.length > 0) {
        const name = selected.items[0].name;
        ref = tables.find((t) => t.name === name) ?? null;
        source = "selected table";
      }
      if (!ref) {
        ref = tables.find((t) => t.sheet === active.name) ?? null;
        source = "table on the active sheet";
      }
      if (!ref && regionRef && !tables.some((t) => t.sheet === regionRef.sheet && overlaps(t, regionRef))) {
        ref = regionRef;
        source = "region around the selection";
      }
      if (!ref) return null;

      const target = this.locate(context, ref);
      const sample = target.header.getRowsBelow(SAMPLE_ROWS);
      sample.load("values");
      const markers = this.loadMarkers(context, ref.sheet);
      await context.sync();

      const box = boxOf(target);
      const current: TableRef = { ...ref, address: formatBox(box) };
      const rowCount = box.r1 - box.r0;
      const headers = target.header.values[0] as Cell[];
      const alternatives: TableChoice[] = [...tables, ...(regionRef ? [regionRef] : [])]
        .filter(
          (t) => !(t.kind === current.kind && t.sheet === current.sheet && t.address === current.address),
        )
        .map((t) => ({ ref: t, label: describeTable(t) }));
      return {
        ref: current,
        source,
        headers,
        sample: (sample.values as Cell[][]).slice(0, Math.max(0, Math.min(SAMPLE_ROWS, rowCount))),
        rowCount,
        ownColumns: ownColumns(ref.sheet, box, headers, this.markerOf(markers)),
        alternatives,
      };
    });
  }

  async readTable(ref: TableRef, control: RunControl = {}): Promise<TableData> {
    return this.run(async (context) => {
      const target = this.locate(context, ref);
      const markers = this.loadMarkers(context, ref.sheet);
      await context.sync();
      const box = boxOf(target);
      const width = box.c1 - box.c0 + 1;
      const total = box.r1 - box.r0;
      const sheet = context.workbook.worksheets.getItem(ref.sheet);
      const rows: Cell[][] = [];
      // Size read requests from what the first one weighed, so wide text columns do not exceed the response limit.
      let step = Math.max(1, Math.floor(20_000 / width));
      while (rows.length < total) {
        if (control.signal?.aborted) throw new WriteStoppedError(problem("read.cancelled", {}));
        const first = box.r0 + 1 + rows.length;
        const last = Math.min(box.r0 + total, first + step - 1);
        const chunk = sheet.getRange(formatBox({ r0: first, r1: last, c0: box.c0, c1: box.c1 }));
        chunk.load("values");
        // One sync per chunk on purpose: a read response over ~5 MB fails in Excel on the web, so a large table
        // is read in slices sized from the last one, and Cancel is honoured between them.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        const values = chunk.values as Cell[][];
        for (const row of values) rows.push(row);
        const bytes = values.reduce((n, r) => n + rowBytes(r.map((v) => toExcelValue(v))), 0);
        step = Math.max(1, Math.floor((this.responseBytes / Math.max(1, bytes)) * values.length));
        control.onProgress?.(rows.length, total);
      }
      const headers = target.header.values[0] as Cell[];
      return {
        ref: { ...ref, address: formatBox(box) },
        headers,
        rows,
        ownColumns: ownColumns(ref.sheet, box, headers, this.markerOf(markers)),
      };
    });
  }

  async writeOutputs(request: WriteRequest, control: RunControl = {}): Promise<WriteResult> {
    const { ref, columns, values } = request;
    return this.run(async (context) => {
      // Sync 1: is the table still the one the values were computed from?
      const sheet = context.workbook.worksheets.getItem(ref.sheet);
      const target = this.locate(context, ref);
      const table = ref.kind === "table" && ref.name ? context.workbook.tables.getItem(ref.name) : null;
      const added = columns.filter((c) => c.origin === "new");
      const markers = this.loadMarkers(context, ref.sheet);
      let outside: Excel.Range | null = null;
      if (!table && added.length > 0) {
        const b = parseBox(ref.address);
        outside = sheet.getRange(formatBox({ r0: b.r0, r1: b.r1, c0: b.c1 + 1, c1: b.c1 + added.length }));
        outside.load("values,address");
      }
      await context.sync();
      const box = boxOf(target);
      const headers = target.header.values[0] as Cell[];
      const rowCount = box.r1 - box.r0;
      const ownNow = ownColumns(ref.sheet, box, headers, this.markerOf(markers));
      checkWriteRequest(request, { headers, rowCount, ownColumns: ownNow });
      if (outside && (outside.values as Cell[][]).some((r) => r.some((v) => v !== "" && v !== null))) {
        const address = outside.address; // loaded above ("values,address")
        const cells = splitSheet(address).cells;
        throw new WriteStoppedError(problem("write.cellsNotEmpty", { table: describeTable(ref), cells }));
      }

      const width = box.c1 - box.c0 + 1;
      const finalBox: Box = { ...box, c1: box.c0 + Math.max(width - 1, ...columns.map((c) => c.column)) };
      const blocks = contiguous(columns);
      const excelRows = values.map((row) => row.map((v) => toExcelValue(v)));
      const chunks = chunkRows(excelRows, this.requestBytes);
      const written: [number, number][] = [];
      let columnsAdded = 0;

      const stop = async (reason: "cancelled" | "failed", cause?: unknown): Promise<never> => {
        const touched =
          reason === "failed" ? chunks.slice(0, written.length + 1) : chunks.slice(0, written.length);
        const restored = await this.rollback(
          context,
          ref,
          box,
          request,
          touched,
          columnsAdded > 0 || reason === "failed",
        );
        const rows = restored ? null : written;
        throw new WriteStoppedError(
          reason === "cancelled"
            ? problem("write.cancelled", { written: rows })
            : problem("write.failed", { error: errorText(cause), written: rows }),
        );
      };

      // Formats and the marker go out with the last batch of values (alone, for a table with no rows).
      const finish = () => {
        this.applyFormats(sheet, box, rowCount, columns);
        const marker = markerFor(
          ref.sheet,
          finalBox,
          columns.map((c) => c.column),
        );
        this.setMarker(context, sheet, markers, marker);
      };

      for (let k = 0; k < chunks.length; k++) {
        if (control.signal?.aborted) return stop("cancelled");
        const [from, to] = chunks[k];
        context.application.suspendApiCalculationUntilNextSync();
        if (k === 0) columnsAdded = this.addColumns(sheet, table, box, added);
        for (const block of blocks) {
          const r = sheet.getRange(
            formatBox({
              r0: box.r0 + 1 + from,
              r1: box.r0 + to,
              c0: box.c0 + block.first,
              c1: box.c0 + block.last,
            }),
          );
          r.values = excelRows.slice(from, to).map((row) => block.indexes.map((i) => row[i]));
        }
        if (k === chunks.length - 1) finish();
        try {
          // One sync per chunk on purpose: Excel on the web refuses a request over 5 MB, so values go out in
          // chunks under that (requestBytes), with progress and Cancel between them.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
        } catch (error) {
          return stop("failed", error);
        }
        written.push([from + 1, to]);
        control.onProgress?.(to, values.length);
      }
      if (chunks.length === 0) {
        // An empty table still gets its headers, formats and marker.
        context.application.suspendApiCalculationUntilNextSync();
        columnsAdded = this.addColumns(sheet, table, box, added);
        finish();
        await context.sync();
      }
      return { ref: { ...ref, address: formatBox(finalBox) }, rowsWritten: values.length, columnsAdded };
    });
  }

  async setVerdictFilter(ref: TableRef, verdictColumn: number, verdicts: Verdict[] | null): Promise<void> {
    await this.run(async (context) => {
      if (ref.kind === "table" && ref.name) {
        const filter = context.workbook.tables.getItem(ref.name).columns.getItemAt(verdictColumn).filter;
        if (verdicts) filter.applyValuesFilter(verdicts);
        else filter.clear();
      } else {
        const auto = context.workbook.worksheets.getItem(ref.sheet).autoFilter;
        if (verdicts) auto.apply(ref.address, verdictColumn, { filterOn: "Values", values: verdicts });
        // Clearing one column's criteria needs ExcelApi 1.14; older Excel can only clear the sheet's filter criteria.
        else if (supports("1.14")) auto.clearColumnCriteria(verdictColumn);
        else auto.clearCriteria();
      }
      await context.sync();
    });
  }

  async selectRow(ref: TableRef, row: number): Promise<void> {
    await this.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(ref.sheet);
      const box = parseBox(ref.address);
      sheet.activate();
      sheet
        .getRange(formatBox({ r0: box.r0 + 1 + row, r1: box.r0 + 1 + row, c0: box.c0, c1: box.c1 }))
        .select();
      await context.sync();
    });
  }

  readModelSettings(): Promise<Cell[][] | null> {
    return this.run((context) => this.readSheet(context, MODEL_SHEET));
  }

  async writeModelSettings(rows: Cell[][]): Promise<void> {
    await this.run((context) => this.writeSheet(context, MODEL_SHEET, rows, false));
  }

  async readMapping(ref: TableRef): Promise<StoredMapping | null> {
    const rows = await this.run((context) => this.readSheet(context, MAPPING_SHEET));
    return mappingFromRows(rows, tableKey(ref));
  }

  async writeMapping(ref: TableRef, mapping: StoredMapping): Promise<void> {
    await this.run(async (context) => {
      const rows = await this.readSheet(context, MAPPING_SHEET);
      await this.writeSheet(context, MAPPING_SHEET, mappingToRows(rows, tableKey(ref), mapping), true);
    });
  }

  async readValues(ref: TableRef): Promise<StoredValues> {
    const rows = await this.run((ctx) => this.readSheet(ctx, MAPPING_SHEET));
    return valuesFromRows(rows, tableKey(ref));
  }

  async writeValues(ref: TableRef, values: StoredValues): Promise<void> {
    await this.run(async (ctx) => {
      const rows = await this.readSheet(ctx, MAPPING_SHEET);
      await this.writeSheet(ctx, MAPPING_SHEET, valuesToRows(rows, tableKey(ref), values), true);
    });
  }

  // ---- pieces ----

  /**
   * The header row (values loaded) and the range whose last row is the last data row. For a table that is its data
   * body, so a totals row is never read or written as data.
   */
  private locate(context: Context, ref: TableRef): Located {
    let header: Excel.Range;
    let extent: Excel.Range;
    if (ref.kind === "table" && ref.name) {
      const table = context.workbook.tables.getItem(ref.name);
      header = table.getHeaderRowRange();
      extent = table.getDataBodyRange();
    } else {
      extent = context.workbook.worksheets.getItem(ref.sheet).getRange(ref.address);
      header = extent.getRow(0);
    }
    header.load("address,values");
    extent.load("address");
    return { header, extent };
  }

  private loadMarkers(context: Context, sheet: string): Excel.NamedItem[] {
    const local = context.workbook.worksheets.getItem(sheet).names.getItemOrNullObject(OUTPUT_MARKER);
    const global = context.workbook.names.getItemOrNullObject(OUTPUT_MARKER);
    local.load("formula");
    global.load("formula");
    return [local, global];
  }

  private markerOf(items: Excel.NamedItem[]): Marker | null {
    for (const item of items) {
      if (item.isNullObject) continue;
      const marker = parseMarker(item.formula as string);
      if (marker) return marker;
    }
    return null;
  }

  private setMarker(
    context: Context,
    sheet: Excel.Worksheet,
    existing: Excel.NamedItem[],
    marker: Marker,
  ): void {
    const [local, global] = existing;
    if (!local.isNullObject) local.delete();
    if (!global.isNullObject && parseMarker(global.formula as string)?.sheet === marker.sheet)
      global.delete();
    const item = sheet.names.add(OUTPUT_MARKER, markerFormula(marker), OUTPUT_MARKER_COMMENT);
    item.visible = false;
    void context;
  }

  private addColumns(
    sheet: Excel.Worksheet,
    table: Excel.Table | null,
    box: Box,
    added: OutputColumnPlan[],
  ): number {
    for (const col of added) {
      if (table) table.columns.add(undefined, undefined, col.header);
      else
        sheet.getRange(
          formatBox({ r0: box.r0, r1: box.r0, c0: box.c0 + col.column, c1: box.c0 + col.column }),
        ).values = [[col.header]];
      const whole = sheet.getRange(
        `${columnLetters(box.c0 + col.column)}:${columnLetters(box.c0 + col.column)}`,
      );
      whole.format.columnWidth = columnWidthFor(col.header);
    }
    return added.length;
  }

  private applyFormats(
    sheet: Excel.Worksheet,
    box: Box,
    rowCount: number,
    columns: OutputColumnPlan[],
  ): void {
    if (rowCount < 1) return;
    const body = (c: number) =>
      sheet.getRange(formatBox({ r0: box.r0 + 1, r1: box.r0 + rowCount, c0: box.c0 + c, c1: box.c0 + c }));
    // Win % and Expected value: a percentage and a number (one format for the whole column, as Office.js allows).
    for (const c of columns) {
      const code = numberFormatFor(c.header);
      if (code !== null) body(c.column).numberFormat = code as unknown as string[][];
    }
    const formats = outputFormats(columns.map((c) => c.header));
    for (const column of new Set(formats.map((f) => f.column))) {
      const r = body(columns[column].column);
      r.conditionalFormats.clearAll();
      for (const f of formats.filter((x) => x.column === column)) {
        if ("equals" in f) {
          const cf = r.conditionalFormats.add("CellValue");
          cf.cellValue.format.fill.color = f.fill;
          cf.cellValue.format.font.color = f.font;
          cf.cellValue.rule = { formula1: `="${f.equals}"`, operator: "EqualTo" };
        } else {
          const [minimum, midpoint, maximum] = f.scale.map((s): Excel.ConditionalColorScaleCriterion => ({
            formula: String(s.at),
            type: "Number",
            color: s.colour,
          }));
          r.conditionalFormats.add("ColorScale").colorScale.criteria = { minimum, midpoint, maximum };
        }
      }
    }
  }

  /** Puts back what the touched row chunks held before, and removes the columns this run added. */
  private async rollback(
    context: Context,
    ref: TableRef,
    box: Box,
    request: WriteRequest,
    touched: [number, number][],
    removeAdded: boolean,
  ): Promise<boolean> {
    try {
      const sheet = context.workbook.worksheets.getItem(ref.sheet);
      const existing = request.columns
        .map((c, i) => ({ c, prev: request.previous[i] }))
        .filter((x) => x.c.origin !== "new" && x.prev);
      const prevRows = request.values.map((_, r) => existing.map((x) => toExcelValue(x.prev![r] ?? null)));
      for (const [from, to] of mergeChunks(touched)) {
        for (const [from2, to2] of chunkRows(prevRows.slice(from, to), this.requestBytes).map(([a, b]) => [
          from + a,
          from + b,
        ])) {
          context.application.suspendApiCalculationUntilNextSync();
          existing.forEach((x, j) => {
            const r = sheet.getRange(
              formatBox({
                r0: box.r0 + 1 + from2,
                r1: box.r0 + to2,
                c0: box.c0 + x.c.column,
                c1: box.c0 + x.c.column,
              }),
            );
            r.values = prevRows.slice(from2, to2).map((row) => [row[j]]);
          });
          // Putting values back obeys the same 5 MB request limit as writing them: one sync per chunk.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
        }
      }
      if (removeAdded) {
        const added = request.columns.filter((c) => c.origin === "new");
        if (added.length > 0) {
          if (ref.kind === "table" && ref.name) {
            const cols = context.workbook.tables.getItem(ref.name).columns;
            cols.load("items/name");
            await context.sync();
            for (const c of added) cols.items.find((item) => item.name === c.header)?.delete();
          } else {
            for (const c of added) {
              sheet
                .getRange(formatBox({ r0: box.r0, r1: box.r1, c0: box.c0 + c.column, c1: box.c0 + c.column }))
                .clear("Contents");
            }
          }
          await context.sync();
        }
      }
      return true;
    } catch {
      return false;
    }
  }

  private async readSheet(context: Context, name: string): Promise<Cell[][] | null> {
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("values");
    await context.sync();
    if (sheet.isNullObject) return null;
    if (used.isNullObject) return [];
    return used.values as Cell[][];
  }

  private async writeSheet(
    context: Context,
    name: string,
    rows: Cell[][],
    veryHidden: boolean,
  ): Promise<void> {
    const found = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    const sheet = found.isNullObject ? context.workbook.worksheets.add(name) : found;
    if (found.isNullObject && veryHidden) sheet.visibility = "VeryHidden";
    if (!found.isNullObject) sheet.getRange().clear("Contents");
    const width = Math.max(1, ...rows.map((r) => r.length));
    if (rows.length > 0) {
      const r = sheet.getRange(formatBox({ r0: 0, c0: 0, r1: rows.length - 1, c1: width - 1 }));
      r.values = rows.map((row) => Array.from({ length: width }, (_, i) => toExcelValue(row[i] ?? null)));
      sheet.getRange(formatBox({ r0: 0, c0: 0, r1: 0, c1: width - 1 })).format.font.bold = true;
      if (found.isNullObject) r.format.autofitColumns();
    }
    await context.sync();
  }
}

interface Located {
  header: Excel.Range;
  extent: Excel.Range;
}

function boxOf({ header, extent }: Located): Box {
  const h = parseBox(header.address);
  const e = parseBox(extent.address);
  return { r0: h.r0, c0: h.c0, c1: h.c1, r1: Math.max(h.r0, e.r1) };
}

/** Whether the running Excel supports this ExcelApi version; outside Office (tests) the newest API is assumed. */
function supports(version: string): boolean {
  if (typeof Office === "undefined" || !Office.context?.requirements) return true;
  return Office.context.requirements.isSetSupported("ExcelApi", version);
}

function overlaps(a: TableRef, b: TableRef): boolean {
  const x = parseBox(a.address);
  const y = parseBox(b.address);
  return x.r0 <= y.r1 && y.r0 <= x.r1 && x.c0 <= y.c1 && y.c0 <= x.c1;
}

/** Groups planned columns into runs of adjacent table columns, so a run is written as one range. */
function contiguous(
  columns: readonly OutputColumnPlan[],
): { first: number; last: number; indexes: number[] }[] {
  const order = columns.map((c, i) => ({ col: c.column, i })).sort((a, b) => a.col - b.col);
  const blocks: { first: number; last: number; indexes: number[] }[] = [];
  for (const { col, i } of order) {
    const last = blocks[blocks.length - 1];
    if (last && last.last === col - 1) {
      last.last = col;
      last.indexes.push(i);
    } else blocks.push({ first: col, last: col, indexes: [i] });
  }
  return blocks;
}

/** Splits rows into [from, to) runs whose values fit in `budget` bytes each. */
function chunkRows(
  rows: readonly (readonly (string | number | boolean)[])[],
  budget: number,
): [number, number][] {
  const chunks: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  rows.forEach((row, i) => {
    const b = rowBytes(row) + 16; // a little per row for the range addresses and ops
    if (i > start && bytes + b > budget) {
      chunks.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += b;
  });
  if (rows.length > start) chunks.push([start, rows.length]);
  return chunks;
}

function mergeChunks(chunks: [number, number][]): [number, number][] {
  if (chunks.length === 0) return [];
  return [[chunks[0][0], chunks[chunks.length - 1][1]]];
}

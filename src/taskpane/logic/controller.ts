// The task pane's behaviour without React: its state and every action a user can take, over the workbook port.
// Components render `state` and call these methods; tests drive the same methods against a file workbook.
import {
  defaultModel,
  describeProblem,
  errorText,
  fieldLabel,
  HINTS,
  outputColumnsFor,
  problem,
  tableQualifier,
  withMinWin,
  type PaneAction,
  type Problem,
  todaySerial,
  type Cell,
  type FieldKey,
  type ScoringModel,
  type UnrecognisedValues,
  type Verdict,
} from "../../model";
import {
  TableChangedError,
  WriteStoppedError,
  describeTable,
  type DetectedTable,
  type StoredMapping,
  type StoredValues,
  type TableRef,
  type WorkbookPort,
} from "../../port/workbook";
import { chooseColumn, resolveMapping, type Mapping } from "./mapping";
import { chooseValue, mappableColumns, modelWithValues } from "./value-mapping";
import {
  modelFromSheet,
  modelSheetRows,
  settingsOf,
  validateSettings,
  type SettingValue,
  type Settings,
  type Validation,
} from "./model-settings";
import { outputIndexes, planOutputColumns, type OutputPlan } from "../../port/plan";
import { pressQualify, type Phase } from "./qualify-press";
import { CancelledError, firstDataRow, rowLabel, type Attention, type Summary } from "./table-run";
import { learnView, type LearnedView, type LearnView } from "./learn-panel";
import type { TableData } from "../../port/workbook";
import type { HeaderMapping } from "../../model";

export interface Message {
  intent: "info" | "success" | "warning" | "error";
  title: string;
  text?: string;
}

export interface PreviewRow {
  row: number;
  label: string;
  verdict: Verdict | null; // null for an empty row
  score: number | null;
  grade: string | null;
}

export interface ModelState {
  settings: Settings;
  validation: Validation;
  stored: boolean; // the workbook has a Qualification Model sheet
  dirty: boolean; // edited since loaded or saved
}

export type RunState =
  | { state: "idle" }
  | { state: "running"; phase: Phase; fraction: number; rows: number }
  | { state: "saving" };

export interface ResultState {
  ref: TableRef;
  summary: Summary;
  attention: Attention[]; // the part of summary.attention shown, with counterfactuals worked out
  verdictColumn: number;
  rows: Cell[][];
  mapping: HeaderMapping;
  model: ScoringModel;
  asOf: number;
}

/** The Learn from history panel: nothing asked yet, learning, what it found, or its model stored. */
export type LearnState =
  | { state: "idle" }
  | { state: "learning"; source: string }
  | { state: "done"; view: LearnView }
  | { state: "used"; view: LearnedView };

export interface PaneState {
  status: "starting" | "ready" | "no-table" | "failed";
  detected: DetectedTable | null;
  stored: StoredMapping | null;
  /** What the user said the table's unrecognised values mean (remembered in the workbook). */
  values: StoredValues;
  /** Mapped columns whose values the model does not recognise, from the preview's rows or the last run. */
  unrecognised: UnrecognisedValues[];
  mapping: Mapping | null;
  plan: OutputPlan | null;
  preview: PreviewRow[];
  model: ModelState;
  run: RunState;
  result: ResultState | null;
  filter: "all" | "qualified";
  consent: OutputPlan["clashes"] | null;
  message: Message | null;
  learn: LearnState;
}

/**
 * The pane's printer for a problem: the catalogue's words as the title; as the text, what the workbook said
 * (`cause`, when an action failed) and what to do here.
 */
export function problemMessage(
  p: Problem,
  options: { intent?: Message["intent"]; cause?: unknown } = {},
): Message {
  const said = options.cause === undefined ? [] : [errorText(options.cause)];
  const text = [...said, HINTS[p.code]?.pane ?? ""].filter((t) => t !== "").join(" ");
  return { intent: options.intent ?? "error", title: describeProblem(p), text: text || undefined };
}

/** After a run: "Assessed 50 opportunities: 22 qualified, 15 conditional, 1 needs information, 12 not qualified." */
export function assessedMessage(summary: Summary): { title: string; text?: string } {
  const word = (t: Summary["totals"][number]) =>
    t.verdict === "Needs information"
      ? t.count === 1
        ? "needs information"
        : "need information"
      : t.verdict.toLowerCase();
  const counts = summary.totals.map((t) => `${t.count.toLocaleString("en")} ${word(t)}`);
  const n = summary.assessed;
  return {
    title: `Assessed ${n.toLocaleString("en")} ${n === 1 ? "opportunity" : "opportunities"}: ${counts.join(", ")}.`,
    text:
      [closedText(summary.closed), emptyText(summary.empty)].filter((t) => t !== "").join(" ") || undefined,
  };
}

function emptyText(empty: number): string {
  return empty > 0 ? `${empty.toLocaleString("en")} empty row${empty === 1 ? "" : "s"} skipped.` : "";
}

/** "12 closed deals (8 won, 4 lost) not assessed as open pursuits." */
function closedText(c: Summary["closed"] | undefined): string {
  const n = c ? c.won + c.lost + c.other : 0;
  if (!c || n === 0) return "";
  const count = (k: number) => k.toLocaleString("en");
  const parts = [
    `${count(c.won)} won`,
    `${count(c.lost)} lost`,
    ...(c.other > 0 ? [`${count(c.other)} closed`] : []),
  ];
  return `${n.toLocaleString("en")} closed deal${n === 1 ? "" : "s"} (${parts.join(", ")}) not assessed as open pursuits.`;
}

/** Whether two references name the same table (an Excel table by name, a range by its address). */
function sameTable(a: TableRef, b: TableRef): boolean {
  if (a.kind !== b.kind || a.sheet !== b.sheet) return false;
  return a.kind === "table" ? a.name === b.name : a.address === b.address;
}

/** What the pane shows when it finds no table. */
export const NO_TABLE: Message = problemMessage(problem("pane.noTable", {}), { intent: "info" });

const PREVIEW_ROWS = 5;
const ATTENTION_PAGE = 25;
/** Share of the progress bar each phase fills: reading is quick, assessing is most of the time. */
const PHASES: Record<Phase, [number, number]> = {
  reading: [0, 0.1],
  assessing: [0.1, 0.85],
  writing: [0.85, 1],
};

function initialModel(): ModelState {
  return {
    settings: settingsOf(defaultModel),
    validation: { model: defaultModel, errors: new Map(), general: [] },
    stored: false,
    dirty: false,
  };
}

export class PaneController {
  state: PaneState = {
    status: "starting",
    detected: null,
    stored: null,
    values: {},
    unrecognised: [],
    mapping: null,
    plan: null,
    preview: [],
    model: initialModel(),
    run: { state: "idle" },
    result: null,
    filter: "all",
    consent: null,
    message: null,
    learn: { state: "idle" },
  };
  private listeners = new Set<() => void>();
  private abort: AbortController | null = null;
  private chosen: TableRef | null = null; // a table the user picked; otherwise detection decides
  private scoring: { base: ScoringModel; values: StoredValues; model: ScoringModel } | null = null;
  private rereading: Promise<void> = Promise.resolve(); // the table read again after a run, with its new columns

  constructor(
    readonly port: WorkbookPort,
    private readonly today: () => number = () => todaySerial(new Date()),
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): PaneState => this.state;

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private fail(action: PaneAction, error: unknown): void {
    this.set({ message: problemMessage(problem("pane.failed", action), { cause: error }) });
  }

  // ------------------------------------------------------------------ loading

  /** Reads the model sheet and finds the table. */
  async start(): Promise<void> {
    try {
      const rows = await this.port.readModelSettings();
      const m = modelFromSheet(rows);
      const model: ModelState = {
        settings: m.settings,
        validation: { model: m.model, errors: m.errors, general: m.general },
        stored: m.stored,
        dirty: false,
      };
      this.set({ model });
      if (!m.model) {
        this.set({ message: problemMessage(problem("pane.modelSheetInvalid", {}), { intent: "warning" }) });
      }
      await this.detect();
    } catch (error) {
      this.set({ status: "failed" });
      this.fail({ action: "read" }, error);
    }
  }

  /** Finds the table again (or reads `choice`), with its remembered mapping and a fresh preview. */
  async detect(choice?: TableRef): Promise<void> {
    await this.adopt(await this.port.detect(choice));
  }

  private async adopt(detected: DetectedTable | null): Promise<void> {
    if (!detected) {
      this.set({ status: "no-table", detected: null, mapping: null, plan: null, preview: [], stored: null });
      return;
    }
    const stored = await this.port.readMapping(detected.ref);
    const values = await this.port.readValues(detected.ref);
    this.set({ status: "ready", detected, stored, values });
    this.remap();
  }

  /**
   * The pane was shown again, or the selection moved: looks at the workbook afresh. It switches to the table the
   * selection is in when that is another table (or when there was none); the same table changed in shape
   * (columns, rows) is read again. Clicking outside any table changes nothing, and nothing happens while a run,
   * a save or a question is open. Failures are silent: the next event tries again.
   */
  async followSelection(): Promise<void> {
    await this.rereading; // the run's own columns are not a change of shape
    if (this.busy || this.state.consent || this.state.status === "starting") return;
    try {
      const found = await this.port.detect();
      if (this.busy || !found) return;
      const current = this.state.detected;
      if (current && sameTable(current.ref, found.ref)) {
        const unchanged =
          current.rowCount === found.rowCount &&
          JSON.stringify(current.headers) === JSON.stringify(found.headers);
        if (unchanged) return;
        this.set({ result: null, filter: "all" });
        await this.adopt({ ...found, source: current.source });
        return;
      }
      if (current && found.source !== "selected table") return;
      this.chosen = null;
      this.set({ result: null, filter: "all", message: null });
      await this.adopt(found);
    } catch {
      // Excel may refuse a read while the user edits a cell; the next event looks again.
    }
  }

  /** Reads the same table again after a run, keeping how it was found. */
  private async redetect(ref: TableRef): Promise<void> {
    const source = this.state.detected?.source;
    await this.detect(ref);
    const d = this.state.detected;
    if (d && source) this.set({ detected: { ...d, source } });
  }

  async pickTable(ref: TableRef): Promise<void> {
    try {
      this.chosen = ref;
      this.set({ result: null, filter: "all", message: null });
      await this.detect(ref);
    } catch (error) {
      this.fail({ action: "readTable" }, error);
    }
  }

  async refresh(): Promise<void> {
    try {
      this.set({ message: null });
      this.set({ result: null, filter: "all" });
      await this.detect(this.chosen ?? undefined);
    } catch (error) {
      this.fail({ action: "read" }, error);
    }
  }

  /** Resolves the mapping for the detected headers and recomputes the preview. */
  private remap(): void {
    const d = this.state.detected;
    if (!d) return;
    const scoring = this.scoringModel();
    const plan = planOutputColumns(d.headers, d.ownColumns, scoring ? outputColumnsFor(scoring) : undefined);
    const mapping = resolveMapping(d.headers, this.state.stored, outputIndexes(plan), {
      model: scoring ?? undefined,
      sample: d.sample,
    });
    this.set({ plan, mapping });
    void this.updatePreview();
  }

  private async updatePreview(): Promise<void> {
    const { detected, mapping } = this.state;
    const scoring = this.scoringModel();
    if (!detected || !mapping || !scoring || Object.keys(mapping.engine.columns).length === 0) {
      this.set({ preview: [], unrecognised: [] });
      return;
    }
    const sample = detected.sample.slice(0, PREVIEW_ROWS);
    const qualifier = tableQualifier(detected.headers, {
      model: scoring,
      asOf: this.today(),
      mapping: mapping.engine,
    });
    const results = qualifier.rows(sample);
    // The values to map are looked for in all the rows detection read, not only the few previewed.
    qualifier.rows(detected.sample.slice(PREVIEW_ROWS));
    this.set({
      unrecognised: mappableColumns(scoring, qualifier.unrecognised()),
      preview: sample.map((row, i): PreviewRow => ({
        row: i,
        label: rowLabel(row, i, mapping.engine, firstDataRow(detected.ref)),
        verdict: results.verdict[i],
        score: results.verdict[i] === null ? null : results.score[i],
        grade: results.grade[i],
      })),
    });
  }

  /** The model the pane scores with: the validated model, with the meanings the user gave values added. */
  private scoringModel(): ScoringModel | null {
    const model = this.state.model.validation.model;
    if (!model) return null;
    // Worked out again only when the model or the meanings change: a new model object is a new plan (no memos).
    const last = this.scoring;
    if (last && last.base === model && last.values === this.state.values) return last.model;
    const made = modelWithValues(model, this.state.values).model;
    this.scoring = { base: model, values: this.state.values, model: made };
    return made;
  }

  // ------------------------------------------------------------------ mapping

  /** Says what an unrecognised value of `field` means (a level key or a number), or forgets it (null). */
  async setValueMeaning(field: FieldKey, value: string, meaning: string | null): Promise<void> {
    const d = this.state.detected;
    if (!d) return;
    const values = chooseValue(this.state.values, field, value, meaning);
    // The value is no longer waiting to be mapped; a later run or preview counts again.
    const unrecognised = this.state.unrecognised
      .map((c) => (c.field === field ? { ...c, values: c.values.filter((v) => v.value !== value) } : c))
      .filter((c) => c.values.length > 0 || c.more > 0);
    this.set({ values, unrecognised });
    this.remap();
    try {
      await this.port.writeValues(d.ref, values);
    } catch (error) {
      this.fail({ action: "rememberValue", field: fieldLabel(field), value }, error);
    }
  }

  async setFieldColumn(field: FieldKey, column: number | null): Promise<void> {
    const d = this.state.detected;
    if (!d) return;
    const stored = chooseColumn(d.headers, this.state.stored, field, column);
    this.set({ stored });
    this.remap();
    try {
      await this.port.writeMapping(d.ref, stored);
    } catch (error) {
      this.fail({ action: "rememberColumn", field: fieldLabel(field) }, error);
    }
  }

  async resetMapping(): Promise<void> {
    const d = this.state.detected;
    if (!d) return;
    this.set({ stored: {} });
    this.remap();
    try {
      await this.port.writeMapping(d.ref, {});
    } catch (error) {
      this.fail({ action: "forgetMapping" }, error);
    }
  }

  // ------------------------------------------------------------------ qualify

  get busy(): boolean {
    return this.state.run.state !== "idle";
  }

  /** Runs Qualify. When user columns carry our header names, asks first (state.consent) unless `allowUserColumns`. */
  async qualify(allowUserColumns = false): Promise<void> {
    const { detected, plan } = this.state;
    if (!detected || !plan || this.busy) return;
    const scoring = this.scoringModel();
    if (!scoring) {
      this.set({ message: problemMessage(problem("pane.modelInvalid", {})) });
      return;
    }
    if (plan.clashes.length > 0 && !allowUserColumns) {
      this.set({ consent: plan.clashes });
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    const asOf = this.today();
    this.set({
      consent: null,
      message: null,
      run: { state: "running", phase: "reading", fraction: 0, rows: detected.rowCount },
    });
    let lastShown = -1;
    try {
      const outcome = await pressQualify(this.port, detected.ref, {
        model: scoring,
        asOf,
        mapping: this.state.stored,
        allowUserColumns,
        signal: abort.signal,
        onProgress: (phase, done, total) => {
          const [a, b] = PHASES[phase];
          const fraction = a + (b - a) * (total > 0 ? done / total : 1);
          if (Math.round(fraction * 100) === lastShown) return;
          lastShown = Math.round(fraction * 100);
          this.set({ run: { state: "running", phase, fraction, rows: total } });
        },
      });
      if (outcome.kind === "needs-consent") {
        this.set({ consent: outcome.plan.clashes });
      } else if (outcome.kind === "problem") {
        this.set({ message: problemMessage(outcome.problem) });
      } else {
        this.set({ unrecognised: mappableColumns(scoring, outcome.unrecognised) });
        this.finish(
          outcome.data,
          outcome.result.ref,
          outcome.summary,
          outcome.plan,
          outcome.mapping.engine,
          scoring,
          asOf,
        );
      }
    } catch (error) {
      if (
        error instanceof CancelledError ||
        (error instanceof WriteStoppedError && error.reason === "cancelled")
      ) {
        this.set({
          message: {
            intent: "warning",
            title: "Cancelled",
            text: error instanceof WriteStoppedError ? `${error.message}.` : "Nothing was written.",
          },
        });
      } else if (error instanceof WriteStoppedError) {
        this.set({ message: problemMessage(error.problem) });
      } else if (error instanceof TableChangedError) {
        this.set({ message: problemMessage(error.problem, { intent: "warning" }) });
        await this.redetect(detected.ref).catch(() => undefined);
      } else {
        this.fail({ action: "qualify" }, error);
      }
    } finally {
      this.abort = null;
      this.set({ run: { state: "idle" } });
    }
  }

  private finish(
    data: TableData,
    ref: TableRef, // the table as written (wider when columns were added)
    summary: Summary,
    plan: OutputPlan,
    mapping: HeaderMapping,
    model: ScoringModel,
    asOf: number,
  ): void {
    const verdictColumn = plan.columns.find((c) => c.header === "Verdict")!.column;
    const attention = summary.attention.slice(0, ATTENTION_PAGE);
    this.set({
      result: { ref, summary, attention, verdictColumn, rows: data.rows, mapping, model, asOf },
      message: { intent: "success", ...assessedMessage(summary) },
    });
    this.rereading = this.redetect(ref).catch(() => undefined);
    // Excel does not re-apply a filter when values change: "Qualified only" is applied again to the new verdicts,
    // before any filter the user asks for meanwhile (setFilter waits for the same reading).
    void this.rereading.then(() =>
      this.state.filter === "qualified" ? this.applyFilter("qualified") : undefined,
    );
  }

  cancel(): void {
    this.abort?.abort();
  }

  async answerConsent(overwrite: boolean): Promise<void> {
    const clashes = this.state.consent;
    this.set({ consent: null });
    if (!clashes) return;
    if (overwrite) await this.qualify(true);
    else
      this.set({
        message: {
          intent: "info",
          title: "Nothing was written",
          text: `Rename your column${clashes.length > 1 ? "s" : ""} ${clashes.map((c) => `'${c.title}'`).join(", ")} to keep ${clashes.length > 1 ? "them" : "it"} apart from the qualifier's output.`,
        },
      });
  }

  /** Shows more of the list of opportunities not yet qualified (each with its next step, worked out in the run). */
  showMoreAttention(): void {
    const r = this.state.result;
    if (!r) return;
    const next = r.summary.attention.slice(r.attention.length, r.attention.length + ATTENTION_PAGE);
    this.set({
      result: { ...r, attention: [...r.attention, ...next] },
    });
  }

  // ------------------------------------------------------------------ filter and selection

  /** The Verdict column to filter on: from this session's run, else from an earlier run's marked columns. */
  verdictColumn(): number | null {
    if (this.state.result) return this.state.result.verdictColumn;
    const d = this.state.detected;
    const plan = this.state.plan;
    const own = plan?.columns.find((c) => c.header === "Verdict" && c.origin === "own");
    return d && own ? own.column : null;
  }

  async setFilter(filter: "all" | "qualified"): Promise<void> {
    await this.rereading; // the table as the run left it, with its new columns
    await this.applyFilter(filter);
  }

  private async applyFilter(filter: "all" | "qualified"): Promise<void> {
    const d = this.state.detected;
    const column = this.verdictColumn();
    if (!d || column === null) return;
    try {
      await this.port.setVerdictFilter(d.ref, column, filter === "qualified" ? ["Qualified"] : null);
      this.set({ filter });
    } catch (error) {
      this.fail({ action: "filter" }, error);
    }
  }

  async selectOpportunity(row: number): Promise<void> {
    const ref = this.state.result?.ref ?? this.state.detected?.ref;
    if (!ref) return;
    try {
      await this.port.selectRow(ref, row);
    } catch (error) {
      this.fail({ action: "selectRow", row: row + 1 }, error);
    }
  }

  // ------------------------------------------------------------------ model

  editSetting(name: string, value: SettingValue): void {
    const settings = this.state.model.settings.map(([k, v]): [string, SettingValue] => [
      k,
      k === name ? value : v,
    ]);
    this.setSettings(settings);
  }

  resetModel(): void {
    this.setSettings(settingsOf(defaultModel));
  }

  private setSettings(settings: Settings): void {
    const validation = validateSettings(settings);
    this.set({ model: { ...this.state.model, settings, validation, dirty: true } });
    void this.updatePreview();
  }

  /** Stores the model as the Qualification Model sheet, then qualifies again with it. */
  async saveModel(requalify = true): Promise<void> {
    const m = this.state.model;
    if (!m.validation.model || this.busy) return;
    this.set({ run: { state: "saving" } });
    // The validated model's own settings, so "12" typed in a box is stored as the number 12.
    const settings = settingsOf(m.validation.model);
    try {
      await this.port.writeModelSettings(modelSheetRows(settings));
      this.set({ model: { ...m, settings, stored: true, dirty: false } });
    } catch (error) {
      this.fail({ action: "storeModel" }, error);
      return;
    } finally {
      this.set({ run: { state: "idle" } });
    }
    if (requalify && this.state.detected) await this.qualify();
  }

  // ------------------------------------------------------------------ learn from history

  /**
   * Learns a win probability from a table of closed deals: `choice`, or by default the current table (its
   * closed rows; open ones are counted and left out), read with the pane's mapping. The engine does the learning
   * (learn-panel.ts); the panel shows what it found. Nothing is stored until useLearnedModel().
   */
  async learn(choice: TableRef | null = null): Promise<void> {
    const d = this.state.detected;
    const ref = choice ?? d?.ref;
    const stored = this.state.model.validation.model;
    const scoring = this.scoringModel();
    if (!ref || this.busy || this.state.learn.state === "learning") return;
    if (!stored || !scoring) {
      this.set({ message: problemMessage(problem("pane.modelInvalid", {})) });
      return;
    }
    const current = choice === null || (d !== null && sameTable(choice, d.ref));
    const source = current ? `the closed rows of ${describeTable(ref)}` : describeTable(ref);
    this.set({ learn: { state: "learning", source }, message: null });
    try {
      const data = await this.port.readTable(ref);
      // The spinner is drawn before the engine's work (a few thousand rows take well under a second).
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      const plan = planOutputColumns(data.headers, data.ownColumns);
      const mapping = current
        ? this.state.mapping?.engine
        : resolveMapping(data.headers, null, outputIndexes(plan), { model: scoring, sample: data.rows })
            .engine;
      const view = learnView({
        headers: data.headers,
        rows: data.rows,
        scoring,
        stored,
        asOf: this.today(),
        mapping,
        source,
      });
      this.set({ learn: { state: "done", view } });
    } catch (error) {
      this.set({ learn: { state: "idle" } });
      this.fail({ action: "readTable" }, error);
    }
  }

  /**
   * "Use this model": stores the model in use with the learned win model in the Qualification Model sheet (so
   * every shell and OPP.QUALIFY use it) and qualifies again, which adds the Win % and Expected value columns.
   */
  async useLearnedModel(withProposedMinimum = false): Promise<void> {
    const l = this.state.learn;
    if (l.state !== "done" || l.view.kind !== "learned" || this.busy) return;
    // The proposed minimum win probability is set only when the user ticks it, as `qualify learn --min-win auto`.
    const minimum = l.view.proposal?.minimum ?? null;
    const model = withProposedMinimum && minimum !== null ? withMinWin(l.view.model, minimum) : l.view.model;
    this.set({
      model: {
        ...this.state.model,
        settings: settingsOf(model),
        validation: { model, errors: new Map(), general: [] },
        dirty: true,
      },
    });
    await this.saveModel(this.state.detected !== null);
    if (!this.state.model.dirty) this.set({ learn: { state: "used", view: l.view } });
  }

  /** "Keep current model": changes nothing, and closes what was learned. */
  keepCurrentModel(): void {
    this.set({ learn: { state: "idle" } });
  }

  describeDetected(): string {
    const d = this.state.detected;
    return d ? `${describeTable(d.ref)} (${d.source}) · ${d.rowCount.toLocaleString("en")} rows` : "";
  }
}

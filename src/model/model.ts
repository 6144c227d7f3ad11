// Loading, overriding and validating scoring models. A model arrives as JSON (a file, a formula argument) or as
// setting/value rows (the `Qualification Model` sheet); either way it is merged over a base model and validated,
// and every problem is reported with its path, not only the first.
import type { z } from "zod";
import defaultJson from "./default-model.json";
import { modelSchema, type ScoringModel } from "./schema";
import type { Cell } from "./types";

export class ModelError extends Error {
  constructor(readonly errors: string[]) {
    super(`Invalid scoring model: ${errors.join("; ")}`);
    this.name = "ModelError";
  }
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  const message = issue.message.replace(/^Invalid input: /, "").replace(/^Invalid option: /, "");
  return path ? `${path}: ${message}` : message;
}

export type ParseResult = { ok: true; model: ScoringModel } | { ok: false; errors: string[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else (numbers, arrays such as curves) replaces the base value. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** Validates a model, or a partial model merged over `base`. */
export function parseModel(json: unknown, base?: ScoringModel): ParseResult {
  const candidate = base ? merge(base, json) : json;
  const result = modelSchema.safeParse(candidate);
  if (result.success) return { ok: true, model: result.data };
  return { ok: false, errors: result.error.issues.map(formatIssue) };
}

export function loadModel(json: unknown, base?: ScoringModel): ScoringModel {
  const result = parseModel(json, base);
  if (!result.ok) throw new ModelError(result.errors);
  return result.model;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The shipped model (src/model/default-model.json), frozen so no shell can change it by accident. */
export const defaultModel: ScoringModel = deepFreeze(loadModel(defaultJson));

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Reads a setting's value as the type the base model holds at that path. */
function coerce(current: unknown, value: Cell, setting: string): { value?: unknown; error?: string } {
  if (value instanceof Date || (typeof value === "object" && value !== null)) {
    return { error: `${setting}: expected a plain value` };
  }
  const text = typeof value === "string" ? value.trim() : value;
  if (typeof current === "number") {
    if (typeof text === "number") return { value: text };
    const percent = typeof text === "string" && /%$/.test(text);
    const n = typeof text === "string" && text !== "" ? Number(text.replace(/%$/, "")) : NaN;
    if (Number.isFinite(n)) return { value: percent ? n / 100 : n };
    return { error: `${setting}: expected number, received ${describe(text)}` };
  }
  if (typeof current === "boolean") {
    if (typeof text === "boolean") return { value: text };
    const w = String(text).toLowerCase();
    if (["true", "yes", "1", "on"].includes(w)) return { value: true };
    if (["false", "no", "0", "off"].includes(w)) return { value: false };
    return { error: `${setting}: expected TRUE or FALSE, received ${describe(text)}` };
  }
  if (Array.isArray(current) || isPlainObject(current)) {
    if (typeof text !== "string")
      return { error: `${setting}: expected JSON text, received ${describe(text)}` };
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { error: `${setting}: expected JSON text such as ${JSON.stringify(current)}` };
    }
  }
  return { value: text === null || text === undefined ? "" : String(text) };
}

function describe(value: unknown): string {
  if (value === null || value === undefined || value === "") return "an empty cell";
  return typeof value === "string" ? `'${value}'` : typeof value;
}

const HEADER_ROW = /^(setting|name|key|path)$/i;

/**
 * Applies setting/value rows ("weights.financing" | 12) over a base model. Blank rows and a "Setting | Value"
 * header are skipped. Unknown settings, wrong types and invalid results are all reported together.
 */
export function applySettings(base: ScoringModel, rows: readonly (readonly Cell[])[]): ScoringModel {
  const model = clone(base) as unknown as Record<string, Json>;
  const errors: string[] = [];
  rows.forEach((row, i) => {
    const setting = row[0];
    if (setting === null || setting === undefined || String(setting).trim() === "") return;
    const path = String(setting).trim();
    if (i === 0 && HEADER_ROW.test(path)) return;
    const parts = path.split(".");
    let node: unknown = model;
    for (const part of parts.slice(0, -1)) {
      node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
    }
    const last = parts[parts.length - 1];
    const holder = node as Record<string, unknown> | undefined;
    const known =
      (isPlainObject(holder) || Array.isArray(holder)) && Object.prototype.hasOwnProperty.call(holder, last);
    // Knock-out rules are a collection: a new id may be added, whole, as JSON.
    const addingRule = parts.length === 2 && parts[0] === "knockouts" && isPlainObject(holder);
    if (!known && !addingRule) {
      errors.push(`${path}: unknown setting`);
      return;
    }
    const { value, error } = coerce(known ? holder![last] : {}, row[1] ?? null, path);
    if (error) errors.push(error);
    else holder![last] = value;
  });
  if (errors.length > 0) throw new ModelError(errors);
  return loadModel(model);
}

/** The model as setting/value rows: leaves as values, arrays (curves, level lists) as JSON text. */
export function modelToSettings(model: ScoringModel): [string, string | number | boolean][] {
  const rows: [string, string | number | boolean][] = [];
  const walk = (node: unknown, path: string) => {
    if (isPlainObject(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    } else if (Array.isArray(node)) {
      rows.push([path, JSON.stringify(node)]);
    } else if (typeof node === "number" || typeof node === "boolean" || typeof node === "string") {
      rows.push([path, node]);
    }
  };
  walk(model, "");
  return rows;
}

// Loading, overriding and validating scoring models. A model arrives as JSON (a file, a formula argument) or as
// setting/value rows (the `Qualification Model` sheet); either way it is merged over a base model and validated,
// and every problem is reported with its path, not only the first.
import type { z } from "zod";
import defaultJson from "./default-model.json";
import { describeSettingProblem } from "./messages";
import { problem, type Problem, type ProblemCode, type ProblemParams } from "./problems";
import { modelSchema, type ScoringModel } from "./schema";
import type { Cell } from "./types";

/** A model that cannot be used: every problem found, each with the path of its setting. */
export class ModelError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`Invalid scoring model: ${problems.map(describeSettingProblem).join("; ")}`);
    this.name = "ModelError";
  }
}

/** What zod calls the type of a value it did not expect. */
function typeName(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  return typeof input === "number" && Number.isNaN(input) ? "NaN" : typeof input;
}

/** A zod issue as a problem: its code and the facts it carries, never its English. */
function issueProblem(issue: z.core.$ZodIssue): Problem {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  switch (issue.code) {
    case "invalid_type":
      return problem(
        "model.type",
        { expected: String(issue.expected), received: typeName(issue.input) },
        path,
      );
    case "too_small":
      return issue.origin === "number"
        ? problem(
            "model.tooSmall",
            { minimum: Number(issue.minimum), inclusive: issue.inclusive !== false },
            path,
          )
        : problem(
            "model.tooFew",
            { minimum: Number(issue.minimum), what: issue.origin === "string" ? "character" : "points" },
            path,
          );
    case "too_big":
      return problem(
        "model.tooBig",
        { maximum: Number(issue.maximum), inclusive: issue.inclusive !== false },
        path,
      );
    case "invalid_value":
      return problem("model.option", { options: issue.values.map(String) }, path);
    case "unrecognized_keys":
      return problem("model.unknownKeys", { keys: issue.keys }, path);
    case "custom": {
      const params = (issue.params ?? {}) as { problem?: ProblemCode } & Record<string, unknown>;
      if (params.problem) {
        const { problem: code, ...rest } = params;
        return problem(code, rest as ProblemParams[typeof code], path);
      }
      return problem("model.invalid", { detail: issue.message }, path);
    }
    default:
      return problem("model.invalid", { detail: issue.message }, path);
  }
}

export type ParseResult = { ok: true; model: ScoringModel } | { ok: false; problems: Problem[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasOwn(node: unknown, key: string): boolean {
  return (isPlainObject(node) || Array.isArray(node)) && Object.prototype.hasOwnProperty.call(node, key);
}

/** An object with no prototype: a key such as "toString" or "__proto__" is only ever its own data. */
function bare(from: object): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, from);
}

/**
 * Names that reach an object's prototype machinery. A model never has a setting of these names; a path or JSON
 * key naming one is refused before anything is merged, so no model can reach Object.prototype.
 */
const RESERVED = new Set(["__proto__", "prototype", "constructor"]);

/** Every reserved key in a JSON value, each as a problem at its path, in document order; read without recursion. */
function reservedKeys(json: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: [unknown, (string | number)[]][] = [[json, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    const keys = Object.keys(node);
    const next: [unknown, (string | number)[]][] = [];
    for (const key of keys) {
      const at = [...path, Array.isArray(node) ? Number(key) : key];
      if (RESERVED.has(key)) problems.push(problem("model.reservedName", { name: key }, at));
      else next.push([(node as Record<string, unknown>)[key], at]);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return problems;
}

/** Objects merge key by key; anything else (numbers, arrays such as curves) replaces the base value. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out = bare(base);
  for (const k of Object.keys(over)) out[k] = merge(hasOwn(base, k) ? base[k] : undefined, over[k]);
  return out;
}

/** Validates a model, or a partial model merged over `base`. */
export function parseModel(json: unknown, base?: ScoringModel): ParseResult {
  const reserved = reservedKeys(json);
  if (reserved.length > 0) return { ok: false, problems: reserved };
  const candidate = base ? merge(base, json) : json;
  const result = modelSchema.safeParse(candidate, { reportInput: true });
  if (result.success) return { ok: true, model: result.data };
  return { ok: false, problems: result.error.issues.map(issueProblem) };
}

export function loadModel(json: unknown, base?: ScoringModel): ScoringModel {
  const result = parseModel(json, base);
  if (!result.ok) throw new ModelError(result.problems);
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

/** A deep copy to edit, its objects without prototypes. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (isPlainObject(v) ? bare(v) : v)) as T;
}

type Coerced = { value: unknown } | { problem: Problem };

/** Reads a setting's value as the type the base model holds at that path. */
function coerce(current: unknown, value: Cell, path: string[]): Coerced {
  if (value instanceof Date || (typeof value === "object" && value !== null)) {
    return { problem: problem("model.plainValue", {}, path) };
  }
  const text = typeof value === "string" ? value.trim() : value;
  if (typeof current === "number") {
    if (typeof text === "number") return { value: text };
    const percent = typeof text === "string" && /%$/.test(text);
    const n = typeof text === "string" && text !== "" ? Number(text.replace(/%$/, "")) : NaN;
    if (Number.isFinite(n)) return { value: percent ? n / 100 : n };
    return { problem: problem("model.type", { expected: "number", received: describe(text) }, path) };
  }
  if (typeof current === "boolean") {
    if (typeof text === "boolean") return { value: text };
    const w = String(text).toLowerCase();
    if (["true", "yes", "1", "on"].includes(w)) return { value: true };
    if (["false", "no", "0", "off"].includes(w)) return { value: false };
    return { problem: problem("model.type", { expected: "TRUE or FALSE", received: describe(text) }, path) };
  }
  if (Array.isArray(current) || isPlainObject(current)) {
    if (typeof text !== "string")
      return { problem: problem("model.type", { expected: "JSON text", received: describe(text) }, path) };
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { problem: problem("model.jsonSetting", { example: JSON.stringify(current) }, path) };
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
  const problems: Problem[] = [];
  rows.forEach((row, i) => {
    const setting = row[0];
    if (setting === null || setting === undefined || String(setting).trim() === "") return;
    const path = String(setting).trim();
    if (i === 0 && HEADER_ROW.test(path)) return;
    const parts = path.split(".");
    const reserved = parts.find((part) => RESERVED.has(part));
    if (reserved !== undefined) {
      problems.push(problem("model.reservedName", { name: reserved }, parts));
      return;
    }
    // Only the model's own settings are walked: an inherited name ("toString") is an unknown setting.
    let node: unknown = model;
    for (const part of parts.slice(0, -1)) {
      node = hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
    }
    const last = parts[parts.length - 1];
    const holder = node as Record<string, unknown> | undefined;
    const known = hasOwn(holder, last);
    // Knock-out rules are a collection: a new id may be added, whole, as JSON.
    const addingRule = parts.length === 2 && parts[0] === "knockouts" && isPlainObject(holder);
    if (!known && !addingRule) {
      problems.push(problem("model.unknownSetting", {}, parts));
      return;
    }
    const coerced = coerce(known ? holder![last] : {}, row[1] ?? null, parts);
    if ("problem" in coerced) problems.push(coerced.problem);
    else holder![last] = coerced.value;
  });
  if (problems.length > 0) throw new ModelError(problems);
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

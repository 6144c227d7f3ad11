// Which currency a deal value is in, and adding values up without mixing currencies. A currency is read from
// the amount's own text ("$1.2M", "€950k", "EUR 1.2M", "1,2 Mio CHF") or from a currency column; amounts with
// neither are in the model's base currency (unnamed when the model names none). Totals are per currency unless the
// model gives exchange rates, and never silently added across currencies.
import { formatMoney } from "./rationale";

/** The symbols read as currencies, and the ISO 4217 codes recognised in an amount's text. */
const SYMBOLS: Readonly<Record<string, string>> = {
  $: "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
};
const SYMBOL_CODES = new Map(Object.entries(SYMBOLS).map(([symbol, code]) => [symbol.charCodeAt(0), code]));
const CODE = /(?:^|[^a-z])([a-z]{3})(?=$|[^a-z])/gi;
const ISO = new Set(
  (
    "USD EUR GBP CHF AUD CAD JPY INR SEK NOK DKK NZD SGD ZAR CNY HKD BRL MXN PLN CZK HUF RON TRY AED SAR ILS " +
    "KRW TWD THB MYR IDR PHP RUB UAH NGN KES EGP CLP COP PEN ARS"
  ).split(" "),
);

/**
 * The currency an amount's text names, as an ISO code, or null when it names none.
 * @example currencyOfText("€2.4M") // "EUR"
 * @example currencyOfText("EUR 1.234.567") // "EUR"
 * @example currencyOfText("1.2M") // null
 */
export function currencyOfText(text: string): string | null {
  // One pass over the characters finds a symbol, and whether any run of three letters (a code's shape) is there:
  // most amounts ("1,200,000", "1.2M") have none, and need no regular expression.
  let letters = 0; // ASCII letters in a row
  let word = false; // a run of three or more seen
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const symbol = c < 0x80 ? (c === 0x24 ? "USD" : undefined) : SYMBOL_CODES.get(c);
    if (symbol !== undefined) return symbol;
    letters = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? letters + 1 : 0;
    if (letters >= 3) word = true;
  }
  if (!word) return null;
  for (const m of text.matchAll(CODE)) {
    const code = m[1].toUpperCase();
    if (ISO.has(code)) return code;
  }
  return null;
}

/**
 * A currency column's cell as an ISO code ("EUR", "eur", "€"), or null when it is not one.
 * @example currencyCode(" usd ") // "USD"
 */
export function currencyCode(cell: unknown): string | null {
  if (typeof cell !== "string") return null;
  const t = cell.trim();
  if (t.length === 1) return SYMBOLS[t] ?? null;
  const code = t.toUpperCase();
  return ISO.has(code) ? code : null;
}

/** The model's currency settings: the base currency's code (null: unnamed) and rates to it, per unit of each. */
export interface CurrencySettings {
  base: string | null;
  rates: Readonly<Record<string, number>>;
}

/**
 * An amount in `from` (null: the base) in the base currency, or NaN when no rate says how.
 * @example toBase(100, "EUR", { base: "USD", rates: { EUR: 1.1 } }) // 110
 */
export function toBase(amount: number, from: string | null, c: CurrencySettings): number {
  if (from === null || from === c.base) return amount;
  const rate = c.rates[from];
  return rate === undefined ? NaN : amount * rate;
}

/** Sums of amounts by currency ("" for the base), added up without ever mixing two. */
export class CurrencyTotals {
  readonly sums = new Map<string, number>();

  add(amount: number, currency: string | null): void {
    const key = currency ?? "";
    this.sums.set(key, (this.sums.get(key) ?? 0) + amount);
  }

  merge(other: CurrencyTotals): void {
    for (const [k, v] of other.sums) this.sums.set(k, (this.sums.get(k) ?? 0) + v);
  }

  /**
   * The totals in words: one figure when every amount is in one currency or the rates bring them to the base
   * ("28.7M", "31.4M USD"), else one per currency, the base first ("28.7M + 2.4M EUR").
   */
  text(c: CurrencySettings): string {
    const base = c.base ?? "";
    // Amounts without a currency are in the base: one figure with the base's own.
    const merged = new Map<string, number>();
    for (const [k, v] of this.sums) if (v !== 0) merged.set(k || base, (merged.get(k || base) ?? 0) + v);
    const entries = [...merged];
    if (entries.length === 0) return formatMoney(0);
    let converted = 0;
    let all = true;
    for (const [k, v] of entries) {
      const x = toBase(v, k === base ? null : k, c);
      if (x !== x) all = false;
      else converted += x;
    }
    const named = (v: number, k: string) => (k === "" ? formatMoney(v) : `${formatMoney(v)} ${k}`);
    if (all) return named(converted, base);
    entries.sort(([a], [b]) => (a === base ? -1 : b === base ? 1 : a.localeCompare(b)));
    return entries.map(([k, v]) => named(v, k)).join(" + ");
  }
}

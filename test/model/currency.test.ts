import { expect } from "chai";
import fc from "fast-check";
import { CurrencyTotals, currencyCode, currencyOfText, toBase } from "../../src/model/currency";

describe("model/currency", () => {
  it("reads the currency an amount's text names, by symbol or ISO code, anywhere in the text", () => {
    expect(currencyOfText("$1.2M")).to.equal("USD");
    expect(currencyOfText("€2.4M")).to.equal("EUR");
    expect(currencyOfText("£950k")).to.equal("GBP");
    expect(currencyOfText("EUR 1.234.567")).to.equal("EUR");
    expect(currencyOfText("1,2 Mio chf")).to.equal("CHF");
    expect(currencyOfText("1.2M")).to.equal(null);
    expect(currencyOfText("about a million")).to.equal(null); // "out" is no currency
    expect(currencyOfText("1.2 mio")).to.equal(null);
  });

  it("reads a code next to digits or marks, and a symbol before any code, but no code inside a longer word", () => {
    expect(currencyOfText("1.2Mchf")).to.equal(null); // "mchf": four letters, no code
    expect(currencyOfText("1.2 m CHF")).to.equal("CHF");
    expect(currencyOfText("USD1,200")).to.equal("USD");
    expect(currencyOfText("1,200 eur/€")).to.equal("EUR"); // the symbol, wherever it is
    expect(currencyOfText("gbp 1,200 $")).to.equal("USD");
    expect(currencyOfText("xyz 1,200")).to.equal(null); // three letters, but no ISO code
    expect(currencyOfText("1 200 k ¥")).to.equal("JPY");
    expect(currencyOfText("₹ 12 lakh")).to.equal("INR");
    expect(currencyOfText("")).to.equal(null);
  });

  it("finds the same currency as the plain rule (first symbol, else first ISO code) in any text", () => {
    // The rule as it reads without the one-pass shortcut: every symbol in order, then every three-letter word.
    const symbols: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR" };
    const reference = (text: string): string | null => {
      for (const ch of text) if (symbols[ch] !== undefined) return symbols[ch];
      for (const m of text.matchAll(/(?:^|[^a-z])([a-z]{3})(?=$|[^a-z])/gi)) {
        const code = m[1].toUpperCase();
        if (["USD", "EUR", "GBP", "CHF", "JPY", "SEK", "ZAR", "PLN"].includes(code)) return code;
      }
      return null;
    };
    const piece = fc.constantFrom(
      ..."0123456789., '-kmKM$€£¥₹ſKé\u00a0".split(""),
      "usd",
      "EUR",
      "chf",
      "Mio",
      "mn",
      "sek",
      "abc",
      "xeur",
      "eurx",
      "Zar",
      "pln",
      "k",
      "bn",
      "😀",
    );
    const text = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(currencyOfText(t), JSON.stringify(t)).to.equal(reference(t));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads a currency column's cell", () => {
    expect(currencyCode(" usd ")).to.equal("USD");
    expect(currencyCode("€")).to.equal("EUR");
    expect(currencyCode("Euro")).to.equal(null);
    expect(currencyCode(12)).to.equal(null);
  });

  it("converts to the base currency only with a rate", () => {
    const c = { base: "USD", rates: { EUR: 1.1 } };
    expect(toBase(100, "EUR", c)).to.be.closeTo(110, 1e-9);
    expect(toBase(100, "USD", c)).to.equal(100);
    expect(toBase(100, null, c)).to.equal(100);
    expect(toBase(100, "GBP", c)).to.be.NaN;
  });

  it("never adds two currencies without a rate, and adds them in the base with rates", () => {
    const t = new CurrencyTotals();
    t.add(1_200_000, "USD");
    t.add(28_700_000, null);
    t.add(2_400_000, "EUR");
    expect(t.text({ base: null, rates: {} })).to.equal("28.7M + 2.4M EUR + 1.2M USD");
    expect(t.text({ base: "USD", rates: {} })).to.equal("29.9M USD + 2.4M EUR");
    expect(t.text({ base: "USD", rates: { EUR: 1.5 } })).to.equal("33.5M USD");
    const one = new CurrencyTotals();
    one.add(2_400_000, "EUR");
    expect(one.text({ base: null, rates: {} })).to.equal("2.4M EUR");
    expect(new CurrencyTotals().text({ base: null, rates: {} })).to.equal("0");
  });
});

describe("the table service's totals by currency", () => {
  it("reads each deal's currency from its text or a currency column, and totals per currency", async () => {
    const { defaultModel, qualifyTable, summarise, loadModel } = await import("../../src/model");
    const headers = ["Opportunity", "Deal Value", "CurrencyIsoCode", "Financing"];
    const rows = [
      ["A", "$1.2M", null, "Secured"],
      ["B", "€2.4M", null, "Secured"],
      ["C", 500_000, "EUR", "Secured"],
      ["D", 300_000, null, "Secured"],
    ];
    const { results } = qualifyTable({ headers, rows }, { model: defaultModel, asOf: 46000 });
    expect(results.currency).to.deep.equal(["USD", "EUR", "EUR", null]);
    expect(summarise(results).valueText).to.equal("300k + 2.9M EUR + 1.2M USD");
    const rated = loadModel({ currency: { base: "USD", rates: { EUR: 1.5 } } }, defaultModel);
    expect(summarise(results, rated.currency).valueText).to.equal("5.85M USD");
  });
});

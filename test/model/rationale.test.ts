// Money in rationale words: "3.52M", "€"-free, to two significant decimals below ten of a unit, one below a
// hundred, none above; whole amounts are rounded in whole numbers, which must say what toFixed says.
import { expect } from "chai";
import fc from "fast-check";
import { formatMoney } from "../../src/model";

/** The rule as toFixed applies it to the scaled amount. */
function byToFixed(n: number): string {
  const abs = Math.abs(n);
  const fmt = (x: number, suffix: string) => `${Number(x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2))}${suffix}`;
  if (abs >= 1e9) return fmt(n / 1e9, "bn");
  if (abs >= 1e6) return fmt(n / 1e6, "M");
  if (abs >= 1e3) return fmt(n / 1e3, "k");
  return String(Math.round(n));
}

describe("rationale: formatMoney", () => {
  it("words amounts a manager reads", () => {
    expect(formatMoney(3_520_000)).to.equal("3.52M");
    expect(formatMoney(2_599_000)).to.equal("2.6M");
    expect(formatMoney(23_400)).to.equal("23.4k");
    expect(formatMoney(999_999)).to.equal("1000k");
    expect(formatMoney(1_500_000_000)).to.equal("1.5bn");
    expect(formatMoney(-5_000_000)).to.equal("-5M");
    expect(formatMoney(950)).to.equal("950");
  });

  it("settles a tie at the rounding digit as toFixed does (by the scaled amount's binary digits)", () => {
    expect(formatMoney(1_005)).to.equal(byToFixed(1_005));
    expect(formatMoney(1_235_000)).to.equal(byToFixed(1_235_000));
    expect(formatMoney(10_050)).to.equal(byToFixed(10_050));
    expect(formatMoney(100_500)).to.equal(byToFixed(100_500));
  });

  it("says what toFixed says for any amount, whole or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 0, max: 2e12 }),
          fc.integer({ min: 0, max: 2e8 }).map((k) => k * 5_000), // ties at every digit
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
        ),
        (n) => {
          expect(formatMoney(n)).to.equal(byToFixed(n));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

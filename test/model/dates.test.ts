// Excel serial dates: a calendar date counted as its serial, and a serial said as ISO text, both in whole numbers
// and both held to what Date says.
import { expect } from "chai";
import fc from "fast-check";
import { dateToSerial, partsToSerial, serialToIso } from "../../src/model/dates";

describe("serial dates", () => {
  it("counts a calendar date as Excel's serial", () => {
    expect(partsToSerial(2027, 3, 15)).to.equal(46461);
    expect(partsToSerial(1970, 1, 1)).to.equal(25569);
    expect(partsToSerial(2000, 2, 29)).to.equal(36585); // a leap year by the 400-year rule
    expect(partsToSerial(9999, 12, 31)).to.equal(2958465);
    expect(serialToIso(partsToSerial(2026, 11, 28)!)).to.equal("2026-11-28");
  });

  it("refuses parts that are not a real date", () => {
    for (const [y, m, d] of [
      [2027, 2, 29], // not a leap year
      [1900, 2, 29], // nor is 1900 (Excel's phantom day is not a date typed)
      [2027, 4, 31],
      [2027, 13, 1],
      [2027, 0, 10],
      [1899, 12, 31], // before the serials begin
      [10000, 1, 1],
      [2027, 1, 1.5],
    ])
      expect(partsToSerial(y, m, d), `${y}-${m}-${d}`).to.equal(null);
  });

  it("agrees with the calendar of Date on every day it is given", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1890, max: 10_001 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const date = new Date(Date.UTC(y, m - 1, d));
          const real = y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && date.getUTCMonth() === m - 1 && d >= 1;
          expect(partsToSerial(y, m, d)).to.equal(real ? dateToSerial(date) : null);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

const byDate = (serial: number) =>
  new Date((Math.floor(serial) - 25569) * 86_400_000).toISOString().slice(0, 10);

describe("dates: serialToIso", () => {
  it("names the day Date names, 1000-01-01 to 9999-12-31 and a little past either end", () => {
    const wrong: number[] = [];
    for (let s = -330000; s <= 2960000; s++) if (serialToIso(s) !== byDate(s)) wrong.push(s);
    expect(wrong).to.deep.equal([]);
  });

  it("reads known days: leap days, the turn of a century, a fraction of a day", () => {
    expect(serialToIso(46000)).to.equal("2025-12-09");
    expect(serialToIso(46000.75)).to.equal("2025-12-09");
    expect(serialToIso(36585)).to.equal("2000-02-29");
    expect(serialToIso(73109)).to.equal("2100-02-28");
    expect(serialToIso(73110)).to.equal("2100-03-01");
    expect(serialToIso(-328716)).to.equal("1000-01-01");
    expect(serialToIso(2958465)).to.equal("9999-12-31");
  });

  it("says a date past year 9999 as Date does", () => {
    expect(serialToIso(2958466)).to.equal(byDate(2958466));
    expect(serialToIso(2958466)).to.equal("+010000-01");
  });
});

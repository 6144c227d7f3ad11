// Serial dates as ISO text: the arithmetic calendar says what Date says, for every day of the four-digit years
// and beyond them.
import { expect } from "chai";
import { serialToIso } from "../../src/model";

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

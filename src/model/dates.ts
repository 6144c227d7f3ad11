// Excel serial dates: the one date representation inside the engine, so that a date typed as text, a Date
// object and the serial number Excel hands a custom function all compare the same, with no time zone.

const MS_PER_DAY = 86_400_000;
// Serial 25569 is 1970-01-01 in Excel's 1900 date system (which counts the phantom 1900-02-29).
const UNIX_EPOCH_SERIAL = 25569;

export function dateToSerial(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY) + UNIX_EPOCH_SERIAL;
}

/**
 * The serial of a calendar date given in parts (month 1–12); null when the parts are not a real date. Counted
 * with integers (days from the civil calendar, H. Hinnant's algorithm) rather than a Date object: dates typed as
 * text are read this way once per cell, and a Date costs a call into the runtime.
 * @example partsToSerial(2027, 3, 15) // 46461; partsToSerial(2027, 2, 29) // null
 */
export function partsToSerial(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 9999) return null;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468 + UNIX_EPOCH_SERIAL; // 719468: days from 0000-03-01 to 1970-01-01
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Serials of 1000-01-01 and 9999-12-31: between them a date's ISO text has a four-digit year.
const FIRST_4_DIGIT_YEAR = -328716;
const LAST_4_DIGIT_YEAR = 2958465;

/** A serial's calendar date as ISO text, "2027-03-31" (a rationale quotes every roadmap date it reads). */
export function serialToIso(serial: number): string {
  const day = Math.floor(serial);
  if (!(day >= FIRST_4_DIGIT_YEAR && day <= LAST_4_DIGIT_YEAR)) {
    // Outside four-digit years (and for what is not a date at all), as Date says it.
    return new Date((day - UNIX_EPOCH_SERIAL) * MS_PER_DAY).toISOString().slice(0, 10);
  }
  // The proleptic Gregorian calendar in whole numbers (H. Hinnant's civil_from_days), without a Date: days are
  // counted from 0000-03-01, so a leap day ends its year, in eras of 400 years.
  const z = day - UNIX_EPOCH_SERIAL + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153); // months from March
  const date = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? "0" : ""}${month}-${date < 10 ? "0" : ""}${date}`;
}

/** The serial of `now`'s date in the local calendar: what Excel's TODAY() says at that moment on this machine. */
export function todaySerial(now: Date): number {
  return partsToSerial(now.getFullYear(), now.getMonth() + 1, now.getDate()) ?? dateToSerial(now);
}

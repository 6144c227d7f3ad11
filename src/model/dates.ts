// Excel serial dates: the one date representation inside the engine, so that a date typed as text, a Date
// object and the serial number Excel hands a custom function all compare the same, with no time zone.

const MS_PER_DAY = 86_400_000;
// Serial 25569 is 1970-01-01 in Excel's 1900 date system (which counts the phantom 1900-02-29).
const UNIX_EPOCH_SERIAL = 25569;

export function dateToSerial(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY) + UNIX_EPOCH_SERIAL;
}

/** The serial of a calendar date given in UTC parts (month 1–12); null when the parts are not a real date. */
export function partsToSerial(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 9999) return null;
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCMonth() !== month - 1) return null;
  return Math.floor(t / MS_PER_DAY) + UNIX_EPOCH_SERIAL;
}

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

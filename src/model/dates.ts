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

export function serialToIso(serial: number): string {
  const d = new Date((Math.floor(serial) - UNIX_EPOCH_SERIAL) * MS_PER_DAY);
  return d.toISOString().slice(0, 10);
}

/** The serial of `now`'s date in the local calendar: what Excel's TODAY() says at that moment on this machine. */
export function todaySerial(now: Date): number {
  return partsToSerial(now.getFullYear(), now.getMonth() + 1, now.getDate()) ?? dateToSerial(now);
}

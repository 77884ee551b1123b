/**
 * Timestamps as Go 1.19 reads and writes them in JSON: time.Time.UnmarshalJSON parses the quoted text
 * with time.Parse(RFC3339) and MarshalJSON writes RFC3339Nano. distribution passes every config history
 * `created` through that round trip when it writes schema 1, so its output is what we must produce.
 *
 * What Go 1.19 accepts (and so do we): a 4-digit year; 2-digit month, day, minute and second; a 1- or
 * 2-digit hour; an optional fraction after '.' or ',' with any number of digits (only 9 are kept);
 * 'Z', or an offset ±HH:MM with hours up to 24 and minutes up to 60. Dates are range-checked.
 * What it writes: the same wall-clock fields, a 2-digit hour, the fraction without trailing zeros
 * (none when zero), and 'Z' for a zero offset, else the offset normalised to ±HH:MM.
 */
import { LensError } from '../errors';

/** What Go writes for a time that was never set (a history entry without `created`). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const RFC3339_GO = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function refuse(text: string, why: string): LensError {
  return new LensError('INPUT_INVALID', `The time ${JSON.stringify(text)} is not one Go can read as RFC 3339: ${why}.`);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.Parse(RFC3339, text) then Format(RFC3339Nano); INPUT_INVALID where Go fails. */
export function goRfc3339Nano(text: string): string {
  const m = RFC3339_GO.exec(text);
  if (!m) throw refuse(text, 'expected YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)');
  const [, year, month, day, hour, minute, second, fraction, sign, offHours, offMinutes] = m as unknown as string[];
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (mo < 1 || mo > 12) throw refuse(text, 'month out of range');
  if (Number(hour) > 23) throw refuse(text, 'hour out of range');
  if (Number(minute) > 59) throw refuse(text, 'minute out of range');
  if (Number(second) > 59) throw refuse(text, 'second out of range');
  const daysInMonth = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d < 1 || d > daysInMonth) throw refuse(text, 'day out of range');

  const nanos = (fraction ?? '').slice(0, 9).replace(/0+$/, '');
  let zone = 'Z';
  if (sign !== undefined) {
    const h = Number(offHours);
    const mi = Number(offMinutes);
    if (h > 24) throw refuse(text, 'time zone offset hour out of range');
    if (mi > 60) throw refuse(text, 'time zone offset minute out of range');
    const total = h * 60 + mi;
    if (total !== 0) zone = `${sign}${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
  }
  return `${year}-${month}-${day}T${pad2(Number(hour))}:${minute}:${second}${nanos ? `.${nanos}` : ''}${zone}`;
}

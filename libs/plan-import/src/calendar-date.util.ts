import { isValidDate } from '@asc/domain';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export type ParsedDate =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly problem: 'unrecognised' | 'impossible' };

function build(year: string, month: string | number, day: string | number): ParsedDate {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidDate(iso) ? { ok: true, date: iso } : { ok: false, problem: 'impossible' };
}

/**
 * A calendar date written as a UK document or spreadsheet writes it, to `YYYY-MM-DD`:
 * - `2025-03-31` (ISO 8601, four-digit year, two-digit month and day);
 * - `31/03/2025`, also `31/3/2025`, `31-03-2025`, `31.03.2025` (UK order: day first, always);
 * - `31 March 2025`, `31st Mar 2025`.
 * Two-digit years and US month-first dates are not accepted. A well-formed but impossible date
 * (`2025-02-30`, `31/04/2025`) is `impossible`; anything else is `unrecognised`.
 */
export function parseCalendarDate(input: string): ParsedDate {
  const text = input.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return build(m[1] as string, m[2] as string, m[3] as string);
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(text);
  if (m) return build(m[4] as string, m[3] as string, m[1] as string);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/i.exec(text);
  if (m) {
    const word = (m[2] as string).toLowerCase();
    const month = MONTHS.findIndex(
      (name) => name === word || (word.length >= 3 && name.startsWith(word)),
    );
    if (month >= 0) return build(m[3] as string, month + 1, m[1] as string);
  }
  return { ok: false, problem: 'unrecognised' };
}

/**
 * Words for a date with unspecified digits (`202X`, `2025-1X`, `2025-XX-15`): each part reads as
 * the values its digits allow, so a reader is never told more (or less) than the date says.
 */
export interface UnspecifiedDigits {
  year: string;
  month?: string;
  day?: string;
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function unspecifiedWords(digits: UnspecifiedDigits): string {
  const year = yearWords(digits.year);
  const months = digits.month === undefined ? undefined : matching(digits.month, 1, 12);
  const days = digits.day === undefined ? undefined : matching(digits.day, 1, 31);
  const anyMonth = months === undefined || months.length === 12;
  const anyDay = days === undefined || days.length === 31;
  if (anyDay) {
    if (anyMonth) return year.alone;
    return `${listed(months!, monthName)} ${year.after}`;
  }
  const day = listed(days!, String);
  if (anyMonth) return `day ${day} of an unspecified month of ${year.alone}`;
  if (months!.length === 1) return `${day} ${monthName(months![0]!)} ${year.after}`;
  const month =
    months!.length >= 3 && contiguous(months!)
      ? `a month from ${listed(months!, monthName)}`
      : listed(months!, monthName);
  return `day ${day} of ${month} ${year.after}`;
}

/** The year alone ("the 2020s"), and after a month or day ("June of a year in the 2020s"). */
function yearWords(pattern: string): { alone: string; after: string } {
  if (!pattern.includes('X')) return { alone: pattern, after: pattern };
  const years = matching(pattern, 1, 9999);
  const first = years[0]!;
  const last = years.at(-1)!;
  if (/^\d{3}X$/.test(pattern)) return { alone: `the ${first}s`, after: `of a year in the ${first}s` };
  const words = contiguous(years)
    ? `a year from ${first} to ${last}`
    : `a year of the form ${pattern} (${first} to ${last})`;
  return { alone: words, after: `of ${words}` };
}

/** The numbers from `min` to `max` whose digits match a pattern with X for any digit. */
function matching(pattern: string, min: number, max: number): number[] {
  const width = pattern.length;
  const shape = new RegExp(`^${pattern.replaceAll('X', '\\d')}$`);
  const values: number[] = [];
  for (let n = min; n <= max; n++) if (shape.test(String(n).padStart(width, '0'))) values.push(n);
  return values;
}

function contiguous(values: number[]): boolean {
  return values.length > 0 && values.at(-1)! - values[0]! === values.length - 1;
}

/** "10 to 19" for a run of three or more, else "5, 15 or 25". */
function listed(values: number[], name: (value: number) => string): string {
  const names = values.map(name);
  if (values.length >= 3 && contiguous(values)) return `${names[0]} to ${names.at(-1)}`;
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function monthName(month: number): string {
  return MONTHS[month - 1]!;
}

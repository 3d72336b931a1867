import { MONTHS } from '../../events/dates/unspecified-words.js';

export { MONTHS };
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
let words: Intl.DateTimeFormat | undefined;
/** Made on first use: the browser's locale data loads with its first one, after the page's first requests. */
const WORDS = (): Intl.DateTimeFormat =>
  (words ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

export function isDay(text: string): boolean {
  return DAY.test(text) && !Number.isNaN(Date.parse(text)) && new Date(text).toISOString().startsWith(text);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * "31 December 2020", as the browser's en-GB format writes it; written out here, so showing a day does
 * not wait for the browser's locale data (anything but a day is left to the format).
 */
export function dayWords(day: string): string {
  const parts = DAY.exec(day);
  const month = parts && MONTHS[Number(parts[2]) - 1];
  if (!parts || !month) return WORDS().format(new Date(`${day}T00:00:00Z`));
  return `${Number(parts[3])} ${month} ${Number(parts[1])}`;
}

/** Days since 1970-01-01: a number line for bars and markers. */
export function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 86_400_000;
}

/**
 * The slider's scale: one step per month, each step the month's last day, from January of the first
 * year to December of the last.
 */
export class MonthScale {
  constructor(
    readonly firstYear: number,
    readonly lastYear: number,
  ) {}

  get steps(): number {
    return (this.lastYear - this.firstYear + 1) * 12;
  }

  dayAt(step: number): string {
    const year = this.firstYear + Math.floor(step / 12);
    const month = step % 12;
    return new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);
  }

  /** The step whose month holds the day, clamped to the scale. */
  stepOf(day: string): number {
    const step = (Number(day.slice(0, 4)) - this.firstYear) * 12 + Number(day.slice(5, 7)) - 1;
    return Math.min(this.steps - 1, Math.max(0, step));
  }
}

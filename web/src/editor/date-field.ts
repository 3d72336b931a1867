import { MONTHS } from '../dates.js';
import { h } from '../dom.js';
import { input, select } from './form.js';

interface Reading {
  dateText: string;
  dateRange: { earliest: string; latest: string; openStart?: boolean };
}

/**
 * An EDTF date typed as it is, or built from plain choices ("in 2025", "on or before 6 March 2025",
 * "late 2025, approximately"); as it changes, the words and the days it covers are shown, read by the
 * service the way it will read the saved date.
 */
export function dateField(onChange?: () => void): {
  input: HTMLInputElement;
  builder: HTMLElement;
  preview: HTMLElement;
} {
  const field = input({ placeholder: 'e.g. 2025-12~ or 2024', autocomplete: 'off' });
  const preview = h('p', { class: 'date-preview', 'aria-live': 'polite' });
  let asked = 0;
  const show = async () => {
    const text = field.value.trim();
    const request = ++asked;
    if (text === '') {
      preview.textContent = '';
      return;
    }
    const response = await fetch(`/catalogue/date?edtf=${encodeURIComponent(text)}`);
    const body = (await response.json()) as Reading & { errors?: { message: string }[]; detail?: string };
    if (request !== asked) return;
    preview.textContent = response.ok
      ? `${body.dateText}: ${body.dateRange.openStart ? 'held by' : 'from'} ${
          body.dateRange.openStart ? body.dateRange.latest : `${body.dateRange.earliest} to ${body.dateRange.latest}`
        }`
      : `Not a date the service reads: ${body.errors?.[0]?.message ?? body.detail ?? response.status}`;
    preview.classList.toggle('bad', !response.ok);
  };
  field.addEventListener('input', () => {
    show().catch(() => undefined);
    onChange?.();
  });

  const how = select([
    ['in', 'in (year or month)'],
    ['on', 'on (a day)'],
    ['by', 'on or before'],
    ['late', 'late (second half of)'],
    ['early', 'early (first half of)'],
  ]);
  const year = input({ inputmode: 'numeric', placeholder: 'year', size: '5', 'aria-label': 'Year' });
  const month = select([['', 'any month'], ...MONTHS.map((m, i): [string, string] => [pad(i + 1), m])], {
    'aria-label': 'Month',
  });
  const day = input({ inputmode: 'numeric', placeholder: 'day', size: '3', 'aria-label': 'Day' });
  const approx = h('input', { type: 'checkbox' });
  const apply = h('button', { type: 'button' }, 'Use this date');
  apply.addEventListener('click', () => {
    const built = build(how.value, year.value.trim(), month.value, day.value.trim(), approx.checked);
    if (!built) return;
    field.value = built;
    field.dispatchEvent(new Event('input'));
  });
  const builder = h(
    'div',
    { class: 'date-builder', role: 'group', 'aria-label': 'Build the date from plain choices' },
    how,
    year,
    month,
    day,
    h('label', {}, approx, ' approximately'),
    apply,
  );
  return { input: field, builder, preview };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The EDTF of a plain choice; undefined when the year is missing. */
export function build(how: string, year: string, month: string, day: string, approx: boolean): string | undefined {
  if (!/^\d{4}$/.test(year)) return undefined;
  const mark = approx ? '~' : '';
  const dayPart = /^\d{1,2}$/.test(day) && month ? `-${pad(Number(day))}` : '';
  const exact = `${year}${month ? `-${month}` : ''}${dayPart}`;
  if (how === 'late') return `${year}-41${mark}`;
  if (how === 'early') return `${year}-40${mark}`;
  if (how === 'by') return `../${exact}${mark}`;
  return `${exact}${mark}`;
}

import type { Expectation, ViewRow } from './api.js';
import { codeWords, typeWords, type NameBook } from './names.js';

/** A row in words: what, who, where (codes of countries, regions or entities), status, since when. */
export interface RowText {
  what: string;
  who: string[];
  where: string[];
  status: string;
  since?: string;
}

type Value = Record<string, unknown>;
const text = (v: Value, name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
const list = (v: Value, name: string) =>
  Array.isArray(v[name]) ? (v[name] as unknown[]).filter((x): x is string => typeof x === 'string') : [];
const unique = (items: (string | undefined)[]) => [...new Set(items.filter((x): x is string => !!x))];

/** A date of the row as the source gave it, in the service's words ("on or before 2025, uncertain"). */
function dateWords(v: Value, date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const words = (v.datesInWords as Record<string, string> | undefined)?.[date];
  return words ?? date;
}

/** The status step's date ("under construction since ..."). */
function stepDate(v: Value): string | undefined {
  const status = text(v, 'status');
  const steps = v.steps as Record<string, string> | undefined;
  return dateWords(v, status === undefined ? undefined : steps?.[status]);
}

const READERS: Record<string, (v: Value, names: NameBook) => RowText> = {
  facilities: (v, names) => ({
    what:
      text(v, 'name') ??
      `${codeWords(text(v, 'kind') ?? 'facility')} in ${text(v, 'location') ?? names.of(text(v, 'country') ?? '')}`,
    who: unique([text(v, 'owner')]),
    where: unique([text(v, 'country')]),
    status: codeWords(text(v, 'status') ?? ''),
    since: stepDate(v),
  }),
  licensing: (v) => ({
    what: text(v, 'technology') ?? 'technology licence',
    who: unique([text(v, 'licensor'), text(v, 'licensee')]),
    where: unique([text(v, 'licensorCountry'), ...list(v, 'usedIn'), ...list(v, 'countries')]),
    status: codeWords(text(v, 'status') ?? ''),
    since: dateWords(v, text(v, 'signed')),
  }),
  acquisitions: (v, names) => ({
    what: `${names.of(text(v, 'acquirer') ?? '')} acquires ${names.of(text(v, 'target') ?? '')}`,
    who: unique([text(v, 'acquirer'), text(v, 'target')]),
    where: unique([text(v, 'targetCountry')]),
    status: codeWords(text(v, 'status') ?? ''),
    since: stepDate(v),
  }),
  policies: (v) => ({
    what: text(v, 'title') ?? codeWords(text(v, 'kind') ?? 'policy'),
    who: unique([text(v, 'issuer'), ...list(v, 'coIssuers')]),
    where: unique([...list(v, 'jurisdiction'), text(v, 'issuerCountry')]),
    status: inForceWords(v),
    since: dateWords(v, text(v, 'issued')) && `issued ${dateWords(v, text(v, 'issued'))}`,
  }),
  agreements: (v) => ({
    what: text(v, 'title') ?? codeWords(text(v, 'kind') ?? 'agreement'),
    who: list(v, 'parties'),
    where: list(v, 'countries'),
    status: codeWords(text(v, 'status') ?? ''),
    since: dateWords(v, text(v, 'signed')),
  }),
  investments: (v) => {
    const latest = v.latest as { period?: string } | undefined;
    return {
      what: text(v, 'label') ?? text(v, 'measure') ?? 'figure',
      who: unique([text(v, 'investor'), text(v, 'reporter')]),
      where: unique([text(v, 'destination')]),
      status: figure(v.latest) ?? '',
      since: latest?.period && `for ${dateWords(v, latest.period)}`,
    };
  },
  footprint: (v, names) => {
    const organisation = text(v, 'organisation') ?? '';
    const country = text(v, 'country') ?? '';
    const modes = list(v, 'modes').map((m) => m.split(':').map(codeWords).join(' '));
    return {
      what: `${names.of(organisation)} in ${names.of(country)}`,
      who: unique([organisation]),
      where: unique([country]),
      status: [v.presence === 'planned' ? 'planned' : '', ...modes].filter(Boolean).join(', '),
    };
  },
  relationships: (v, names) => {
    const parties = (v.parties as { entity: string; role: string; country?: string }[] | undefined) ?? [];
    return {
      what: [codeWords(text(v, 'kind') ?? 'relationship'), text(v, 'technology')].filter(Boolean).join(': '),
      who: parties.map((p) => p.entity),
      where: unique(parties.map((p) => p.country)),
      status: [codeWords(text(v, 'status') ?? ''), ...parties.map((p) => `${names.of(p.entity)} ${codeWords(p.role)}`)]
        .filter(Boolean)
        .join('; '),
    };
  },
};

/** What a row says, in words; a view the page does not know is read from the fields views share. */
export function describe(view: string, row: ViewRow, names: NameBook): RowText {
  const reader = READERS[view] ?? READERS.facilities!;
  const read = reader(row.value, names);
  return { ...read, since: row.since?.text ?? read.since, what: read.what || 'unnamed' };
}

/** A policy's being in force, as the service words it, else from its flag and period. */
function inForceWords(v: Value): string {
  const given = text(v, 'inForceText');
  if (given) return given;
  const period = dateWords(v, text(v, 'effective'));
  const during = period ? ` (in force ${period})` : '';
  if (v.inForce === true) return `in force${during}`;
  if (v.inForce === false) return `not in force on this date${during}`;
  return 'issued; whether it is in force is not known';
}

function figure(latest: unknown): string | undefined {
  const l = latest as { value?: { value?: number; currency?: string; unit?: string; bound?: string } } | undefined;
  if (!l?.value || typeof l.value.value !== 'number') return undefined;
  const { value, currency, unit, bound } = l.value;
  const amount = value.toLocaleString('en-GB');
  const money = currency === 'USD' ? `US$${amount}` : currency ? `${currency} ${amount}` : amount;
  return [bound && bound !== 'exact' ? bound : '', money, unit === 'percent' ? '%' : unit]
    .filter(Boolean)
    .join(' ')
    .replace(' %', '%');
}

export function expectationText(e: Expectation): string {
  return `${typeWords(e.type)}, expected ${e.dateText}${e.note ? ` (${e.note})` : ''}`;
}

/** The expectation's status in words, as the service gives it when it does. */
export function expectationStatus(e: Expectation): string {
  if (e.statusText) return e.statusText;
  if (e.status === 'overdue') return `Not recorded as met by ${e.dateText}`;
  return { pending: 'Pending', met: 'Met', 'met-late': 'Met late' }[e.status];
}

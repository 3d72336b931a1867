import type { Certainty, ViewRow } from './api.js';
import { certaintyOf } from './certainty.js';
import type { NameBook } from './names.js';
import { describe } from './row-words.js';

/** One row as the map shows it: where it is, or between which countries. */
export interface Placed {
  label: string;
  certainty: Certainty;
  planned: boolean;
}

export interface Place {
  /** ISO 3166-1 alpha-2, or a region's or country's id when the map cannot shade it. */
  country: string;
  items: Placed[];
}

export interface Link {
  from: string;
  to: string;
  label: string;
  certainty: Certainty;
}

export interface Placement {
  places: Place[];
  links: Link[];
  /** What the map cannot place (a figure for the whole world, a region): still listed under the map. */
  unplaced: Placed[];
}

/** What the map places, per view: where a facility is, the issuing government of a policy, a figure's
 * destination, an organisation's presence; licences, acquisitions and relationships also as links. */
const WHERE: Record<string, (v: Record<string, unknown>) => { at: string[]; from?: string; to?: string[] }> = {
  facilities: (v) => ({ at: strings(v.country) }),
  licensing: (v) => ({
    at: strings(v.licenseeCountry),
    from: v.licensorCountry as string | undefined,
    to: strings(v.licenseeCountry),
  }),
  acquisitions: (v) => ({
    at: strings(v.targetCountry),
    from: v.acquirerCountry as string | undefined,
    to: strings(v.targetCountry),
  }),
  policies: (v) => ({ at: strings(v.issuerCountry) }),
  agreements: (v) => ({ at: strings(v.countries) }),
  investments: (v) => ({ at: strings(v.destination) }),
  footprint: (v) => ({ at: strings(v.country) }),
  relationships: (v) => {
    const parties = (v.parties as { country?: string }[] | undefined) ?? [];
    const countries = [...new Set(parties.map((p) => p.country).filter((c): c is string => !!c))];
    return { at: countries, from: countries[0], to: countries.slice(1) };
  },
};

function strings(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter((x): x is string => typeof x === 'string');
}

const COUNTRY = /^(?:country:)?([A-Z]{2})$/;

/** The rows of the table, placed: the list under the map is built from these same rows. */
export function placeRows(view: string, rows: ViewRow[], names: NameBook): Placement {
  const where = WHERE[view] ?? WHERE.facilities!;
  const places = new Map<string, Place>();
  const links: Link[] = [];
  const unplaced: Placed[] = [];
  for (const row of rows) {
    const text = describe(view, row, names);
    const item: Placed = {
      label: text.what,
      certainty: certaintyOf(row.certainty),
      planned: row.value.presence === 'planned',
    };
    const { at, from, to } = where(row.value);
    const countries = at.map((code) => COUNTRY.exec(code)?.[1] ?? code);
    if (countries.length === 0) unplaced.push(item);
    for (const country of countries) {
      const place = places.get(country) ?? { country, items: [] };
      place.items.push(item);
      places.set(country, place);
    }
    for (const target of to ?? []) {
      if (from && target !== from) links.push({ from, to: target, label: text.what, certainty: item.certainty });
    }
  }
  const sorted = [...places.values()].sort(
    (a, b) => b.items.length - a.items.length || a.country.localeCompare(b.country),
  );
  return { places: sorted, links, unplaced };
}

import { z } from 'zod';
import type { Placement } from './projection.js';
import { text } from './row-value.js';

/** A footprint row lists at most this many facilities (an organisation may have thousands in a country). */
export const MAX_FACILITIES_LISTED = 100;

/**
 * A row of `footprint` as answered: how one organisation is present in one country as of a date,
 * and where the organisation is from. Derived when asked, it carries no expectations of its own.
 */
export const footprintValue = z
  .strictObject({
    organisation: text(),
    country: text(),
    /**
     * `present`: something of its own is there (a facility being built or operating, an acquired
     * company); `planned`: only plans are (an announced facility or acquisition), never counted as presence.
     */
    presence: z
      .enum(['present', 'planned'])
      .describe('present: something of its own is there; planned: only plans (announced), never counted as presence'),
    origin: text("The organisation's home country").optional(),
    facilities: z
      .record(z.string(), z.strictObject({ kind: text(), status: text() }))
      .describe(`Facilities there, by id: at most ${MAX_FACILITIES_LISTED}, the first by id`),
    moreFacilities: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        `Facilities there beyond the ${MAX_FACILITIES_LISTED} listed; /state/facilities?subject=&country= lists them all`,
      ),
    acquisitions: z.array(z.string()).describe('Acquisitions that place it there, by id'),
    subsidiaries: z.array(z.string()).describe('Ownership relationships that make a subsidiary there its own'),
    modes: z.array(z.string()).describe('Kinds of presence: plant:operating, acquirer, plant:announced (a plan)...'),
  })
  .describe('One organisation present in one country');
export type FootprintValue = z.infer<typeof footprintValue>;

/** How one organisation is present in one country, as of a date: the row less where the organisation is from. */
export type Presence = Omit<FootprintValue, 'origin'>;

/** A placement as the footprint reads it: which row (view and key) it comes from. */
export interface RowPlacement extends Placement {
  key: string;
}

/** A placement that is only a plan: an announced facility or acquisition. */
export function isPlanned(placement: Pick<Placement, 'mode'>): boolean {
  return placement.mode.endsWith(':announced');
}

/**
 * The footprint view: one row per organisation and country, derived when asked from the
 * placements of the facilities, acquisitions and ownership rows that hold on the date. Licences and
 * partnerships place no one: they are relationships (the `relationships` view).
 */
export function presenceOf(organisation: string, country: string, placements: readonly RowPlacement[]): Presence {
  const presence: Presence = {
    organisation,
    country,
    presence: 'planned',
    facilities: {},
    acquisitions: [],
    subsidiaries: [],
    modes: [],
  };
  // One pass, whatever the number of placements (an organisation may have 200,000 plants in a
  // country): only the first ids listed are kept in order, not every id sorted.
  const facilities = new Map<string, { kind: string; status: string }>();
  // Modes are few: each is split once.
  const modes = new Map<string, { kind: string; status: string }>();
  for (const p of placements) {
    let mode = modes.get(p.mode);
    if (!mode) {
      mode = partsOfMode(p.mode);
      modes.set(p.mode, mode);
      if (!isPlanned(p)) presence.presence = 'present';
    }
    if (p.via === 'facility') {
      facilities.set(p.key, mode);
    } else {
      const list = p.via === 'acquisition' ? presence.acquisitions : presence.subsidiaries;
      if (!list.includes(p.key)) list.push(p.key);
    }
  }
  const listed = firstInOrder(facilities.keys(), MAX_FACILITIES_LISTED);
  for (const id of listed) presence.facilities[id] = { ...facilities.get(id)! };
  if (facilities.size > MAX_FACILITIES_LISTED) presence.moreFacilities = facilities.size - MAX_FACILITIES_LISTED;
  presence.acquisitions.sort();
  presence.subsidiaries.sort();
  presence.modes = [...modes.keys()].sort();
  return presence;
}

/**
 * What `presenceOf` makes of a pair's placements, as an index sums them up without listing each:
 * a pair with thousands of placements (an organisation with thousands of plants in a country) is
 * read as its distinct modes, acquisitions and subsidiaries, how many facilities, and the first
 * facilities by id, each with the mode of its last placement.
 */
export interface PresenceSummary {
  modes: readonly string[];
  acquisitions: readonly string[];
  subsidiaries: readonly string[];
  /** How many distinct facilities place it there. */
  facilityCount: number;
  /** The first MAX_FACILITIES_LISTED facilities by id, with the mode of the last placement of each. */
  firstFacilities: readonly (readonly [id: string, mode: string])[];
}

/** The same row as `presenceOf` gives for the placements the summary sums up. */
export function presenceOfSummary(organisation: string, country: string, summary: PresenceSummary): Presence {
  const presence: Presence = {
    organisation,
    country,
    presence: summary.modes.some((mode) => !isPlanned({ mode })) ? 'present' : 'planned',
    facilities: {},
    acquisitions: [...new Set(summary.acquisitions)].sort(),
    subsidiaries: [...new Set(summary.subsidiaries)].sort(),
    modes: [...new Set(summary.modes)].sort(),
  };
  for (const [id, mode] of summary.firstFacilities.slice(0, MAX_FACILITIES_LISTED))
    presence.facilities[id] = partsOfMode(mode);
  if (summary.facilityCount > MAX_FACILITIES_LISTED)
    presence.moreFacilities = summary.facilityCount - MAX_FACILITIES_LISTED;
  return presence;
}

/** A facility's mode (`plant:operating`) as the row lists it: its kind and its status. */
function partsOfMode(mode: string): { kind: string; status: string } {
  const [kind = '', status = ''] = mode.split(':');
  return { kind, status };
}

/** The `count` first of some distinct strings in sort order, without sorting them all. */
export function firstInOrder(values: Iterable<string>, count: number): string[] {
  const first: string[] = [];
  for (const value of values) {
    if (first.length === count && value >= first[count - 1]!) continue;
    let low = 0;
    let high = first.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (first[mid]! < value) low = mid + 1;
      else high = mid;
    }
    first.splice(low, 0, value);
    if (first.length > count) first.pop();
  }
  return first;
}

/**
 * What the footprint's `status=` may ask: `present` or `planned`, a mode of presence as the views
 * place it (`plant:operating`, `acquirer`, `owner`), or the status a mode ends with (`operating`).
 */
export function footprintStatuses(projections: readonly { placementModes?: readonly string[] }[]): string[] {
  const modes = projections.flatMap((p) => p.placementModes ?? []);
  const endings = modes.filter((m) => m.includes(':')).map((m) => m.slice(m.lastIndexOf(':') + 1));
  return [...new Set(['present', 'planned', ...endings, ...modes])];
}

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
    presence: placements.some((p) => !isPlanned(p)) ? 'present' : 'planned',
    facilities: {},
    acquisitions: [],
    subsidiaries: [],
    modes: [],
  };
  const facilities = new Map<string, { kind: string; status: string }>();
  for (const p of placements) {
    if (p.via === 'facility') {
      const [kind = '', status = ''] = p.mode.split(':');
      facilities.set(p.key, { kind, status });
    } else {
      const list = p.via === 'acquisition' ? presence.acquisitions : presence.subsidiaries;
      if (!list.includes(p.key)) list.push(p.key);
    }
  }
  const ids = [...facilities.keys()].sort();
  for (const id of ids.slice(0, MAX_FACILITIES_LISTED)) presence.facilities[id] = facilities.get(id)!;
  if (ids.length > MAX_FACILITIES_LISTED) presence.moreFacilities = ids.length - MAX_FACILITIES_LISTED;
  presence.acquisitions.sort();
  presence.subsidiaries.sort();
  presence.modes = [...new Set(placements.map((p) => p.mode))].sort();
  return presence;
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

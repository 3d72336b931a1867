import type { Placement } from './projection.js';

/** How one organisation is present in one country, as of a date. */
export interface Presence {
  organisation: string;
  country: string;
  /** Facilities there, by id: kind and status. */
  facilities: Record<string, { kind: string; status: string }>;
  /** Licences of the organisation's technology used in the country. */
  licensedOut: string[];
  /** Licences the organisation took in the country. */
  licensedIn: string[];
  acquisitions: string[];
  /** Kinds of presence, e.g. `plant:operating`, `licensor`, `acquirer`. */
  modes: string[];
}

/** A placement as the footprint reads it: which row (view and key) it comes from. */
export interface RowPlacement extends Placement {
  key: string;
}

/**
 * The footprint view: one row per organisation and country, derived when asked from the
 * placements of the facilities, licensing and acquisitions rows that hold on the date.
 */
export function presenceOf(organisation: string, country: string, placements: readonly RowPlacement[]): Presence {
  const presence: Presence = {
    organisation,
    country,
    facilities: {},
    licensedOut: [],
    licensedIn: [],
    acquisitions: [],
    modes: [],
  };
  for (const p of placements) {
    if (p.via === 'facility') {
      const [kind = '', status = ''] = p.mode.split(':');
      presence.facilities[p.key] = { kind, status };
    } else {
      const list =
        p.via === 'licensed-out'
          ? presence.licensedOut
          : p.via === 'licensed-in'
            ? presence.licensedIn
            : presence.acquisitions;
      if (!list.includes(p.key)) list.push(p.key);
    }
  }
  presence.licensedOut.sort();
  presence.licensedIn.sort();
  presence.acquisitions.sort();
  presence.modes = [...new Set(placements.map((p) => p.mode))].sort();
  return presence;
}

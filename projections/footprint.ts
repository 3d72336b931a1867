import type { Placement } from './projection.js';

/** How one organisation is present in one country, as of a date. */
export interface Presence {
  organisation: string;
  country: string;
  /**
   * `present`: something of its own is there (a facility being built or operating, an acquired
   * company); `planned`: only plans are (an announced facility or acquisition), never counted as presence.
   */
  presence: 'present' | 'planned';
  /** Facilities there, by id: kind and status. */
  facilities: Record<string, { kind: string; status: string }>;
  acquisitions: string[];
  /** Its subsidiaries there (the relationships that make them its own), by relationship id. */
  subsidiaries: string[];
  /** Kinds of presence, e.g. `plant:operating`, `acquirer`, `plant:announced`. */
  modes: string[];
}

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
  for (const p of placements) {
    if (p.via === 'facility') {
      const [kind = '', status = ''] = p.mode.split(':');
      presence.facilities[p.key] = { kind, status };
    } else {
      const list = p.via === 'acquisition' ? presence.acquisitions : presence.subsidiaries;
      if (!list.includes(p.key)) list.push(p.key);
    }
  }
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

import { footprintStatuses, PROJECTIONS } from '../../projections/index.js';
import { notAllowed } from '../errors/rejection.js';

/** The statuses each view's rows can have, from its projection; the footprint's from the placements. */
const STATUSES: ReadonlyMap<string, readonly string[] | undefined> = new Map([
  ...PROJECTIONS.map((p) => [p.name, p.statuses] as const),
  ['footprint', footprintStatuses(PROJECTIONS)],
]);

/**
 * Refuses a `status` the view's rows never have, naming the ones they can: `status=open` on
 * facilities would otherwise answer no rows, as if none were open. An unknown view is left to the
 * view's reader, which answers it as such.
 */
export function checkStatus(view: string, status: string | undefined): void {
  if (status === undefined || !STATUSES.has(view)) return;
  const statuses = STATUSES.get(view);
  if (!statuses || statuses.length === 0)
    throw notAllowed('status', `${view} rows have no status: ask without status`, []);
  if (statuses.includes(status)) return;
  const words = statuses.filter((s) => !s.includes(':')).join(', ');
  // The footprint's composite modes are many (a kind for each facility status): one example says how.
  const listed = statuses.some((s) => s.includes(':')) ? `${words}, or a mode such as plant:operating` : words;
  throw notAllowed('status', `status on ${view} must be one of ${listed}; ${status} is none of them`, statuses);
}

import { dateOf, type DevelopmentBody } from './development.js';
import { parseEdtf } from './dates/edtf.js';

/** When a development shows in the views, when it is surely true, and when its sources made it public. */
export interface Timing {
  /** First day the views show it (possible from then on). */
  earliest: string;
  /** Last day it may have happened on. */
  latest: string;
  /**
   * First day it had surely happened: the earlier of its last day (unless its date is qualified
   * with ?, ~ or %) and the last day of its earliest-published source; null when neither holds.
   */
  certainFrom: string | null;
  /** Last day of the earliest publication among its sources; null when no source gives one. */
  publishedFrom: string | null;
}

export function timingOf(body: Pick<DevelopmentBody, 'date' | 'sources'>): Timing {
  const date = dateOf(body);
  const publishedFrom = body.sources.reduce<string | null>((first, s) => {
    if (s.published === undefined) return first;
    const published = parseEdtf(s.published);
    if (!published.ok) return first;
    return first === null || published.value.latest < first ? published.value.latest : first;
  }, null);
  const byCalendar = date.uncertain || date.approximate ? null : date.latest;
  const certainFrom =
    byCalendar === null
      ? publishedFrom
      : publishedFrom === null
        ? byCalendar
        : byCalendar < publishedFrom
          ? byCalendar
          : publishedFrom;
  return { earliest: date.earliest, latest: date.latest, certainFrom, publishedFrom };
}

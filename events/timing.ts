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

/**
 * The edge of a development's evidence: the latest publication among its sources (only those
 * published by `publishedBy`, when given). A source proves what held up to the day it was
 * published and nothing after. A development none of whose sources gives a publication date is
 * reported, at most, as of its own date: its evidence ends with the last day of its date.
 */
export interface LastReport {
  /** Last day the evidence covers. */
  day: string;
  /** That edge as the source gave it (EDTF): its publication date, or the development's own date. */
  date: string;
  /** False when no source gives a publication date and the development's own date stands in. */
  published: boolean;
}

export function lastReportOf(body: Pick<DevelopmentBody, 'date' | 'sources'>, publishedBy?: string): LastReport {
  let last: LastReport | undefined;
  for (const s of body.sources) {
    if (s.published === undefined) continue;
    const published = parseEdtf(s.published);
    if (!published.ok) continue;
    const day = published.value.latest;
    if (publishedBy !== undefined && day > publishedBy) continue;
    if (last === undefined || day > last.day) last = { day, date: s.published, published: true };
  }
  return last ?? { day: dateOf(body).latest, date: body.date, published: false };
}

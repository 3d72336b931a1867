import { parseEdtf } from '../../../events/index.js';
import { END_OF_TIME } from './fold.js';

export type Certainty = 'possible' | 'certain' | 'unconfirmed';

/** The edge of a row's evidence: the last day its sources cover, and that date as given and in words. */
export interface LastReported {
  day: string;
  date: string;
  text: string;
}

/** How far a row's evidence goes as of a day, in the answer's fields. */
export interface Evidence {
  certainty: Certainty;
  /** The interval of the series that answered: the certain one for a certain row, else the possible one. */
  validFrom: string;
  validTo: string | null;
  /** The date, as precisely as the source gave it, of the development that began the row's state. */
  since: { date: string; text: string };
  /** When the row became certain (the first day of its certain interval); null unless certain. */
  certainSince: { day: string; text: string } | null;
  lastReported: LastReported;
  /** The above in a sentence: "operating, last reported March 2025". */
  certaintyText: string;
}

/** What a stored version says of its evidence. */
export interface VersionEvidence {
  valid_from: string | null;
  valid_to: string | null;
  certain_from: string | null;
  certain_to: string | null;
  since: string;
  reported: string;
}

const words = new Map<string, { latest: string; text: string; ok: boolean }>();
/**
 * Distinct dates the cache keeps: every day of two centuries and the months, years and qualified
 * forms besides (a few megabytes). A smaller cache was cleared again and again by one answer over
 * thousands of rows, each date then parsed anew.
 */
const WORDS_CACHED = 100_000;

function wordsOf(edtf: string): { latest: string; text: string; ok: boolean } {
  let found = words.get(edtf);
  if (!found) {
    const parsed = parseEdtf(edtf, { openEnd: true });
    found = parsed.ok
      ? { latest: parsed.value.latest, text: parsed.value.text, ok: true }
      : { latest: END_OF_TIME, text: edtf, ok: false };
    if (words.size >= WORDS_CACHED) words.clear();
    words.set(edtf, found);
  }
  return found;
}

/** An EDTF date's last day and words (cached: rows repeat the same dates); a text that is no date as it is. */
export function dateWords(edtf: string): { latest: string; text: string } {
  return wordsOf(edtf);
}

/** An EDTF date in words, or undefined when the text is no EDTF date (cached as `dateWords`). */
export function edtfWords(text: string): string | undefined {
  const found = wordsOf(text);
  return found.ok ? found.text : undefined;
}

/** An ISO day in words: "31 December 2025". */
export function dayText(day: string): string {
  return dateWords(day).text;
}

export function lastReported(reported: string): LastReported {
  const { latest, text } = dateWords(reported);
  return { day: latest, date: reported, text };
}

/** A version's evidence without its words: what a footprint row combines from thousands of placements. */
export interface EvidenceCore {
  certainty: Certainty;
  validFrom: string;
  validTo: string | null;
  /** The date as given of the development that began the row's state. */
  since: string;
  lastReported: LastReported;
}

/**
 * A version's evidence as of `asOf` (DESIGN §2.2, §2.3a): certain inside its certain interval
 * (which ends with its last report); past its last report unconfirmed, keeping its last known
 * state; otherwise possible. `certainOnly`: the version was found through its certain interval.
 */
export function evidenceCoreOf(v: VersionEvidence, asOf: string, certainOnly: boolean): EvidenceCore {
  const certain =
    certainOnly || (v.certain_from !== null && v.certain_from <= asOf && asOf < (v.certain_to ?? END_OF_TIME));
  const reported = lastReported(v.reported);
  const certainty: Certainty = certain ? 'certain' : asOf > reported.day ? 'unconfirmed' : 'possible';
  const [from, to] = certain ? [v.certain_from!, v.certain_to!] : [v.valid_from!, v.valid_to!];
  return {
    certainty,
    validFrom: from,
    validTo: to === END_OF_TIME ? null : to,
    since: v.since,
    lastReported: reported,
  };
}

/** The evidence with its words: the answer's fields. */
export function evidenceOf(v: VersionEvidence, asOf: string, certainOnly: boolean, status?: unknown): Evidence {
  return withWords(evidenceCoreOf(v, asOf, certainOnly), status);
}

/** Words for evidence: the date it began, since when it is certain, the whole in a sentence. */
export function withWords(core: EvidenceCore, status?: unknown): Evidence {
  const certainSince = core.certainty === 'certain' ? { day: core.validFrom, text: dayText(core.validFrom) } : null;
  return {
    certainty: core.certainty,
    validFrom: core.validFrom,
    validTo: core.validTo,
    since: { date: core.since, text: dateWords(core.since).text },
    certainSince,
    lastReported: core.lastReported,
    certaintyText: certaintyText(core.certainty, core.lastReported, certainSince, status),
  };
}

export function certaintyText(
  certainty: Certainty,
  reported: LastReported,
  certainSince: { text: string } | null,
  status?: unknown,
): string {
  const last = `last reported ${reported.text}`;
  switch (certainty) {
    case 'certain':
      return `certain from ${certainSince?.text ?? 'then'}, ${last}`;
    case 'unconfirmed':
      return typeof status === 'string' && status !== ''
        ? `${status.replace(/-/g, ' ')}, ${last}; not confirmed since`
        : `${last}; not confirmed since`;
    case 'possible':
      return `possible by this date, not yet certain; ${last}`;
  }
}

import { dateOf, parseEdtf, timingOf, type DevelopmentState, type Source } from '../../events/index.js';

/** A development as the API answers with it: as stored, with its date read and its certainty. */
export interface PresentedDevelopment extends Omit<DevelopmentState, 'sources'> {
  /** Each source, with its publication date in words when it has one. */
  sources: (Source & { publishedText?: string })[];
  /** The date in words: "second half of 2025, approximately". */
  dateText: string;
  /** The inclusive days it may have happened on; `openStart`: it held by `latest`, start unknown. */
  dateRange: { earliest: string; latest: string; openStart?: true };
  /** First day it had surely happened (by its date, unless qualified, or by a source's publication); null: not by any day yet. */
  certainFrom: string | null;
  /** Last day of its earliest source publication; null when no source gives one. */
  publishedFrom: string | null;
}

export function presentDevelopment(state: DevelopmentState): PresentedDevelopment {
  const date = dateOf(state);
  const timing = timingOf(state);
  return {
    ...state,
    sources: state.sources.map((s) => {
      const published = s.published === undefined ? undefined : parseEdtf(s.published);
      return published?.ok ? { ...s, publishedText: published.value.text } : s;
    }),
    dateText: date.text,
    dateRange: {
      earliest: date.earliest,
      latest: date.latest,
      ...(date.openStart ? { openStart: true as const } : {}),
    },
    certainFrom: timing.certainFrom,
    publishedFrom: timing.publishedFrom,
  };
}

import {
  dateOf,
  type FigureValue,
  lastReportOf,
  parseEdtf,
  timingOf,
  type DevelopmentState,
  type Source,
} from '../../events/index.js';

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
  /**
   * The edge of its evidence: the latest publication among its sources (as given, and in words);
   * when no source gives a publication date, its own date stands in (`published: false`).
   */
  lastReported: { day: string; date: string; text: string; published: boolean };
  /** When a source says its own date or value: what each source says, side by side. */
  claims?: Claim[];
}

/** What one source says of the development: its own claim, or the recorded date and value. */
export interface Claim {
  /** Index of the source in `sources`. */
  source: number;
  title: string;
  publisher?: string;
  published?: string;
  date: string;
  dateText: string;
  value?: FigureValue;
  /** False when the source states no claim of its own and the recorded date (and value) stand for it. */
  own: boolean;
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
    lastReported: reportInWords(state),
    ...(state.sources.some((s) => s.says) ? { claims: claimsOf(state, date.text) } : {}),
  };
}

function reportInWords(state: DevelopmentState): PresentedDevelopment['lastReported'] {
  const report = lastReportOf(state);
  const parsed = parseEdtf(report.date, { openEnd: true });
  return { ...report, text: parsed.ok ? parsed.value.text : report.date };
}

function claimsOf(state: DevelopmentState, dateText: string): Claim[] {
  const recordedValue = (state.data as { value?: FigureValue }).value;
  return state.sources.map((s, source) => {
    const claimed = s.says?.date === undefined ? undefined : parseEdtf(s.says.date);
    const value = s.says?.value ?? recordedValue;
    return {
      source,
      title: s.title,
      ...(s.publisher ? { publisher: s.publisher } : {}),
      ...(s.published ? { published: s.published } : {}),
      date: s.says?.date ?? state.date,
      dateText: claimed?.ok ? claimed.value.text : dateText,
      ...(value ? { value } : {}),
      own: s.says !== undefined,
    };
  });
}

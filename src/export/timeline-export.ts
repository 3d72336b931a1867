import type { Source } from '../../events/index.js';
import type { PresentedDevelopment } from '../developments/present.js';
import { csvRecord, joined } from './csv.js';
import { escapeHtml, type TimelineJsEvent, timelineJsDate } from './timelinejs.js';

type Namer = (ref: string) => string | undefined;

const COLUMNS = [
  'id',
  'type',
  'date',
  'date_text',
  'earliest',
  'latest',
  'certain_from',
  'summary',
  'subjects',
  'subject_names',
  'source_titles',
  'source_publishers',
  'source_published',
  'source_urls',
  'source_quotes',
  'recorded_at',
  'revision',
  'retracted',
];

export const TIMELINE_CSV_HEADER = csvRecord(COLUMNS);

/** One line per development; the sources' columns list one value per source, separated by ` | `. */
export function developmentCsv(d: PresentedDevelopment, name: Namer): string {
  const perSource = (pick: (s: Source) => string | undefined) => joined(d.sources.map(pick), ' | ');
  return csvRecord([
    d.id,
    d.type,
    d.date,
    d.dateText,
    d.dateRange.earliest,
    d.dateRange.latest,
    d.certainFrom,
    d.summary,
    joined(d.subjects),
    joined(d.subjects.map((s) => name(s) ?? s)),
    perSource((s) => s.title),
    perSource((s) => s.publisher),
    perSource((s) => s.published),
    perSource((s) => s.url ?? s.document),
    perSource((s) => s.quote),
    d.recordedAt,
    d.revision,
    d.retracted ? `retracted: ${d.retracted.reason}` : '',
  ]);
}

export const developmentsTimelineJsTitle = (title: string) => ({
  text: { headline: title, text: '<p>Each development with its sources.</p>' },
});

/** A development as a TimelineJS event: it spans its date interval, headed by its summary. */
export function developmentTimelineJs(d: PresentedDevelopment, name: Namer): TimelineJsEvent {
  const { earliest, latest, openStart } = d.dateRange;
  return {
    unique_id: d.id,
    // An open start (`../D`) is known only to have held by D: it starts there.
    start_date: timelineJsDate(openStart ? latest : earliest, d.dateText),
    ...(openStart || earliest === latest ? {} : { end_date: timelineJsDate(latest, d.dateText) }),
    display_date: d.dateText,
    group: d.type.replace(/([a-z])([A-Z])/g, '$1 $2'),
    text: { headline: escapeHtml(d.summary), text: developmentHtml(d, name) },
  };
}

function developmentHtml(d: PresentedDevelopment, name: Namer): string {
  const about = d.subjects.map((s) => escapeHtml(name(s) ?? s)).join(', ');
  const sources = d.sources
    .map((s) => {
      const title = s.url ? `<a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title);
      const published = s.published ? `, published ${escapeHtml(s.published)}` : '';
      const publisher = s.publisher ? `, ${escapeHtml(s.publisher)}` : '';
      return `<li>${title}${publisher}${published}: <q>${escapeHtml(s.quote)}</q></li>`;
    })
    .join('');
  return `<p>About: ${about}</p>${d.dateNote ? `<p>${escapeHtml(d.dateNote)}</p>` : ''}<ul>${sources}</ul>`;
}

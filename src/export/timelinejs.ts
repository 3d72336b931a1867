/** The media type of a TimelineJS export: JSON, in TimelineJS's own format. */
export const TIMELINE_JS_TYPE = 'application/vnd.timelinejs+json';

/** The parts of the TimelineJS JSON format the exports use (timeline.knightlab.com/docs/json-format.html). */
export interface TimelineJsDate {
  year: number;
  month: number;
  day: number;
  display_date?: string;
}

export interface TimelineJsEvent {
  unique_id: string;
  start_date: TimelineJsDate;
  end_date?: TimelineJsDate;
  display_date: string;
  group: string;
  text: { headline: string; text: string };
}

export interface TimelineJsDocument {
  title: { text: { headline: string; text: string } };
  events: TimelineJsEvent[];
}

export function timelineJsDate(day: string, display?: string): TimelineJsDate {
  const [year, month, date] = day.split('-').map(Number);
  return { year: year!, month: month!, day: date!, ...(display ? { display_date: display } : {}) };
}

/** TimelineJS renders headline and text as HTML: everything from a development is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

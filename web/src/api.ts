/**
 * The service's answers, as far as the page reads them. A row's value is typed by its view's
 * projection (its zod schema, the one the OpenAPI document is derived from): types only, erased
 * from the bundle.
 */
import type { InvestmentValue, Presented, RowExpectation, RowValues, ViewName } from '../../projections/index.js';

export type { RowValues, ViewName };

export interface DateRange {
  earliest: string;
  latest: string;
  /** `../D`: nothing is known of when it began. */
  openStart?: boolean;
}

export interface Source {
  title: string;
  url?: string;
  document?: string;
  quote?: string;
  published?: string;
  /** `published` in words. */
  publishedText?: string;
  publishedNote?: string;
  publisher?: string;
  kind?: string;
}

export interface Development {
  id: string;
  type: string;
  date: string;
  dateNote?: string;
  dateText: string;
  dateRange: DateRange;
  certainFrom: string | null;
  summary: string;
  subjects: string[];
  sources: Source[];
  recordedAt: string;
  /** The name of the key that recorded it. */
  recordedBy?: string;
  corrections: { recordedAt: string; recordedBy?: string; reason: string }[];
  retracted?: { recordedAt: string; recordedBy?: string; reason: string };
  data?: Record<string, unknown>;
  certainty?: Certainty;
  certaintyText?: string;
  lastReported?: Reported | null;
  /** What each source says when they disagree, side by side. */
  claims?: Claim[];
}

export type Certainty = 'certain' | 'possible' | 'unconfirmed';

/** The latest day a source covers, in words ("March 2025"). */
export interface Reported {
  day: string;
  date: string;
  text: string;
}

export interface Claim {
  source: string;
  title: string;
  publisher?: string;
  published?: string;
  date: string;
  dateText: string;
  value?: unknown;
}

/** What a source expected of a row, with its status as of the date ("not recorded as met by late 2025"). */
export type Expectation = RowExpectation;

/** What every row says besides its value: how certain it is, since when, and what it derives from. */
export interface RowEvidence {
  key: string;
  certainty: Certainty;
  certaintyText?: string;
  lastReported?: Reported | null;
  /** Since when, as precisely as the source gave it. */
  since?: { date: string; text: string };
  certainSince?: { day: string; text: string } | null;
  validFrom: string;
  validTo: string | null;
  developments: string[];
}

/** A row of view `V`: its value as that view's projection presents it. */
export interface ViewRowOf<V extends ViewName> extends RowEvidence {
  value: RowValues[V];
}

/**
 * A row of the view the page shows, which it picks at run time: its value is one of `RowValues`,
 * read field by field; what its sources expected of it, with how that turned out, is on every row.
 */
export interface ViewRow extends RowEvidence {
  value: Record<string, unknown> & Presented;
}

type Shown<R extends ViewRow> = R;
/** A row of any view, typed: one the page can show (this fails to compile when a view's value stops being one). */
export type RowOfAnyView = Shown<ViewRowOf<ViewName>>;

export type Names = Record<string, string>;

interface Page {
  nextCursor?: string;
  names?: Names;
}

export interface StatePage extends Page {
  view: string;
  asOf: string;
  rows: ViewRow[];
}

export interface TimelinePage extends Page {
  developments: Development[];
}

export interface Series {
  view: string;
  step: string;
  groupBy: string;
  points: { date: string; total: number; groups: Record<string, number> }[];
}

/** Figures per series over time (`/state/investments/series`). */
export interface FigureSeries {
  series: string;
  label: string;
  measure: InvestmentValue['measure'];
  unit: string;
  currency?: string;
  scale?: string;
  partOf?: string;
  points: FigurePoint[];
}

export interface FigurePoint {
  date: string;
  value: number | null;
  period: string;
  periodText: string;
  development: string;
  source: InvestmentValue['latest']['source'];
  certainty: Certainty;
}

export interface FigureSeriesAnswer {
  view: string;
  from: string;
  to: string;
  step: string;
  series: FigureSeries[];
}

export interface Entity {
  entityId: string;
  kind: 'organisation' | 'government';
  name: string;
  homeCountry: string;
  aliases: string[];
}

export interface FeedMessage {
  kind: 'DevelopmentRecorded' | 'DevelopmentCorrected' | 'DevelopmentRetracted';
  development: Development;
}

/** An answer other than 2xx, with the problem's detail when the service sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An answer the page's first script asked for before the main script ran, by its address; taken once. */
function askedEarly(path: string): Promise<Response> | undefined {
  const answers = (globalThis as { firstAnswers?: Map<string, Promise<Response>> }).firstAnswers;
  const answer = answers?.get(path);
  answers?.delete(path);
  return answer;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await (askedEarly(path) ?? fetch(path, { headers: { accept: 'application/json' }, signal }));
  const body = (await response.json()) as T & { detail?: string };
  if (!response.ok) throw new ApiError(response.status, body.detail ?? `${response.status} from ${path}`);
  return body;
}

/** Every page of a paged answer, up to `cap` items; `more` says whether some were left. */
export async function getAll<P extends Page, T>(
  path: string,
  items: (page: P) => T[],
  cap: number,
  signal?: AbortSignal,
): Promise<{ items: T[]; names: Names; more: boolean }> {
  const all: T[] = [];
  const names: Names = {};
  let cursor: string | undefined;
  do {
    const page = await getJson<P>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path, signal);
    all.push(...items(page));
    Object.assign(names, page.names);
    cursor = page.nextCursor;
  } while (cursor && all.length < cap);
  return { items: all.slice(0, cap), names, more: cursor !== undefined || all.length > cap };
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  return search.toString();
}

/**
 * A paged answer read a page at a time, so the first screen can be drawn from a small first page
 * while the rest is read after it (or never, when a newer request supersedes it).
 */
export class Paged<P extends Page, T> {
  readonly items: T[] = [];
  private cursor: string | undefined;
  private read = false;

  constructor(
    private readonly path: string,
    private readonly pick: (page: P) => T[],
    private readonly signal?: AbortSignal,
  ) {}

  /** Whether the service has items past those read (true before the first page). */
  get more(): boolean {
    return !this.read || this.cursor !== undefined;
  }

  /** Reads the next page of at most `limit` items; answers its items and the names it gave. */
  async next(limit: number): Promise<{ items: T[]; names: Names }> {
    const cursor = this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : '';
    const join = this.path.includes('?') ? '&' : '?';
    const page = await getJson<P>(`${this.path}${join}limit=${limit}${cursor}`, this.signal);
    this.read = true;
    this.cursor = page.nextCursor;
    const items = this.pick(page);
    this.items.push(...items);
    return { items, names: page.names ?? {} };
  }

  /** Reads pages of `size` until `cap` items are read or none are left; answers the names they gave. */
  async upTo(cap: number, size = 500): Promise<Names> {
    const names: Names = {};
    while (this.more && this.items.length < cap)
      Object.assign(names, (await this.next(Math.min(size, cap - this.items.length))).names);
    return names;
  }
}

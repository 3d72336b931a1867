import {
  getJson,
  Paged,
  query,
  type Development,
  type Entity,
  type FeedMessage,
  type Series,
  type StatePage,
  type TimelinePage,
  type ViewRow,
} from './api.js';
import { certaintyLegend } from './certainty.js';
import { CountsChart } from './chart.js';
import { DateField } from './date-field.js';
import { dayWords, MonthScale, today } from './dates.js';
import { DetailsPanel } from './details.js';
import { developmentsPath, FIRST_DEVELOPMENTS, FIRST_ROWS, rowsPath } from './first-pages.js';
import { afterPaint, byId, h, yieldToMain } from './dom.js';
import { startEditor } from './editor/editor.js';
import { FigureChart } from './figure-chart.js';
import { loadFigures } from './figure-data.js';
import { ViewMap } from './map.js';
import { countryName, NameBook } from './names.js';
import { placeRows } from './places.js';
import { describe } from './row-words.js';
import { RowsTable } from './rows.js';
import { EntitySearch } from './search.js';
import { sharedFilters, stateFromUrl, stateToUrl, viewAxes, type PageState } from './state.js';
import { TimelineList } from './timeline.js';

/** Enough for any one screen; beyond it the page says so and the filters narrow it. */
const ROW_CAP = 2000;
const DEVELOPMENT_CAP = 1000;
/** After a move of the date, how long the date must stay before the rest of its rows is read. */
const SETTLE_MS = 150;
const NOUNS: Record<string, string> = {
  facilities: 'facilities',
  licensing: 'licences',
  acquisitions: 'acquisitions',
  policies: 'policies',
  agreements: 'agreements',
  investments: 'investment series',
  footprint: 'organisation-country pairs',
  relationships: 'relationships',
};
/** What the map shows for each view. */
const MAP_HEADINGS: Record<string, string> = {
  facilities: 'Where the facilities are',
  licensing: 'Licences: from the licensor’s country to where the technology goes',
  acquisitions: 'Acquisitions: from the acquirer’s country to the target’s',
  policies: 'Policies by issuing government',
  agreements: 'Agreements by the countries that are party to them',
  investments: 'Investment figures by destination',
  footprint: 'Where organisations were present',
  relationships: 'Relationships between countries',
};

// Should the page's first script not have run yet, it asks for nothing: this one asks for itself.
(globalThis as { firstAnswers?: Map<string, Promise<Response>> }).firstAnswers ??= new Map();

let state: PageState = stateFromUrl(location.search);
let scale = new MonthScale(2000, new Date().getUTCFullYear());
const names = new NameBook();
const fresh = new Set<string>();

const slider = byId<HTMLInputElement>('date-slider');
const dateField = new DateField(byId<HTMLInputElement>('date-field'), byId('date-problem'), (day) => moveTo(day));
const viewSelect = byId<HTMLSelectElement>('view');
const originSelect = byId<HTMLSelectElement>('origin');
const certainBox = byId<HTMLInputElement>('certain');
const publishedBox = byId<HTMLInputElement>('published');
const playButton = byId<HTMLButtonElement>('play');

const details = new DetailsPanel(byId('details'), byId('details-body'), names);
const map = new ViewMap(byId('map'), byId('map-summary'), names, (country) => {
  update({ country: state.country === country ? undefined : country });
});
const timeline = new TimelineList(byId('timeline'), (d) => void details.open(d.summary, [d.id]).catch(report));
const table = new RowsTable(byId('rows'), names, openRow);
const chart = new CountsChart(byId('chart'));
const figures = new FigureChart(byId('figures'));
const search = new EntitySearch(byId<HTMLInputElement>('search'), byId('search-results'), (entity) =>
  update({ subject: entity.entityId }),
);

/** Only the newest request of each kind may draw: an older answer arriving late is dropped. */
class Latest {
  private generation = 0;
  private controller: AbortController | undefined;

  begin(): { signal: AbortSignal; current: () => boolean } {
    this.controller?.abort();
    this.controller = new AbortController();
    const generation = ++this.generation;
    return { signal: this.controller.signal, current: () => generation === this.generation };
  }
}
const worldRequests = new Latest();
const historyRequests = new Latest();
/** The map is in the page as it comes (else read from the world's file): the script only shades it. */
const drawnMap = byId('map').querySelector('svg');
const mapReady = drawnMap ? Promise.resolve(map.adopt(drawnMap)) : map.load(document.documentElement.dataset.world!);
/** Resolved once the first screen (rows, map, timeline) has been drawn, and once all of it has been. */
const worldDrawn = settled();
const historyDrawn = settled();
const worldDone = settled();
const historyDone = settled();
/** Resolved once the first screen is painted: nothing beyond it is read before. */
const firstPainted = settled();
/**
 * The first page of the newest refresh of each: the rest of either is read once both are drawn, so
 * the first screen's answers never wait behind the rest (the service answers a few reads at a time).
 */
let worldShown = settled();
let historyShown = settled();

/** The answer on screen: where its first page was read from, that page, and whether it was read before the feed was ready. */
interface OnScreen {
  path: string;
  first: string;
  early: boolean;
  restEarly: boolean;
}
const onScreen: { world: OnScreen; history: OnScreen } = {
  world: { path: '', first: '', early: false, restEarly: false },
  history: { path: '', first: '', early: false, restEarly: false },
};
let feedReady = false;
const feedOpened = settled();
/** How long the rest of an answer waits for the feed to be ready, so that it need not be read again. */
const FEED_WAIT_MS = 1000;
/** Resolves once the feed is ready, or after FEED_WAIT_MS when it is slow. */
const feedOrLater = () => Promise.race([feedOpened.promise, delay(FEED_WAIT_MS)]);

/**
 * Once the feed is ready, what it will bring is covered; what was recorded before it was read by the
 * answers asked for after that. Answers asked for before are checked: their first page is read again
 * and only when it changed (or when later pages were asked for before too) is the answer read again.
 */
async function catchUp(): Promise<void> {
  await firstPainted.promise;
  const check = async (shown: OnScreen, limit: number, items: (page: StatePage & TimelinePage) => unknown[]) => {
    if (shown.restEarly) return false;
    if (!shown.early) return true;
    const page = await getJson<StatePage & TimelinePage>(`${shown.path}&limit=${limit}`);
    return JSON.stringify(items(page)) === shown.first;
  };
  const [world, history] = await Promise.all([
    check(onScreen.world, FIRST_ROWS, (p) => p.rows),
    check(onScreen.history, FIRST_DEVELOPMENTS, (p) => p.developments),
  ]);
  if (!world) refreshWorld().catch(report);
  if (!history) refreshHistory().catch(report);
}

/**
 * The view's rows and the map for the chosen date: what moving the slider redraws. The first page is
 * drawn at once; the rest of the rows, up to the cap, is read after it (after `settle` ms without a
 * newer move) and the map, its list and the table's offer of more rows follow them.
 */
async function refreshWorld(settle = 0): Promise<void> {
  const { signal, current } = worldRequests.begin();
  const shown = settled();
  worldShown = shown;
  try {
    const view = state.view;
    const path = rowsPath(state);
    const rows = new Paged<StatePage, ViewRow>(path, (p) => p.rows, signal);
    const early = !feedReady;
    names.add((await rows.next(FIRST_ROWS)).names);
    await mapReady;
    if (!current()) return;
    drawWorld(view, rows.items.slice(), rows.more);
    onScreen.world = { path, first: JSON.stringify(rows.items), early, restEarly: false };
    worldDrawn.resolve();
    shown.resolve();
    await measureMove();
    if (rows.more) {
      await Promise.all([
        firstPainted.promise,
        historyShown.promise,
        settle > 0 ? delay(settle) : afterPaint(),
        feedOrLater(),
      ]);
      if (!current()) return;
      onScreen.world.restEarly = !feedReady;
      names.add(await rows.upTo(ROW_CAP));
      if (!current()) return;
      drawWorld(view, rows.items.slice(), false, rows.more);
    }
    worldDone.resolve();
  } finally {
    shown.resolve();
  }
}

/** The rows read so far: the table (its first rows), the map and its list, all from the same rows. */
function drawWorld(view: string, rows: ViewRow[], reading: boolean, capped = false): void {
  table.show(view, rows);
  byId('rows-summary').textContent = rowsSummary(rows.length, reading, capped);
  byId('map-heading').textContent = MAP_HEADINGS[view] ?? 'Where';
  map.show(placeRows(view, rows, names), NOUNS[view] ?? 'rows', state.country);
}

/**
 * The developments and the counts over time: they change with the filters, not with the date. The
 * first developments are drawn at once; the counts or figures and the rest of the developments follow.
 */
async function refreshHistory(): Promise<void> {
  const { signal, current } = historyRequests.begin();
  const shown = settled();
  historyShown = shown;
  try {
    const filters = sharedFilters(state);
    const path = developmentsPath(state);
    const developments = new Paged<TimelinePage, Development>(path, (p) => p.developments, signal);
    const early = !feedReady;
    names.add((await developments.next(FIRST_DEVELOPMENTS)).names);
    if (!current()) return;
    onScreen.history = { path, first: JSON.stringify(developments.items), early, restEarly: false };
    rescale(developments.items);
    const reading = developments.more;
    timeline.show(developments.items.slice(), scale.firstYear, scale.lastYear, reading, fresh, reading);
    markDate();
    historyDrawn.resolve();
    shown.resolve();
    await Promise.all([firstPainted.promise, worldShown.promise, feedOrLater()]);
    if (!current()) return;
    const figuresShown = state.view === 'investments';
    byId('chart-panel').hidden = figuresShown;
    byId('figures-panel').hidden = !figuresShown;
    const charts = figuresShown ? drawFigures(filters, signal, current) : drawCounts(filters, signal, current);
    const first = developments.items.length;
    onScreen.history.restEarly = !feedReady;
    names.add(await developments.upTo(DEVELOPMENT_CAP));
    if (!current()) return;
    const rest = developments.items.slice(first);
    if (rescale(developments.items))
      timeline.show(developments.items.slice(), scale.firstYear, scale.lastYear, developments.more, fresh);
    else await timeline.append(rest, developments.more, fresh, current);
    markDate();
    await charts;
    if (current()) historyDone.resolve();
  } finally {
    shown.resolve();
  }
}

async function drawCounts(
  filters: Record<string, string | undefined>,
  signal: AbortSignal,
  current: () => boolean,
): Promise<void> {
  const path = `/state/${state.view}/series?${query({
    ...filters,
    certainty: state.certain ? 'certain' : undefined,
    from: scale.dayAt(11),
    to: scale.dayAt(scale.steps - 1),
    step: 'year',
    groupBy: 'country',
  })}`;
  const noun = NOUNS[state.view] ?? 'rows';
  try {
    const series = await getJson<Series>(path, signal);
    if (!current()) return;
    chart.show(series, noun);
    chart.markDate(state.asOf);
  } catch (error) {
    if ((error as Error).name !== 'AbortError' && current()) chart.unavailable((error as Error).message);
  }
}

async function drawFigures(
  filters: Record<string, string | undefined>,
  signal: AbortSignal,
  current: () => boolean,
): Promise<void> {
  try {
    const lines = await loadFigures(filters, scale.dayAt(0), scale.dayAt(scale.steps - 1), signal);
    if (!current()) return;
    figures.show(lines);
    figures.markDate(state.asOf);
  } catch (error) {
    if ((error as Error).name !== 'AbortError' && current()) figures.unavailable((error as Error).message);
  }
}

/** The slider runs from the year of the first development to the later of this year and the last one. */
function rescale(developments: Development[]): boolean {
  const years = developments.map((d) => Number(d.dateRange.earliest.slice(0, 4))).filter((y) => y > 1000);
  const first = Math.min(2000, ...years);
  const last = Math.max(new Date().getUTCFullYear(), ...years);
  if (first === scale.firstYear && last === scale.lastYear) return false;
  scale = new MonthScale(first, last);
  slider.max = String(scale.steps - 1);
  dateField.setSpan(scale.dayAt(0), scale.dayAt(scale.steps - 1));
  syncDate();
  return true;
}

function markDate(): void {
  timeline.markDate(state.asOf);
  chart.markDate(state.asOf);
  figures.markDate(state.asOf);
}

function syncDate(): void {
  slider.value = String(scale.stepOf(state.asOf));
  slider.setAttribute('aria-valuetext', dayWords(state.asOf));
  dateField.show(state.asOf);
  byId('date-words').textContent = dayWords(state.asOf);
}

function syncControls(): void {
  syncDate();
  viewSelect.value = state.view;
  originSelect.value = state.origin ?? '';
  certainBox.checked = state.certain;
  publishedBox.checked = state.published;
  const chips = [
    state.subject && chip(`About ${names.of(state.subject)}`, { subject: undefined }),
    state.country && chip(`In ${countryName(state.country)}`, { country: undefined }),
  ].filter((c): c is HTMLElement => !!c);
  byId('chips').replaceChildren(...chips);
  const axes = viewAxes(state);
  byId<HTMLAnchorElement>('csv').href =
    `/state/${state.view}?${query({ ...axes, ...sharedFilters(state), format: 'csv' })}`;
  byId<HTMLAnchorElement>('timelinejs').href = `/timeline-viewer?${query(sharedFilters(state))}`;
}

function chip(label: string, remove: Partial<PageState>): HTMLElement {
  const button = h('button', { type: 'button', 'aria-label': `Remove filter: ${label}` }, '✕');
  button.addEventListener('click', () => update(remove));
  return h('span', { class: 'chip' }, label, ' ', button);
}

/** Applies a change of filters: everything is fetched again and the URL says what is shown. */
function update(change: Partial<PageState>): void {
  state = { ...state, ...change };
  history.pushState(null, '', stateToUrl(state));
  syncControls();
  refreshWorld().catch(report);
  refreshHistory().catch(report);
}

let moves = 0;
let unmeasured: number | undefined;
/** A new date: the marker moves at once, the rows and map follow their answer. */
function moveTo(day: string): void {
  unmeasured = ++moves;
  performance.mark(`date-move-${unmeasured}`);
  state = { ...state, asOf: day };
  history.replaceState(null, '', stateToUrl(state));
  syncControls();
  markDate();
  refreshWorld(SETTLE_MS).catch(report);
}

/** Measures from the newest date move to the painting of its world, whichever request drew it. */
async function measureMove(): Promise<void> {
  const move = unmeasured;
  if (move === undefined) return;
  unmeasured = undefined;
  await afterPaint();
  performance.mark(`date-drawn-${move}`);
  performance.measure('date-redraw', `date-move-${move}`, `date-drawn-${move}`);
}

function openRow(row: ViewRow): void {
  const text = describe(state.view, row, names);
  const title = [
    text.what,
    text.who.map((id) => names.of(id)).join(', '),
    text.where.map((id) => names.of(id)).join(', '),
  ];
  details.open(title.filter(Boolean).join(' · '), row.developments).catch(report);
}

/** How many rows are shown: all of them, the first ones while the rest is read, or the first up to the cap. */
function rowsSummary(count: number, reading: boolean, capped: boolean): string {
  const noun = NOUNS[state.view] ?? 'rows';
  const how = [state.certain ? 'surely' : '', state.published ? 'as published by then' : ''].filter(Boolean).join(', ');
  const qualified = how ? ` (${how})` : '';
  const rest = reading ? ' Reading the rest…' : '';
  return `${reading || capped ? `The first ${count}` : count} ${noun} as of ${dayWords(state.asOf)}${qualified}.${rest}`;
}

function notice(text: string): void {
  const item = h('p', {}, text);
  byId('notices').append(item);
  setTimeout(() => item.remove(), 8000);
}

function report(error: unknown): void {
  if ((error as Error).name === 'AbortError') return;
  notice(`Could not load: ${(error as Error).message}`);
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshWorld().catch(report);
    refreshHistory().catch(report);
  }, 150);
}

/**
 * New, corrected and retracted developments arrive through the feed and redraw what they touch.
 * Resolves once the feed is ready: what is recorded from then on arrives through it.
 */
function followFeed(): Promise<void> {
  const live = byId('live');
  const feed = new EventSource('/feed');
  feed.addEventListener('ready', () => {
    live.textContent = '● Live: new developments appear as they are recorded';
    live.className = 'live on';
    // The first time, only answers asked for before are checked; after a broken connection,
    // anything may have been missed and everything is read again.
    if (feedReady) refreshSoon();
    feedReady = true;
    feedOpened.resolve();
  });
  const verbs = {
    DevelopmentRecorded: 'New',
    DevelopmentCorrected: 'Corrected',
    DevelopmentRetracted: 'Retracted',
  };
  for (const [kind, verb] of Object.entries(verbs)) {
    feed.addEventListener(kind, (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as FeedMessage;
      fresh.add(message.development.id);
      notice(`${verb}: ${message.development.summary} (${message.development.dateText})`);
      refreshSoon();
    });
  }
  feed.addEventListener('error', () => {
    live.textContent = '○ Reconnecting to the live feed…';
    live.className = 'live off';
  });
  return feedOpened.promise;
}

let replay: EventSource | undefined;
/** Plays history through /replay/stream: the date follows each development as it arrives. */
function togglePlay(): void {
  if (replay) {
    stopPlay();
    return;
  }
  moveTo(scale.dayAt(0));
  replay = new EventSource(`/replay/stream?${query({ ...sharedFilters(state), speed: 365 })}`);
  playButton.setAttribute('aria-pressed', 'true');
  playButton.textContent = '❚❚ Pause';
  replay.addEventListener('development', (event) => {
    const d = JSON.parse((event as MessageEvent<string>).data) as Development;
    const day = [d.dateRange.latest, scale.dayAt(scale.steps - 1)].sort()[0]!;
    timeline.highlight(d.id);
    if (day > state.asOf) moveTo(day);
  });
  replay.addEventListener('end', stopPlay);
  // The stream is not resumable: a broken connection ends the replay instead of starting it again.
  replay.addEventListener('error', stopPlay);
}

function stopPlay(): void {
  replay?.close();
  replay = undefined;
  playButton.setAttribute('aria-pressed', 'false');
  playButton.textContent = '▶ Play';
}

function wireControls(): void {
  slider.addEventListener('input', () => moveTo(scale.dayAt(Number(slider.value))));
  slider.addEventListener('keydown', (event) => {
    const jump = event.key === 'PageUp' ? 12 : event.key === 'PageDown' ? -12 : 0;
    if (!jump) return;
    event.preventDefault();
    slider.value = String(Math.min(scale.steps - 1, Math.max(0, Number(slider.value) + jump)));
    moveTo(scale.dayAt(Number(slider.value)));
  });
  viewSelect.addEventListener('change', () => update({ view: viewSelect.value }));
  originSelect.addEventListener('change', () => update({ origin: originSelect.value || undefined }));
  certainBox.addEventListener('change', () => update({ certain: certainBox.checked }));
  publishedBox.addEventListener('change', () => update({ published: publishedBox.checked }));
  playButton.addEventListener('click', togglePlay);
  window.addEventListener('popstate', () => {
    state = stateFromUrl(location.search);
    syncControls();
    refreshWorld().catch(report);
    refreshHistory().catch(report);
  });
}

function fillOrigins(entities: Entity[]): void {
  const codes = [...new Set(entities.map((e) => e.homeCountry))].sort((a, b) =>
    countryName(a).localeCompare(countryName(b)),
  );
  originSelect.append(...codes.map((code) => h('option', { value: code }, countryName(code))));
}

async function boot(): Promise<void> {
  // The requests first: the controls are set up while they are answered.
  const caughtUp = followFeed().then(catchUp).catch(report);
  refreshWorld().catch(report);
  refreshHistory().catch(report);
  // The registry (for the search, the origins, the chips) once the first screen is painted: the
  // rows and developments come with the names they use.
  const entities = firstPainted.promise
    .then(() => getJson<{ entities: Entity[] }>('/entities'))
    .then(({ entities: list }) => {
      names.setEntities(list);
      search.entities = list;
      fillOrigins(list);
    });
  // The controls in a task of their own, while the answers are on their way.
  await yieldToMain();
  slider.max = String(scale.steps - 1);
  dateField.setSpan(scale.dayAt(0), scale.dayAt(scale.steps - 1));
  byId('certainty-legend').replaceChildren(certaintyLegend());
  // On a phone the filters start folded, so the date and the answer share the screen.
  if (matchMedia('(max-width: 600px)').matches) byId<HTMLDetailsElement>('filters').open = false;
  wireControls();
  syncControls();
  startEditor(document.querySelector('header.top')!, byId('details-body'), notice);
  // The browser's region names (its locale data) load now, not while the first answers are drawn.
  await yieldToMain();
  countryName('HU');
  await Promise.all([worldDrawn.promise, historyDrawn.promise]);
  await afterPaint();
  performance.mark('world-drawn');
  performance.measure('first-paint', { start: 0, end: 'world-drawn' });
  firstPainted.resolve();
  // Ready once everything is drawn: the rest of the rows and developments, the counts, the names.
  await Promise.all([worldDone.promise, historyDone.promise, entities]);
  // A feed ready by now has been caught up with (a slow one catches up when it is).
  if (feedReady) await caughtUp;
  syncControls();
  await afterPaint();
  performance.mark('all-drawn');
  document.documentElement.dataset.ready = 'true';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

if (state.asOf > today())
  notice('The date is in the future: rows show what had been recorded as planned or under way.');
boot().catch(report);

import {
  getAll,
  getJson,
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
import { afterPaint, byId, h } from './dom.js';
import { startEditor } from './editor/editor.js';
import { FigureChart } from './figure-chart.js';
import { loadFigures } from './figure-data.js';
import { ViewMap } from './map.js';
import { countryName, NameBook } from './names.js';
import { placeRows } from './places.js';
import { describe } from './row-words.js';
import { rowsTable } from './rows.js';
import { EntitySearch } from './search.js';
import { sharedFilters, stateFromUrl, stateToUrl, viewAxes, type PageState } from './state.js';
import { TimelineList } from './timeline.js';

/** Enough for any one screen; beyond it the page says so and the filters narrow it. */
const ROW_CAP = 2000;
const DEVELOPMENT_CAP = 1000;
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
/** Resolved once the world and the history have been drawn, by whichever request got there. */
const worldDrawn = settled();
const historyDrawn = settled();
const mapReady = map.load(document.documentElement.dataset.world!);
const historyRequests = new Latest();

/** The view's rows and the map for the chosen date: what moving the slider redraws. */
async function refreshWorld(): Promise<void> {
  const { signal, current } = worldRequests.begin();
  const axes = viewAxes(state);
  const page = { expand: 'names', limit: 500 };
  const rowsPath = `/state/${state.view}?${query({ ...axes, ...sharedFilters(state), ...page })}`;
  const rows = await getAll<StatePage, ViewRow>(rowsPath, (p) => p.rows, ROW_CAP, signal);
  await mapReady;
  if (!current()) return;
  names.add(rows.names);
  const view = state.view;
  byId('rows').replaceChildren(rowsTable(view, rows.items, names, openRow));
  byId('rows-summary').textContent = rowsSummary(rows.items.length, rows.more);
  // The map and its list are made from the table's own rows: the three always agree.
  byId('map-heading').textContent = MAP_HEADINGS[view] ?? 'Where';
  map.show(placeRows(view, rows.items, names), NOUNS[view] ?? 'rows', state.country);
  worldDrawn.resolve();
  await measureMove();
}

/** The developments and the counts over time: they change with the filters, not with the date. */
async function refreshHistory(): Promise<void> {
  const { signal, current } = historyRequests.begin();
  const filters = sharedFilters(state);
  const developments = getAll<TimelinePage, Development>(
    `/timeline?${query({ ...filters, expand: 'names', limit: 500 })}`,
    (p) => p.developments,
    DEVELOPMENT_CAP,
    signal,
  );
  const seriesPath = `/state/${state.view}/series?${query({
    ...filters,
    certainty: state.certain ? 'certain' : undefined,
    from: scale.dayAt(11),
    to: scale.dayAt(scale.steps - 1),
    step: 'year',
    groupBy: 'country',
  })}`;
  const figuresShown = state.view === 'investments';
  const series = figuresShown
    ? Promise.resolve(undefined)
    : getJson<Series>(seriesPath, signal).then(
        (s) => ({ s }),
        (error: Error) => ({ error }),
      );
  const figureSeries = figuresShown
    ? loadFigures(filters, scale.dayAt(0), scale.dayAt(scale.steps - 1), signal).then(
        (s) => ({ s }),
        (error: Error) => ({ error }),
      )
    : Promise.resolve(undefined);
  const [timelinePage, counts, lines] = await Promise.all([developments, series, figureSeries]);
  if (!current()) return;
  names.add(timelinePage.names);
  rescale(timelinePage.items);
  timeline.show(timelinePage.items, scale.firstYear, scale.lastYear, timelinePage.more, fresh);
  byId('chart-panel').hidden = figuresShown;
  byId('figures-panel').hidden = !figuresShown;
  if (counts && 's' in counts) chart.show(counts.s, NOUNS[state.view] ?? 'rows');
  else if (counts && counts.error.name !== 'AbortError') chart.unavailable(counts.error.message);
  if (lines && 's' in lines) figures.show(lines.s);
  else if (lines && lines.error.name !== 'AbortError') figures.unavailable(lines.error.message);
  markDate();
  historyDrawn.resolve();
}

/** The slider runs from the year of the first development to the later of this year and the last one. */
function rescale(developments: Development[]): void {
  const years = developments.map((d) => Number(d.dateRange.earliest.slice(0, 4))).filter((y) => y > 1000);
  const first = Math.min(2000, ...years);
  const last = Math.max(new Date().getUTCFullYear(), ...years);
  if (first === scale.firstYear && last === scale.lastYear) return;
  scale = new MonthScale(first, last);
  slider.max = String(scale.steps - 1);
  dateField.setSpan(scale.dayAt(0), scale.dayAt(scale.steps - 1));
  syncDate();
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
  refreshWorld().catch(report);
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

function rowsSummary(count: number, more: boolean): string {
  const noun = NOUNS[state.view] ?? 'rows';
  const how = [state.certain ? 'surely' : '', state.published ? 'as published by then' : ''].filter(Boolean).join(', ');
  const qualified = how ? ` (${how})` : '';
  return `${more ? `The first ${count}` : count} ${noun} as of ${dayWords(state.asOf)}${qualified}.`;
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

let booted = false;
let readyWhileBooting = false;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshWorld().catch(report);
    refreshHistory().catch(report);
  }, 150);
}

/** New, corrected and retracted developments arrive through the feed and redraw what they touch. */
function followFeed(): void {
  const live = byId('live');
  const feed = new EventSource('/feed');
  feed.addEventListener('ready', () => {
    live.textContent = '● Live: new developments appear as they are recorded';
    live.className = 'live on';
    // Anything recorded while the page loaded is in the answers fetched from now on; the first
    // answers are not interrupted for it.
    if (booted) refreshSoon();
    else readyWhileBooting = true;
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
  slider.max = String(scale.steps - 1);
  dateField.setSpan(scale.dayAt(0), scale.dayAt(scale.steps - 1));
  byId('certainty-legend').replaceChildren(certaintyLegend());
  // On a phone the filters start folded, so the date and the answer share the screen.
  if (matchMedia('(max-width: 600px)').matches) byId<HTMLDetailsElement>('filters').open = false;
  wireControls();
  syncControls();
  followFeed();
  const entities = getJson<{ entities: Entity[] }>('/entities').then(({ entities: list }) => {
    names.setEntities(list);
    search.entities = list;
    fillOrigins(list);
  });
  refreshWorld().catch(report);
  refreshHistory().catch(report);
  await Promise.all([worldDrawn.promise, historyDrawn.promise, entities]);
  syncControls();
  await afterPaint();
  performance.mark('world-drawn');
  performance.measure('first-paint', { start: 0, end: 'world-drawn' });
  document.documentElement.dataset.ready = 'true';
  booted = true;
  if (readyWhileBooting) refreshSoon();
}

function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

if (state.asOf > today())
  notice('The date is in the future: rows show what had been recorded as planned or under way.');
boot().catch(report);
startEditor(document.querySelector('header.top')!, byId('details-body'), notice);

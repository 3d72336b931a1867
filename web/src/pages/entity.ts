import type { Development, Entity, TimelinePage, ViewRow } from '../api.js';
import { getAll, getJson, query } from '../api.js';
import { certaintyLegend } from '../certainty.js';
import { dayWords, isDay, today } from '../dates.js';
import { h } from '../dom.js';
import { ViewMap } from '../map.js';
import { NameBook, typeWords } from '../names.js';
import { placeRows } from '../places.js';
import { rowsTable } from '../rows.js';
import { idInPath, readSelf, render, section } from './shell.js';

interface Profile extends Entity {
  asOf: string;
  views: Record<string, ViewRow[]>;
}

const names = new NameBook();
const RELATIONSHIPS: [string, string][] = [
  ['relationships', 'Relationships'],
  ['licensing', 'Licences'],
  ['acquisitions', 'Acquisitions'],
  ['agreements', 'Agreements and partnerships'],
  ['policies', 'Policies'],
  ['investments', 'Investment figures'],
];

const open = (row: ViewRow) => {
  const last = row.developments.at(-1);
  if (last) location.href = `/developments/${last}`;
};

function dateForm(asOf: string): HTMLElement {
  return h(
    'form',
    { method: 'get', class: 'as-of-form' },
    h('label', { for: 'as-of' }, 'As of '),
    h('input', { type: 'date', id: 'as-of', name: 'asOf', value: asOf }),
    ' ',
    h('button', { type: 'submit' }, 'Show'),
  );
}

void render(async () => {
  const asked = new URLSearchParams(location.search).get('asOf') ?? '';
  const asOf = isDay(asked) ? asked : today();
  const [profile, registry] = await Promise.all([
    readSelf<Profile>({ asOf }),
    getJson<{ entities: Entity[] }>('/entities'),
  ]);
  names.setEntities(registry.entities);
  names.add({ [profile.entityId]: profile.name });
  const id = idInPath();
  const timeline = await getAll<TimelinePage, Development>(
    `/timeline?${query({ subject: id, expand: 'names', limit: 500 })}`,
    (p) => p.developments,
    2000,
  );
  names.add(timeline.names);
  document.title = `${profile.name} · Timeline`;
  const views = profile.views;
  const where = [...(views.footprint ?? [])];
  const map = h('div', { class: 'map' });
  const summary = h('div', { class: 'summary', id: 'map-summary' });
  const mapHeading = `Where ${profile.name} was present on ${dayWords(asOf)}`;
  const world = new ViewMap(map, summary, names, () => {});
  await world.load(document.documentElement.dataset.world!);
  world.show(placeRows('footprint', where, names), 'places', undefined);
  const had = ['facilities', 'footprint']
    .filter((view) => (views[view] ?? []).length > 0)
    .map((view) => rowsTable(view, views[view]!, names, open));
  const relationships = RELATIONSHIPS.filter(([view]) => (views[view] ?? []).length > 0).map(([view, title]) =>
    h('div', {}, h('h3', {}, title), rowsTable(view, views[view]!, names, open)),
  );
  const list = h(
    'ol',
    { class: 'entity-timeline' },
    ...timeline.items.map((d) =>
      h(
        'li',
        {},
        h('span', { class: 'date' }, d.dateText),
        ' ',
        h('a', { href: `/developments/${d.id}` }, d.summary),
        h('span', { class: 'type' }, ` ${typeWords(d.type)}`),
      ),
    ),
  );
  return [
    h(
      'p',
      { class: 'kind' },
      `${profile.kind === 'government' ? 'Government' : 'Organisation'} from ${names.of(profile.homeCountry)}`,
    ),
    h('h1', {}, profile.name),
    profile.aliases.length ? h('p', { class: 'meta' }, `Also called ${profile.aliases.join(', ')}.`) : '',
    dateForm(asOf),
    certaintyLegend(),
    section(
      `What it had where on ${dayWords(asOf)}`,
      ...(had.length ? had : [h('p', { class: 'empty' }, 'Nothing recorded for this date.')]),
    ),
    h(
      'section',
      { 'aria-labelledby': 'map-heading', class: 'map-panel' },
      h('h2', { id: 'map-heading' }, mapHeading),
      map,
      summary,
    ),
    section(
      'Relationships',
      ...(relationships.length ? relationships : [h('p', { class: 'empty' }, 'None recorded for this date.')]),
    ),
    section(
      'Its developments over time',
      timeline.items.length ? list : h('p', { class: 'empty' }, 'No developments recorded.'),
      h(
        'p',
        {},
        h('a', { href: `/?${query({ asOf, view: 'facilities', subject: id })}` }, 'Follow it in the explorer'),
      ),
    ),
  ];
});

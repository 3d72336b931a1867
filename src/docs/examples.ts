/** Examples of requests and answers, drawn from the seed timeline; a test checks each against its schema. */

import { liveness as livenessHealth, readinessHealth } from '../health/health-json.js';
import type { ReadinessReport } from '../health/readiness.js';

const BYD_PLANT = '36f9fdf2-a11e-4926-80ba-8b6755f2e1ae';
const RECORDED_AT = '2025-11-03T09:12:44.120Z';
const ARTICLE = 'The phoenix spreads its wings: China takes its prowess to the world';

export const developmentInput = {
  id: '5f0c6f4e-3a59-4d0c-9d7e-1b2f3a4c5d6e',
  type: 'FacilityConstructionStarted',
  date: '2024-09~',
  dateNote: 'the report says "last autumn"',
  summary: 'Gotion starts building a battery plant in Michigan',
  subjects: ['org:gotion', 'country:US'],
  sources: [
    {
      title: 'Plant update',
      url: 'https://example.org/gotion',
      quote: 'construction began last autumn',
      published: '2025-03-02',
      publisher: 'Example News',
      kind: 'news',
    },
  ],
  expectations: [{ type: 'FacilityOpened', date: '2026', note: 'production due in 2026' }],
  data: {
    facilityId: 'gotion-michigan',
    owner: 'org:gotion',
    kind: 'plant',
    country: 'US',
    location: 'Big Rapids, Michigan',
  },
};

export const correctionInput = {
  changes: { date: '2024-10-04' },
  reason: 'the company release gives the day',
};

export const retractionInput = { reason: 'recorded twice under two ids' };

export const entityInput = {
  entityId: 'org:gotion',
  kind: 'organisation',
  name: 'Gotion High-Tech',
  homeCountry: 'CN',
};

export const webhookInput = {
  url: 'https://hooks.example.com/timeline',
  filter: { country: 'HU' },
  from: 'now',
};

export const development = {
  id: BYD_PLANT,
  type: 'FacilityConstructionStarted',
  date: '../2025?',
  dateNote: 'BYD "is building" the factory when the article appeared; when construction began is not given.',
  summary: 'BYD is building its first European car factory, in Hungary, set for a late 2025 launch',
  subjects: ['org:byd', 'country:HU'],
  sources: [
    {
      title: ARTICLE,
      document: '001_925702f4b1f3ce9c.txt',
      quote: "it's building its first European car factory in Hungary, set for a late 2025 launch.",
      published: '2025?',
      publishedNote: 'No publication date is printed; the year is inferred.',
      kind: 'opinion',
      publishedText: '2025, uncertain',
    },
  ],
  expectations: [{ type: 'FacilityOpened', date: '2025-41~', note: 'set for a late 2025 launch' }],
  data: {
    facilityId: 'byd-hungary-car-plant',
    owner: 'org:byd',
    kind: 'plant',
    country: 'HU',
    name: 'first European car factory',
    products: ['cars'],
  },
  revision: 0,
  recordedAt: RECORDED_AT,
  position: '73',
  corrections: [],
  dateText: 'on or before 2025, uncertain',
  dateRange: { earliest: '2025-01-01', latest: '2025-12-31', openStart: true },
  certainFrom: '2025-12-31',
  publishedFrom: '2025-12-31',
  lastReported: {
    day: '2025-12-31',
    date: '2025-04-23/2025-12-31?',
    text: 'from 23 April 2025 to 31 December 2025, uncertain',
    published: true,
  },
};

const reportedIn2025 = {
  day: '2025-12-31',
  date: '2025-04-23/2025-12-31?',
  text: 'from 23 April 2025 to 31 December 2025, uncertain',
};

export const writeResult = {
  id: developmentInput.id,
  revision: 0,
  position: '129',
  recordedAt: RECORDED_AT,
  duplicate: false,
};

export const recordedBatch = { created: 1, duplicates: 0, results: [writeResult] };

const plantRow = {
  key: 'byd-hungary-car-plant',
  certainty: 'certain',
  validFrom: '2025-12-31',
  validTo: null,
  since: { date: '../2025?', text: 'on or before 2025, uncertain' },
  certainSince: { day: '2025-12-31', text: '31 December 2025' },
  lastReported: reportedIn2025,
  certaintyText: 'certain from 31 December 2025, last reported from 23 April 2025 to 31 December 2025, uncertain',
  developments: [BYD_PLANT],
  value: {
    facilityId: 'byd-hungary-car-plant',
    owner: 'org:byd',
    kind: 'plant',
    country: 'HU',
    name: 'first European car factory',
    products: ['cars'],
    status: 'under-construction',
    steps: { 'under-construction': '../2025?' },
    expectations: [
      {
        type: 'FacilityOpened',
        date: '2025-41~',
        dateText: 'second half of 2025, approximately',
        note: 'set for a late 2025 launch',
        setBy: BYD_PLANT,
        due: '2025-12-31',
        status: 'pending',
        statusText: 'pending',
      },
    ],
    datesInWords: { '../2025?': 'on or before 2025, uncertain' },
  },
};

const footprintRow = {
  key: 'org:byd@HU',
  certainty: 'certain',
  validFrom: '2025-12-31',
  validTo: null,
  since: { date: '../2025?', text: 'on or before 2025, uncertain' },
  certainSince: { day: '2025-12-31', text: '31 December 2025' },
  lastReported: reportedIn2025,
  certaintyText: 'certain from 31 December 2025, last reported from 23 April 2025 to 31 December 2025, uncertain',
  developments: [BYD_PLANT],
  value: {
    organisation: 'org:byd',
    country: 'HU',
    presence: 'present',
    facilities: { 'byd-hungary-car-plant': { kind: 'plant', status: 'under-construction' } },
    acquisitions: [],
    subsidiaries: [],
    modes: ['plant:under-construction'],
    origin: 'CN',
  },
};

export const statePage = {
  view: 'facilities',
  asOf: '2025-12-31',
  knownAt: RECORDED_AT,
  rows: [plantRow],
  nextCursor: 'eyJrIjoiYnlkLWh1bmdhcnktY2FyLXBsYW50In0',
};

export const series = {
  view: 'facilities',
  from: '2023-01-01',
  to: '2025-12-31',
  step: 'year',
  groupBy: 'country',
  points: [
    { date: '2023-12-31', total: 0, groups: {} },
    { date: '2024-12-31', total: 3, groups: { US: 3 } },
    { date: '2025-12-31', total: 11, groups: { US: 4, CN: 1, HU: 1, ID: 2, TR: 1, VN: 1, BR: 1 } },
  ],
};

const table1 = {
  title: 'Technology companies\u2019 "going global" is the inevitable requirement of economic globalization',
  publisher: 'Advances in Social Science, Education and Humanities Research, volume 105',
  published: '2016/2020?',
};

export const figureSeries = {
  view: 'investments',
  from: '2006-01-01',
  to: '2007-12-31',
  step: 'year',
  series: [
    {
      series: 'cn-odi-flow',
      label: "China's outward direct investment flow, total",
      measure: 'flow',
      unit: 'USD million',
      currency: 'USD',
      scale: 'million',
      points: [2006, 2007].map((year) => ({
        date: `${year}-12-31`,
        value: 17633.97,
        period: '2006',
        periodText: '2006',
        development: '6ce1f7dc-d634-4b22-8cd4-05cf0235efa8',
        source: table1,
        certainty: 'possible',
      })),
    },
  ],
};

export const expectations = {
  asOf: '2026-06-30',
  expectations: [
    {
      ...plantRow.value.expectations[0],
      status: 'overdue',
      statusText: 'not recorded as met by second half of 2025, approximately',
      view: 'facilities',
      key: 'byd-hungary-car-plant',
      row: 'first European car factory',
      certainty: 'unconfirmed',
      lastReported: reportedIn2025,
    },
  ],
};

export const changes = {
  view: 'facilities',
  from: '2024-12-31',
  to: '2025-12-31',
  changes: [{ key: 'byd-hungary-car-plant', before: null, after: plantRow }],
};

export const replay = {
  steps: [
    {
      development,
      changes: [
        {
          view: 'facilities',
          key: 'byd-hungary-car-plant',
          before: null,
          after: plantRow.value,
          changed: Object.keys(plantRow.value).sort(),
        },
      ],
    },
  ],
};

export const entity = {
  entityId: 'org:byd',
  kind: 'organisation',
  name: 'BYD',
  homeCountry: 'CN',
  aliases: [],
  recordedAt: RECORDED_AT,
  position: '26',
};

export const entityProfile = {
  ...entity,
  asOf: '2025-12-31',
  views: {
    facilities: [plantRow],
    licensing: [],
    policies: [],
    agreements: [],
    investments: [],
    acquisitions: [],
    footprint: [footprintRow],
  },
};

export const registeredEntity = { entityId: 'org:gotion', position: '130', duplicate: false };

export const catalogue = {
  envelope: { type: 'object', required: ['type', 'date', 'summary', 'subjects', 'sources', 'data'] },
  types: [
    {
      type: 'FacilityOpened',
      kind: 'development',
      description: 'A facility opened or started operating.',
      schema: { type: 'object', required: ['facilityId', 'owner', 'kind', 'country'] },
    },
  ],
};

export const readiness = {
  status: 'ready',
  head: '128',
  readModel: '128',
  checks: {
    store: { status: 'ok' },
    readModel: { status: 'ok', checkpoint: '128', lag: 0, maxLag: 1000 },
    parts: [{ name: 'views', status: 'ok' }],
    damage: [],
  },
};

export const unready = {
  status: 'unavailable',
  head: '5120',
  readModel: '1042',
  checks: {
    store: { status: 'ok' },
    readModel: {
      status: 'failed',
      checkpoint: '1042',
      lag: 1001,
      maxLag: 1000,
      fault: { message: 'database is locked', code: 'SQLITE_BUSY', since: RECORDED_AT, attempts: 7 },
    },
    parts: [],
    damage: [],
  },
};

export const webhook = {
  id: '0d8a3c44-3f5e-4f7b-9a51-6c1f8c2b7e10',
  owner: 'key:1a2b3c4d5e6f',
  url: 'https://hooks.example.com/timeline',
  filter: { country: 'HU' },
  status: 'active',
  cursor: '128',
  consecutiveFailures: 0,
  pausedReason: null,
  createdAt: RECORDED_AT,
};

export const deliveries = {
  deliveries: [{ position: '129', attempt: 1, statusCode: 204, error: null, durationMs: 38, at: RECORDED_AT }],
};

export const feedMessage = {
  position: '73',
  kind: 'DevelopmentRecorded',
  recordedAt: RECORDED_AT,
  development,
};

export const feedText =
  `event: ready\ndata: {"after":"128"}\n\nid: 129\nevent: DevelopmentRecorded\n` +
  'data: {"position":"129","kind":"DevelopmentRecorded","recordedAt":"...","development":{...}}\n\n';

export const watchText =
  'id: 128\nevent: snapshot\ndata: {"view":"facilities","asOf":"2025-12-31","rows":[...]}\n\n' +
  'id: 129\nevent: change\ndata: {"view":"facilities","asOf":"2025-12-31","position":"129","added":[...],' +
  '"changed":[{"before":{...},"after":{...}}],"removed":[]}\n\n';

export const replayText =
  'event: development\ndata: {"id":"...","type":"FacilityOpened",...}\n\n' + 'event: end\ndata: {"played":12}\n\n';

export const atomText =
  '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n' +
  '  <title>Timeline: new developments</title>\n' +
  '  <entry><title>BYD is building its first European car factory' +
  '</title>...</entry>\n</feed>\n';

export const metricsText =
  '# HELP timeline_read_model_lag_events Events the read model is behind the log\n' +
  '# TYPE timeline_read_model_lag_events gauge\ntimeline_read_model_lag_events 0\n';

export const liveness = livenessHealth();
export const readyHealth = readinessHealth(readiness as ReadinessReport);
export const unreadyHealth = readinessHealth(unready as ReadinessReport);

/** Examples of imports and keys; a test checks each against its schema. */

const PLANT = 'c0a2a7a4-2f1e-8b7d-9c51-3e0f6d5b9a21';

export const templateCsv =
  'id,type,date,dateNote,summary,subjects,sources.0.title,sources.0.url,sources.0.quote,sources.0.published,' +
  'data.facilityId,data.owner,data.kind,data.country\r\n';

export const importCsv = [
  'type,date,summary,subjects,sources.0.title,sources.0.url,sources.0.quote,sources.0.published,data.facilityId,data.owner,data.kind,data.country',
  'FacilityOpened,2025-12~,BYD opens its Szeged plant,org:byd; country:HU,Plant report,https://example.org/szeged,"production started in Szeged",2026-01-05,byd-szeged,org:byd,plant,HU',
].join('\r\n');

export const importJsonLines = [
  '{"entityId":"org:gotion","kind":"organisation","name":"Gotion High-Tech","homeCountry":"CN"}',
  '{"type":"FacilityConstructionStarted","date":"2024-09~","summary":"Gotion starts building a battery plant in Michigan","subjects":["org:gotion","country:US"],"sources":[{"title":"Plant update","url":"https://example.org/gotion","quote":"construction began last autumn"}],"data":{"facilityId":"gotion-michigan","owner":"org:gotion","kind":"plant","country":"US"}}',
].join('\n');

export const importDryRun = {
  dryRun: true,
  recorded: 0,
  wouldRecord: 1,
  duplicates: 0,
  rejected: 1,
  rows: [
    { row: 2, kind: 'development', id: PLANT, outcome: 'would_record' },
    {
      row: 3,
      kind: 'development',
      outcome: 'rejected',
      errors: [{ column: 'date', path: 'date', code: 'invalid_date', message: 'month 13 does not exist' }],
    },
  ],
};

export const imported = {
  dryRun: false,
  recorded: 1,
  wouldRecord: 0,
  duplicates: 0,
  rejected: 0,
  rows: [{ row: 2, kind: 'development', id: PLANT, outcome: 'recorded' }],
};

export const key = { id: 'key:3f9a0c1b2d4e', name: 'Newsroom desk', role: 'editor' };

export const dateReading = {
  edtf: '2025-12~',
  dateText: 'December 2025, approximately',
  dateRange: { earliest: '2025-12-01', latest: '2025-12-31', openStart: false, openEnd: false },
};

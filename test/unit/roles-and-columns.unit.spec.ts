import { RateLimiter } from '../../src/auth/rate-limiter.js';
import { allows, parseConfiguredKey, roleNeeded } from '../../src/auth/roles.js';
import { cellValue, columnOf, templateColumns } from '../../src/import/csv-columns.js';
import { readCsv } from '../../src/import/import-files.js';

describe('what each request needs', () => {
  it.each([
    ['GET', '/timeline', undefined],
    ['GET', '/state/:view', undefined],
    ['POST', '/developments', 'editor'],
    ['POST', '/developments/:id/corrections', 'editor'],
    ['POST', '/entities', 'editor'],
    ['POST', '/imports', 'editor'],
    ['GET', '/webhooks', 'reader'],
    ['POST', '/webhooks', 'reader'],
    ['DELETE', '/webhooks/:id', 'reader'],
    ['GET', '/keys/me', 'reader'],
    ['GET', '/keys', 'admin'],
  ])('%s %s needs %s', (method, route, role) => {
    expect(roleNeeded(method, route)).toBe(role);
  });

  it('orders the roles: each may do what the ones before it may', () => {
    expect([allows('reader', 'editor'), allows('editor', 'editor'), allows('admin', 'editor')]).toEqual([
      false,
      true,
      true,
    ]);
    expect(allows('editor', 'admin')).toBe(false);
  });

  it('reads a role prefix on configured keys; a bare key is an editor, as before roles', () => {
    expect(parseConfiguredKey('reader:abcdefghijklmnop')).toEqual({ role: 'reader', key: 'abcdefghijklmnop' });
    expect(parseConfiguredKey('abcdefghijklmnop')).toEqual({ role: 'editor', key: 'abcdefghijklmnop' });
    expect(parseConfiguredKey('owner:abcdefghijklmnop')).toEqual({ role: 'editor', key: 'owner:abcdefghijklmnop' });
  });

  it('a limiter peeked at spends nothing', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.peek('a'), limiter.take('a'), limiter.peek('a'), limiter.take('a')]).toEqual([0, 0, 0, 0]);
    expect(limiter.peek('a')).toBe(30);
    now = 30_000;
    expect(limiter.peek('a')).toBe(0);
  });
});

describe('spreadsheet columns', () => {
  it('a template has the envelope, one source, one expectation and the fields of the type', () => {
    const columns = templateColumns('LicensingDealSigned')!;
    expect(columns.slice(0, 6)).toEqual(['id', 'type', 'date', 'dateNote', 'summary', 'subjects']);
    expect(columns).toEqual(expect.arrayContaining(['sources.0.quote', 'expectations.0.date', 'data.licensor']));
    expect(templateColumns('DevelopmentRetracted')).toBeUndefined();
    expect(templateColumns('EntityRegistered')).toEqual([
      'entityId',
      'kind',
      'name',
      'homeCountry',
      'aliases',
      'parent',
    ]);
  });

  it('reads each cell as its field takes it', () => {
    expect(cellValue('org:byd; country:HU', ['subjects'], 'FacilityOpened', false)).toEqual(['org:byd', 'country:HU']);
    expect(cellValue('7.3', ['data', 'investment', 'value'], 'FacilityOpened', false)).toBe(7.3);
    expect(cellValue('seven', ['data', 'investment', 'value'], 'FacilityOpened', false)).toBe('seven');
    expect(cellValue('2025', ['data', 'location'], 'FacilityOpened', false)).toBe('2025');
    expect(cellValue('[{"date":"2035","goal":"x"}]', ['data', 'targets'], 'PolicyIssued', false)).toEqual([
      { date: '2035', goal: 'x' },
    ]);
    expect(cellValue('A; B', ['aliases'], undefined, true)).toEqual(['A', 'B']);
  });

  it('places an error at its column, the one under it, or the one above it', () => {
    const columns = ['date', 'sources.0.url', 'sources.0.quote', 'data.investment.value'];
    expect(columnOf('date', columns)).toBe('date');
    expect(columnOf('sources.0', columns)).toBe('sources.0.url');
    expect(columnOf('data.investment.value.0', columns)).toBe('data.investment.value');
    expect(columnOf('summary', columns)).toBeUndefined();
  });

  it('refuses a column that could reach an object prototype', () => {
    expect(readCsv('constructor.prototype.x,type\n1,FacilityOpened')).toEqual({
      error: 'the column "constructor.prototype.x" is not a field',
    });
  });
});

import { FACILITY_KINDS, parseEdtf } from '../../events/index.js';
import { acquisitions, facilities, footprintStatuses, PROJECTIONS, relationships } from '../../projections/index.js';
import { toProblem } from '../../src/errors/to-problem.js';
import { decodeCursor, encodeCursor, positions } from '../../src/http/cursor.js';
import { readDay, readKnownAt, readRangeEnd } from '../../src/http/known-at.js';
import { checkStatus } from '../../src/views/view-statuses.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return toProblem(error);
  }
  throw new Error('not refused');
};

describe('the dates of a query', () => {
  it.each([
    ['2005', 'first', '2005-01-01'],
    ['2005', 'last', '2005-12-31'],
    ['2024-02', 'first', '2024-02-01'],
    ['2024-02', 'last', '2024-02-29'],
    ['2023-02', 'last', '2023-02-28'],
    ['2025-06-15', 'last', '2025-06-15'],
  ] as const)('reads %s at the %s end as %s', (text, end, day) => {
    expect(readRangeEnd(text, end)).toEqual({ ok: true, value: day });
  });

  it.each([
    ['2025-13', 'month 13 does not exist (01-12)'],
    ['2025-21', 'month 21 does not exist (01-12)'],
    ['0000', 'year 0000 is out of range (0001-9999)'],
    ['2025-02-30', 'day 30 does not exist in 2025-02 (01-28)'],
    ['2025-1', undefined],
    ['2025~', undefined],
    ['last year', undefined],
  ])('refuses %s at a range end, saying why when the date does not exist', (text, reason) => {
    expect(readRangeEnd(text, 'first')).toEqual({ ok: false, ...(reason ? { reason } : {}) });
  });

  it('explains a day that does not exist as the write path does', () => {
    const written = parseEdtf('2025-02-30');
    expect(written.ok).toBe(false);
    expect(readDay('2025-02-30')).toEqual({ ok: false, reason: (written as { reason: string }).reason });
    expect(readKnownAt('2025-02-30')).toEqual({ ok: false, reason: (written as { reason: string }).reason });
    expect(readKnownAt('2025-02-30T10:00:00Z')).toEqual({ ok: false, reason: (written as { reason: string }).reason });
  });

  it('reads knownAt into the one instant form', () => {
    expect(readKnownAt('2025-03-01')).toEqual({ ok: true, value: '2025-03-01T00:00:00.000Z' });
    expect(readKnownAt('2025-03-01T01:30:00+01:00')).toEqual({ ok: true, value: '2025-03-01T00:30:00.000Z' });
    expect(readKnownAt('2025-03-01T00:00:00.000Z')).toEqual({ ok: true, value: '2025-03-01T00:00:00.000Z' });
  });
});

describe('the one cursor codec', () => {
  it('gives back the position a cursor of a list holds', () => {
    expect(decodeCursor('rows', encodeCursor('rows', 'byd-szeged'), positions.key)).toBe('byd-szeged');
    expect(decodeCursor('expectations', encodeCursor('expectations', 200), positions.offset)).toBe(200);
    const at = ['2024-01-01', '2024-12-31', 7];
    expect(decodeCursor('timeline', encodeCursor('timeline', at), positions.timeline)).toEqual(at);
  });

  it('refuses with BAD_CURSOR a cursor of another list, or of none', () => {
    for (const run of [
      () => decodeCursor('rows', encodeCursor('timeline', ['a', 'b', 1]), positions.key),
      () => decodeCursor('expectations', encodeCursor('expectations', -1), positions.offset),
      () => decodeCursor('timeline', 'not a cursor', positions.timeline),
      () => decodeCursor('rows', Buffer.from(JSON.stringify({ k: 'a' })).toString('base64url'), positions.key),
    ])
      expect(refusal(run)).toMatchObject({ status: 400, code: 'BAD_CURSOR', errors: [{ path: 'cursor' }] });
  });
});

describe('the statuses of each view, from its projection', () => {
  it('lists every status a facility can have, and refuses others naming them', () => {
    expect(facilities.statuses).toEqual(['announced', 'under-construction', 'operating', 'closed', 'cancelled']);
    expect(refusal(() => checkStatus('facilities', 'open'))).toMatchObject({
      status: 400,
      code: 'INVALID_PARAMETER',
      errors: [{ path: 'status', allowed: facilities.statuses }],
    });
    expect(() => checkStatus('facilities', 'operating')).not.toThrow();
    expect(() => checkStatus('no-such-view', 'open')).not.toThrow();
  });

  it('gives every stored view its statuses', () => {
    expect(PROJECTIONS.filter((p) => !p.statuses?.length).map((p) => p.name)).toEqual([]);
  });

  it('takes for the footprint every mode the placements give, and the status a mode ends with', () => {
    const statuses = footprintStatuses(PROJECTIONS);
    const modes = [
      ...FACILITY_KINDS.flatMap((kind) =>
        facilities.statuses!.flatMap((status) =>
          facilities.placements!({ status, kind, owner: 'org:x', country: 'HU', steps: {} }, 'k', {
            homeCountry: () => 'CN',
          }).map((p) => p.mode),
        ),
      ),
      ...acquisitions.statuses!.flatMap((status) =>
        acquisitions.placements!({ status, acquirer: 'org:x', target: 'org:y', targetCountry: 'HU' }, 'k', {
          homeCountry: () => 'CN',
        }).map((p) => p.mode),
      ),
      ...relationships.placements!(
        {
          kind: 'ownership',
          parties: [
            { entity: 'org:x', role: 'owner' },
            { entity: 'org:y', role: 'subsidiary', country: 'HU' },
          ],
        },
        'k',
        { homeCountry: () => 'CN' },
      ).map((p) => p.mode),
    ];
    expect(modes.length).toBeGreaterThan(20);
    for (const mode of modes) {
      expect(statuses).toContain(mode);
      expect(statuses).toContain(mode.slice(mode.lastIndexOf(':') + 1));
    }
    expect(statuses).toEqual(expect.arrayContaining(['present', 'planned']));
    expect(statuses).not.toContain('closed');
    expect(statuses).not.toContain('cancelled');
  });
});

import { developmentStream } from '../../events/index.js';
import { checkExpected } from '../../src/store/append-plan.js';
import { ConcurrencyError } from '../../src/store/errors.js';
import type { ExpectedRevision } from '../../src/store/event-store.js';

describe('the expected-revision check every store plans with', () => {
  const passes = (expected: ExpectedRevision, revision: number | undefined): boolean => {
    try {
      checkExpected(developmentStream('d1'), expected, revision);
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected, actual: revision ?? 'no_stream', kind: 'development' });
      return false;
    }
  };

  it('holds any, no_stream, exists and an exact revision against the revision read', () => {
    expect([passes('any', undefined), passes('any', 3)]).toEqual([true, true]);
    expect([passes('no_stream', undefined), passes('no_stream', 0)]).toEqual([true, false]);
    expect([passes('exists', undefined), passes('exists', 0)]).toEqual([false, true]);
    expect([passes(2, 2), passes(2, 1), passes(0, undefined)]).toEqual([true, false, false]);
  });
});

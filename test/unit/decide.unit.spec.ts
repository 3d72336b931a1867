import { randomUUID } from 'node:crypto';
import type { DevelopmentState } from '../../events/index.js';
import { decideLifecycle } from '../../src/developments/decide.js';
import { Rejection } from '../../src/errors/rejection.js';
import { fromStoreError } from '../../src/errors/store-errors.js';
import { toProblem } from '../../src/errors/to-problem.js';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/store/errors.js';

const development = (overrides: Partial<DevelopmentState> = {}): DevelopmentState => ({
  id: randomUUID(),
  type: 'FacilityOpened',
  date: '2025',
  summary: 's',
  subjects: ['org:byd'],
  sources: [{ title: 't', url: 'https://example.org', quote: 'q' }],
  data: {},
  revision: 2,
  recordedAt: '2026-01-01T00:00:00.000Z',
  position: '7',
  corrections: [],
  ...overrides,
});

describe('deciding a correction or retraction', () => {
  it('appends at the revision just read when the client names none', () => {
    expect(decideLifecycle(development(), ['a', 'b', 'c'], {})).toEqual({
      ok: true,
      expectedRevision: 2,
      retry: false,
    });
  });

  it('appends at the If-Match revision when it is the current one', () => {
    expect(decideLifecycle(development(), [], { ifMatch: 2 })).toEqual({ ok: true, expectedRevision: 2, retry: false });
  });

  it('refuses a stale If-Match with the current revision', () => {
    const decision = decideLifecycle(development(), [], { ifMatch: 1 });
    expect(decision.ok).toBe(false);
    const { rejection } = decision as { rejection: Rejection };
    expect(rejection.code).toBe('REVISION_MISMATCH');
    expect(rejection.details).toEqual({ currentRevision: 2 });
    expect(toProblem(rejection).status).toBe(412);
  });

  it('refuses to correct or retract a retracted development', () => {
    const retracted = development({
      retracted: { revision: 2, recordedAt: '2026-01-02T00:00:00.000Z', reason: 'wrong' },
    });
    const decision = decideLifecycle(retracted, [], {});
    expect(decision).toMatchObject({ ok: false, rejection: { code: 'DEVELOPMENT_RETRACTED' } });
    expect(toProblem((decision as { rejection: Rejection }).rejection).status).toBe(409);
  });

  it('answers a retry (an event id the stream holds) whatever happened since: stale If-Match, retraction', () => {
    const retracted = development({
      retracted: { revision: 3, recordedAt: '2026-01-02T00:00:00.000Z', reason: 'wrong' },
    });
    expect(decideLifecycle(retracted, ['x', 'mine'], { eventId: 'mine', ifMatch: 0 })).toEqual({
      ok: true,
      expectedRevision: 'any',
      retry: true,
    });
  });
});

describe('translating store errors, in one place', () => {
  it('names the batch item whose id is already used by other content', () => {
    const ids = [randomUUID(), randomUUID()];
    const rejection = fromStoreError(new DuplicateEventIdError(ids[1]!, `development-${ids[1]}`), { ids }) as Rejection;
    expect(rejection).toMatchObject({ code: 'ID_CONFLICT', details: { errors: [{ index: 1, path: 'id' }] } });
  });

  it('says an entity exists when its registration clashes', () => {
    expect(fromStoreError(new DuplicateEventIdError(randomUUID(), 'entity-org:byd'))).toMatchObject({
      code: 'ENTITY_EXISTS',
    });
  });

  it('maps a moved stream to 412 with If-Match and to 409 without', () => {
    const moved = new ConcurrencyError('development-x', 1, 2);
    expect(toProblem(fromStoreError(moved, { ifMatch: 1 }))).toMatchObject({
      status: 412,
      code: 'REVISION_MISMATCH',
      currentRevision: 2,
    });
    expect(toProblem(fromStoreError(moved))).toMatchObject({
      status: 409,
      code: 'CONCURRENCY_CONFLICT',
      currentRevision: 2,
    });
  });

  it('gives an uncaught store error the same code as a handled one', () => {
    expect(toProblem(new DuplicateEventIdError('e', 'development-d'))).toMatchObject({
      status: 409,
      code: 'ID_CONFLICT',
    });
  });

  it('hands other errors back unchanged', () => {
    const other = new Error('boom');
    expect(fromStoreError(other)).toBe(other);
  });
});

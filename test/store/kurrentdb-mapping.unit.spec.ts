import { randomUUID } from 'node:crypto';
import { retryDelay } from '../../src/retry-delay.js';
import { createServer } from 'node:net';
import {
  ANY,
  DeadlineExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { JSONRecordedEvent } from '@kurrent/kurrentdb-client';
import fc from 'fast-check';
import type { Logger } from 'pino';
import { developmentStream, entityStream } from '../../events/index.js';
import { type NewRow, RECORDED_AT_KEY, planAppends } from '../../src/store/append-plan.js';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../../src/store/errors.js';
import type { AppendRequest, NewEvent, StoredEvent } from '../../src/store/event-store.js';
import { KurrentDbEventStore } from '../../src/store/kurrentdb/kurrentdb-event-store.js';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  exactStreamState,
  fromStreamState,
  planFilter,
  planInputs,
  streamWrites,
  toActualRevision,
  toEventData,
  toMultiStreamEventData,
  toPortError,
  toStoredEvent,
  toStreamState,
} from '../../src/store/kurrentdb/mapping.js';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const newEvent = (data: unknown = { n: 1 }, type = 'A'): NewEvent => ({ id: randomUUID(), type, data });

describe('expected revision <-> stream state', () => {
  it('maps each expectation to the client state and back', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(7)).toBe(7n);
    for (const expected of ['any', 'no_stream', 'exists', 0, 41] as const)
      expect(fromStreamState(toStreamState(expected))).toBe(expected);
  });

  it('refuses revisions that are not non-negative integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => toStreamState(bad)).toThrow(RangeError);
  });

  it('appends with the exact state read, never any', () => {
    expect(exactStreamState(undefined)).toBe(NO_STREAM);
    expect(exactStreamState(3)).toBe(3n);
  });

  it('reads the actual revision of a conflict, deleted streams as no stream', () => {
    expect(toActualRevision(NO_STREAM)).toBe('no_stream');
    expect(toActualRevision(4n)).toBe(4);
    expect(toActualRevision(-5n)).toBe('no_stream');
  });
});

describe('positions', () => {
  it('round-trips every commit/prepare pair through the opaque string', () => {
    fc.assert(
      fc.property(u64, u64, (commit, prepare) => {
        expect(decodePosition(encodePosition({ commit, prepare }))).toEqual({ commit, prepare });
      }),
    );
    expect(encodePosition({ commit: 1024n, prepare: 980n })).toBe('1024/980');
  });

  it('orders by commit, then prepare', () => {
    fc.assert(
      fc.property(u64, u64, u64, u64, (c1, p1, c2, p2) => {
        const expected = c1 !== c2 ? (c1 < c2 ? -1 : 1) : p1 !== p2 ? (p1 < p2 ? -1 : 1) : 0;
        expect(
          Math.sign(
            comparePositions(encodePosition({ commit: c1, prepare: p1 }), encodePosition({ commit: c2, prepare: p2 })),
          ),
        ).toBe(expected);
      }),
    );
    const sorted = ['10/2', '2/100', '10/1', '9/50'].sort(comparePositions);
    expect(sorted).toEqual(['2/100', '9/50', '10/1', '10/2']);
  });

  it('rejects strings that are not positions', () => {
    for (const bad of [
      '',
      '12',
      '1/2/3',
      '-1/2',
      'a/b',
      '1/ 2',
      ' 1/2',
      '1.5/2',
      '18446744073709551616/0',
      '123456789012345678901/1',
    ]) {
      expect(() => decodePosition(bad)).toThrow(RangeError);
    }
  });
});

describe('error mapping', () => {
  it('turns a wrong expected version into a ConcurrencyError against the caller expectation', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'dev-1', expected: 3n, current: 5n });
    const mapped = toPortError(error, [
      { stream: 'dev-0', expectedRevision: 0 },
      { stream: 'dev-1', expectedRevision: 'any' },
    ]);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ stream: 'dev-1', expected: 'any', actual: 5 });
  });

  it('falls back to the state the server reports when the stream is not one of the requests', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'dev-2', expected: NO_STREAM, current: 0n });
    expect(toPortError(error)).toMatchObject({ stream: 'dev-2', expected: 'no_stream', actual: 0 });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'dev-3',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(toPortError(missing)).toMatchObject({ expected: 'exists', actual: 'no_stream' });
  });

  it('names the kind of stream of a conflict the server reports, as every store does', () => {
    const development = developmentStream('d1');
    const error = new WrongExpectedVersionError(undefined, { streamName: development, expected: 0n, current: 1n });
    expect(toPortError(error, [{ stream: development, expectedRevision: 0 }])).toMatchObject({
      stream: development,
      kind: 'development',
    });
    const entity = entityStream('e1');
    const unnamed = new WrongExpectedVersionError(undefined, { streamName: '', expected: NO_STREAM, current: 0n });
    expect(toPortError(unnamed, [{ stream: entity, expectedRevision: 'no_stream' }])).toMatchObject({
      stream: entity,
      kind: 'entity',
    });
  });

  it('turns connection trouble into StoreUnavailableError, keeping the cause', () => {
    const grpcUnavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2113',
    });
    const errors = [
      new UnavailableError(undefined, 'node down'),
      new DeadlineExceededError(undefined, 'deadline'),
      grpcUnavailable,
      new Error('Failed to discover after 10 attempts.'),
    ];
    for (const error of errors) {
      const mapped = toPortError(error);
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect((mapped as Error).cause).toBe(error);
    }
  });

  it('leaves other errors as they are', () => {
    const deleted = StreamDeletedError.fromStreamName('dev-4');
    expect(toPortError(deleted)).toBe(deleted);
    const plain = new TypeError('bad input');
    expect(toPortError(plain)).toBe(plain);
    expect(toPortError('text')).toBe('text');
  });
});

describe('filters', () => {
  const regexOf = (plan: ReturnType<typeof planFilter>) =>
    new RegExp('regex' in plan.server ? plan.server.regex : '(?!)');

  it('excludes system events on the server when nothing is asked', () => {
    const plan = planFilter();
    expect(plan.server).toMatchObject({ filterOn: 'eventType' });
    expect(regexOf(plan).test('$metadata')).toBe(false);
    expect(regexOf(plan).test('DevelopmentRecorded')).toBe(true);
    expect(plan.matches('$statsCollected', '$stats-1')).toBe(false);
  });

  it('filters types on the server with an exact, escaped alternation', () => {
    const plan = planFilter({ types: ['Alpha', 'a.b'] });
    expect(plan.server).toMatchObject({ filterOn: 'eventType' });
    const regex = regexOf(plan);
    expect(['Alpha', 'a.b'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['AlphaBeta', 'axb', 'Alph'].map((t) => regex.test(t))).toEqual([false, false, false]);
  });

  it('sends the stream prefix to the server and checks types here when both are given', () => {
    const plan = planFilter({ types: ['Wanted'], streamPrefix: 'dev-' });
    expect(plan.server).toMatchObject({ filterOn: 'streamName', prefixes: ['dev-'] });
    expect(plan.matches('Wanted', 'dev-1')).toBe(true);
    expect(plan.matches('Unwanted', 'dev-1')).toBe(false);
    expect(plan.matches('Wanted', 'other-dev-1')).toBe(false);
    expect(plan.matches('$metadata', 'dev-1')).toBe(false);
  });

  it('treats empty types and an empty prefix as no filter', () => {
    expect(planFilter({ types: [], streamPrefix: '' }).server).toEqual(planFilter().server);
  });
});

describe('events', () => {
  const recorded = (overrides: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent => ({
    streamId: 'dev-1',
    id: randomUUID(),
    isJson: true,
    revision: 2n,
    type: 'DevelopmentRecorded',
    created: new Date('2025-03-01T10:00:00.123Z'),
    data: { title: 'x' },
    metadata: { recordedBy: 'alice' },
    position: { commit: 500n, prepare: 480n },
    ...overrides,
  });

  it('maps a recorded event, taking recordedAt from the server time by default', () => {
    const event = recorded();
    expect(toStoredEvent(event)).toEqual({
      id: event.id,
      stream: 'dev-1',
      revision: 2,
      type: 'DevelopmentRecorded',
      data: { title: 'x' },
      metadata: { recordedBy: 'alice' },
      recordedAt: '2025-03-01T10:00:00.123Z',
      position: '500/480',
    });
  });

  it('keeps a migrated recordedAt and hides the keys the server adds', () => {
    const event = recorded({
      metadata: { recordedBy: 'bob', recordedAt: '2019-06-30T23:59:59.5Z', '$schema.name': 'DevelopmentRecorded' },
    });
    expect(toStoredEvent(event)).toMatchObject({
      metadata: { recordedBy: 'bob' },
      recordedAt: '2019-06-30T23:59:59.500Z',
    });
    expect(toStoredEvent(recorded({ metadata: { recordedAt: 'yesterday' } })).recordedAt).toBe(
      '2025-03-01T10:00:00.123Z',
    );
    expect(toStoredEvent(recorded({ metadata: undefined })).metadata).toEqual({});
  });

  it('refuses an event without a position', () => {
    expect(() => toStoredEvent(recorded({ position: undefined }))).toThrow(/22\.6/);
  });

  const row = (metadata: Record<string, unknown>): NewRow => ({
    id: randomUUID(),
    stream: 's',
    revision: 0,
    type: 'A',
    data: { n: 1 },
    metadata,
  });

  it('writes JSON events with their id, and metadata only when there is some', () => {
    const event = row({ recordedBy: 'alice' });
    expect(toEventData(event)).toEqual({
      id: event.id,
      contentType: 'application/json',
      type: 'A',
      data: { n: 1 },
      metadata: { recordedBy: 'alice' },
    });
    expect(toEventData({ ...event, metadata: {} }).metadata).toBeUndefined();
  });

  it('refuses non-string metadata for multi-stream appends', () => {
    const event = row({ attempt: 2 });
    expect(() => toMultiStreamEventData(event)).toThrow(TypeError);
    expect(toMultiStreamEventData({ ...event, metadata: { recordedBy: 'alice' } }).metadata).toEqual({
      recordedBy: 'alice',
    });
  });
});

describe('what KurrentDB feeds the shared planner, and what it writes of the plan', () => {
  const dev = (name: string) => developmentStream(name);
  const stored = (stream: string, events: NewEvent[]): StoredEvent[] =>
    events.map((e, i) => ({
      ...e,
      stream,
      revision: i,
      metadata: {},
      recordedAt: `2025-01-0${i + 1}T00:00:00.000Z`,
      position: `${100 + i}/${100 + i}`,
    }));
  /** As the store does: the streams the batch names are read (empty when missing), planned, then written. */
  const plan = (requests: AppendRequest[], current: Record<string, StoredEvent[]> = {}) => {
    const read = new Map(requests.map((r) => [r.stream, current[r.stream] ?? []]));
    const { logged, revisions } = planInputs(requests, read);
    const planned = planAppends(requests, logged, revisions);
    return { ...planned, writes: streamWrites(planned) };
  };
  const expectThrown = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  it('gives the planner the read events with the batch ids, and the last revision of each stream that has events', () => {
    const [kept, other, retried] = [newEvent(), newEvent(), newEvent()];
    const { logged, revisions } = planInputs(
      [
        { stream: dev('a'), events: [retried], expectedRevision: 'any' },
        { stream: dev('b'), events: [newEvent()], expectedRevision: 'no_stream' },
      ],
      new Map([
        [dev('a'), stored(dev('a'), [kept, other, retried])],
        [dev('b'), []],
      ]),
    );
    expect(logged.map((e) => e.id)).toEqual([retried.id]);
    expect(logged[0]).toMatchObject({ stream: dev('a'), revision: 2, position: '102/102' });
    // A stream read empty is left out: the planner takes it as no stream.
    expect([...revisions]).toEqual([[dev('a'), 2]]);
  });

  it('writes a new stream with no_stream and continues one with its exact revision, even under any', () => {
    const existing = [newEvent(), newEvent()];
    const result = plan(
      [
        { stream: dev('a'), events: [newEvent(), newEvent()], expectedRevision: 'no_stream' },
        { stream: dev('b'), events: [newEvent()], expectedRevision: 'any' },
      ],
      { [dev('b')]: stored(dev('b'), existing) },
    );
    expect(result.writes.map((w) => [w.stream, w.state, w.rows.map((r) => r.revision)])).toEqual([
      [dev('a'), NO_STREAM, [0, 1]],
      [dev('b'), 1n, [2]],
    ]);
    expect(result.results).toEqual([
      { kind: 'row', stream: dev('a'), revision: 1, row: 1, duplicate: false },
      { kind: 'row', stream: dev('b'), revision: 2, row: 2, duplicate: false },
    ]);
  });

  it('answers a retry from the stored events, with key order not mattering, and writes nothing', () => {
    const first = newEvent({ b: 2, a: 1 });
    const result = plan(
      [{ stream: dev('c'), events: [{ ...first, data: { a: 1, b: 2 } }], expectedRevision: 'no_stream' }],
      { [dev('c')]: stored(dev('c'), [first]) },
    );
    expect(result.writes).toEqual([]);
    expect(result.results).toEqual([
      {
        kind: 'logged',
        result: {
          stream: dev('c'),
          revision: 0,
          position: '100/100',
          recordedAt: '2025-01-01T00:00:00.000Z',
          duplicate: true,
        },
      },
    ]);
  });

  it('rejects a stored id with other content, or reused after the first event, naming the kind of stream', () => {
    const first = newEvent({ n: 1 });
    const stream = entityStream('e1');
    const current = { [stream]: stored(stream, [first]) };
    const changed = expectThrown(() =>
      plan([{ stream, events: [{ ...first, data: { n: 2 } }], expectedRevision: 'any' }], current),
    );
    expect(changed).toBeInstanceOf(DuplicateEventIdError);
    expect(changed).toMatchObject({ eventId: first.id, stream, kind: 'entity' });
    expect(() => plan([{ stream, events: [newEvent(), first], expectedRevision: 0 }], current)).toThrow(
      DuplicateEventIdError,
    );
  });

  it('rejects a wrong expectation before anything is written, naming the kind of stream', () => {
    const conflict = expectThrown(() =>
      plan(
        [
          { stream: dev('fresh'), events: [newEvent()], expectedRevision: 'no_stream' },
          { stream: dev('taken'), events: [newEvent()], expectedRevision: 'no_stream' },
        ],
        { [dev('taken')]: stored(dev('taken'), [newEvent()]) },
      ),
    );
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect(conflict).toMatchObject({ stream: dev('taken'), expected: 'no_stream', actual: 0, kind: 'development' });
    expect(() => plan([{ stream: dev('gone'), events: [newEvent()], expectedRevision: 'exists' }])).toThrow(
      ConcurrencyError,
    );
  });

  it('merges requests to the same stream into one write, in order, on the revision first read', () => {
    const [e1, e2] = [newEvent(), newEvent()];
    const result = plan([
      { stream: 's', events: [e1], expectedRevision: 'no_stream' },
      { stream: 's', events: [e2], expectedRevision: 0 },
    ]);
    expect(result.writes).toHaveLength(1);
    expect(result.writes[0]).toMatchObject({ stream: 's', state: NO_STREAM });
    expect(result.writes[0]!.rows.map((r) => [r.id, r.revision])).toEqual([
      [e1.id, 0],
      [e2.id, 1],
    ]);
    expect(result.results.map((r) => r.kind === 'row' && r.revision)).toEqual([0, 1]);
  });

  it('treats a repeat within the batch as a duplicate of the pending write, written once', () => {
    const e = newEvent();
    const result = plan([
      { stream: 's', events: [e], expectedRevision: 'no_stream' },
      { stream: 's', events: [{ ...e }], expectedRevision: 'no_stream' },
    ]);
    expect(result.writes[0]!.rows).toHaveLength(1);
    expect(result.results[1]).toEqual({ kind: 'row', stream: 's', revision: 0, row: 0, duplicate: true });
    expect(() =>
      plan([
        { stream: 's', events: [e], expectedRevision: 'no_stream' },
        { stream: 't', events: [e], expectedRevision: 'no_stream' },
      ]),
    ).toThrow(DuplicateEventIdError);
  });

  it("puts a migrated event's time back into the metadata it writes, as reads expect it", () => {
    const event: NewEvent = {
      ...newEvent(),
      metadata: { recordedBy: 'alice', [RECORDED_AT_KEY]: '2019-06-30T23:59:59.5Z' },
    };
    const [write] = plan([{ stream: 's', events: [event], expectedRevision: 'no_stream' }]).writes;
    expect(write!.rows[0]).toMatchObject({ metadata: { recordedBy: 'alice' }, claimedAt: '2019-06-30T23:59:59.500Z' });
    expect(toEventData(write!.rows[0]!).metadata).toEqual({
      recordedBy: 'alice',
      [RECORDED_AT_KEY]: '2019-06-30T23:59:59.500Z',
    });
  });

  it('refuses an empty append', () => {
    expect(() => plan([{ stream: 's', events: [], expectedRevision: 'any' }])).toThrow(RangeError);
  });
});

it('backs off exponentially up to a cap (the one backoff every store uses)', () => {
  const full = () => 1;
  expect([1, 2, 3, 4, 11, 21].map((n) => retryDelay(n, 100, 5_000, full))).toEqual([100, 200, 400, 800, 5_000, 5_000]);
});

describe('KurrentDbEventStore where no server listens', () => {
  let url: string;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    url = `kurrentdb://127.0.0.1:${port}?tls=false&maxDiscoverAttempts=1`;
  });

  it('fails readiness and appends with StoreUnavailableError, and refuses work once closed', async () => {
    const store = new KurrentDbEventStore(url, { checkTimeoutMs: 2_000 });
    await expect(store.check()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.append('s', [newEvent()], 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.head()).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    await expect(store.check()).rejects.toThrow('closed');
  });

  it('keeps a subscription retrying until it is closed', async () => {
    const failures: unknown[] = [];
    const log = { error: (fields: unknown) => failures.push(fields), warn: () => undefined } as unknown as Logger;
    const store = new KurrentDbEventStore(url, { pollMs: 50, log });
    const subscription = store.subscribe({ filter: { streamPrefix: 'dev-' } });
    const ended = (async () => {
      for await (const event of subscription) return event;
      return 'ended';
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The shared follow loop's faults: the failing read is logged, and retried rather than thrown.
    expect(failures[0]).toMatchObject({ attempts: 1 });
    subscription.close();
    await expect(ended).resolves.toBe('ended');
    await store.close();
  });
});

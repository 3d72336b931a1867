import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { checkDevelopment } from '../../events/index.js';
import type { AnyProjection } from '../../projections/index.js';
import { openReadModel, type ReadModelParts } from '../../src/views/build/open-read-model.js';
import type { EventStore } from '../../src/store/event-store.js';
import { SqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { ViewReader, type RowQuery } from '../../src/views/read/view-reader.js';
import type { ViewRow } from '../../src/views/read/view-rows.js';
import { entities } from './fixtures.js';
import { tempDir } from './temp-dir.js';

export type Step =
  | { record: Record<string, unknown> }
  | { correct: string; changes: Record<string, unknown> }
  | { retract: string };

/**
 * A real event store and read model in a temp directory, for stories about the views:
 * given these developments (recorded in this order), as of this date, then this view.
 * The clock advances one second per write, so every write has its own transaction time.
 */
export class World {
  private constructor(
    readonly store: EventStore,
    public parts: ReadModelParts,
    private readonly cleanup: () => void,
    readonly file: string,
    readonly dir: string,
  ) {}

  static async open(): Promise<World> {
    const dir = tempDir('world');
    let tick = Date.parse('2030-01-01T00:00:00Z');
    const store = new SqliteEventStore(join(dir.path, 'events.db'), {
      clock: () => {
        tick += 1000;
        return new Date(tick);
      },
    });
    const file = join(dir.path, 'read-model.db');
    const parts = openReadModel(file, store);
    parts.readModel.start();
    const world = new World(store, parts, dir.cleanup, file, dir.path);
    for (const entity of [
      ...entities,
      { entityId: 'org:samsung', kind: 'organisation', name: 'Samsung', homeCountry: 'KR' },
      { entityId: 'org:ymtc', kind: 'organisation', name: 'YMTC', homeCountry: 'CN' },
    ]) {
      await store.append(
        `entity-${entity.entityId}`,
        [{ id: randomUUID(), type: 'EntityRegistered', data: entity }],
        'no_stream',
      );
    }
    await world.settle();
    await parts.ready();
    return world;
  }

  /** Records the steps in order; returns the transaction time of each. */
  async given(...steps: Step[]): Promise<string[]> {
    const times: string[] = [];
    for (const step of steps) {
      if ('record' in step) {
        const checked = checkDevelopment(step.record);
        if (!checked.ok) throw new Error(`invalid fixture: ${JSON.stringify(checked.errors)}`);
        const id = checked.value.id ?? randomUUID();
        times.push(
          (
            await this.store.append(
              `development-${id}`,
              [{ id, type: checked.value.type, data: checked.value.body }],
              'no_stream',
            )
          ).recordedAt,
        );
      } else if ('correct' in step) {
        times.push(
          (
            await this.store.append(
              `development-${step.correct}`,
              [
                {
                  id: randomUUID(),
                  type: 'DevelopmentCorrected',
                  data: { changes: step.changes, reason: 'corrected' },
                },
              ],
              'exists',
            )
          ).recordedAt,
        );
      } else {
        times.push(
          (
            await this.store.append(
              `development-${step.retract}`,
              [{ id: randomUUID(), type: 'DevelopmentRetracted', data: { reason: 'retracted' } }],
              'exists',
            )
          ).recordedAt,
        );
      }
    }
    await this.settle();
    return times;
  }

  async settle(): Promise<void> {
    await this.parts.readModel.catchUp();
  }

  /** The view as of `asOf` (and `knownAt`, `publishedBy`), keyed by row key. */
  view(name: string, filter: Partial<RowQuery> & { asOf: string }): Map<string, ViewRow> {
    const rows = new ViewReader(this.parts.views).page(name, { limit: 10_000, ...filter }).rows;
    const view = new Map(rows.map((r) => [r.key, r]));
    if (view.size !== rows.length) throw new Error(`${name} as of ${filter.asOf} has more than one row for a key`);
    return view;
  }

  /** Closes the read model and opens it again on the same file with other view definitions (not started). */
  async reopen(projections: readonly AnyProjection[]): Promise<ReadModelParts> {
    await this.parts.readModel.stop();
    this.parts.readModel.close();
    this.parts = openReadModel(this.file, this.store, undefined, projections);
    return this.parts;
  }

  async close(): Promise<void> {
    await this.parts.readModel.stop();
    this.parts.readModel.close();
    await this.store.close();
    this.cleanup();
  }
}

const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };

export const facility = (
  type: string,
  date: string,
  data: Record<string, unknown> = {},
  id: string = randomUUID(),
) => ({
  id,
  type,
  date,
  summary: `${type} ${date}`,
  subjects: ['org:byd'],
  sources: [source],
  data: { facilityId: 'byd-szeged', owner: 'org:byd', kind: 'plant', country: 'HU', ...data },
});

export const policy = (date: string, data: Record<string, unknown> = {}, id: string = randomUUID()) => ({
  id,
  type: 'PolicyIssued',
  date,
  summary: `policy ${date}`,
  subjects: ['gov:cn'],
  sources: [source],
  data: {
    policyId: 'fyp-15',
    title: '15th Five-Year Plan',
    issuer: 'gov:cn',
    kind: 'plan',
    jurisdiction: ['CN'],
    ...data,
  },
});

export const figure = (
  series: string,
  period: string,
  value: number,
  id: string = randomUUID(),
  data: Record<string, unknown> = {},
) => ({
  id,
  type: 'InvestmentReported',
  date: period,
  summary: `${series} ${period}`,
  subjects: ['country:CN'],
  sources: [source],
  data: {
    series,
    measure: 'flow',
    label: 'outward direct investment flow',
    period,
    value: { value, currency: 'USD', unit: 'million' },
    investor: 'country:CN',
    ...data,
  },
});

export const licence = (date: string, data: Record<string, unknown> = {}, id: string = randomUUID()) => ({
  id,
  type: 'LicensingDealSigned',
  date,
  summary: `licence ${date}`,
  subjects: ['org:ymtc', 'org:samsung'],
  sources: [source],
  data: {
    dealId: 'ymtc-samsung-hybrid-bonding',
    licensor: 'org:ymtc',
    licensee: 'org:samsung',
    technology: 'hybrid bonding',
    ...data,
  },
});

/** An acquisition of `target` by `acquirer` (announced or completed), with its sources. */
export const acquisition = (
  type: string,
  date: string,
  acquirer: string,
  target: string,
  sources: readonly Record<string, unknown>[] = [source],
) => ({
  id: randomUUID(),
  type,
  date,
  summary: `${acquirer} buys ${target}`,
  subjects: [acquirer, target],
  sources,
  data: { acquisitionId: `${acquirer.slice(4)}-${target.slice(4)}`, acquirer, target },
});

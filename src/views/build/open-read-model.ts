import type { Logger } from 'pino';
import { PROJECTIONS, type AnyProjection } from '../../../projections/index.js';
import { DevelopmentsTable } from '../../read-model/developments-table.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { eventsBehind } from '../../health/lag.js';
import { ReadModel } from '../../read-model/read-model.js';
import type { EventStore } from '../../store/event-store.js';
import { buildViews, type BuildProgress } from './view-build.js';
import { ViewEngine } from './view-engine.js';

export interface ReadModelParts {
  readModel: ReadModel;
  entities: EntitiesTable;
  views: ViewEngine;
  /**
   * Resolves once the read model has caught up with the log and every view definition new to it
   * has been built from the development history (the views answer 503 until then).
   */
  ready(onProgress?: (progress: BuildProgress) => void, signal?: AbortSignal): Promise<void>;
  /**
   * Starts following the log. A read model far behind it (at least BULK_MIN events, and at least
   * as many as the developments it holds) has its views built after the catch-up in one pass, as
   * `rebuild` does, rather than folded development by development; they answer 503 meanwhile.
   */
  start(): Promise<void>;
  /**
   * Before `incoming` developments arrive at once (an import): when they are at least BULK_MIN and
   * at least as many as the read model holds, the views are set to be built after them in one
   * pass (`ready()` builds them). True when it did so.
   */
  deferViews(incoming: number): boolean;
}

/** Developments arriving at once from which the views are built after them in one pass rather than one by one. */
export const BULK_MIN = 1_000;

/** A read model with all its parts: entities, developments (with their history), and the views they feed. */
export function openReadModel(
  file: string,
  store: EventStore,
  log?: Logger,
  projections: readonly AnyProjection[] = PROJECTIONS,
): ReadModelParts {
  const readModel = new ReadModel(file, store, log);
  const entities = new EntitiesTable(readModel.db);
  const views = new ViewEngine(readModel.db, projections, entities.homeCountry, log, entities.parentOf);
  const developments = new DevelopmentsTable(readModel.db, entities.homeCountry);
  developments.onVersion((version) => views.applyVersion(version));
  readModel.register(entities);
  readModel.register({
    apply: () => undefined,
    beforeBatch: () => views.beforeBatch(),
    health: () => {
      const { building, unserved, setAside, items } = views.health();
      const counts = Object.entries(setAside).map(([view, n]) => `${n} in ${view}`);
      const detail = [
        unserved.length ? `not answering until built: ${unserved.join(', ')}` : undefined,
        building.length ? `being built: ${building.join(', ')}` : undefined,
        counts.length ? `developments set aside (a view could not fold them): ${counts.join(', ')}` : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      return {
        name: 'views',
        // A view still being built for the first time answers nothing current: not ready, not degraded.
        status: unserved.length ? 'failed' : detail ? 'degraded' : 'ok',
        ...(detail ? { detail } : {}),
        ...(items.length ? { items } : {}),
      };
    },
  });
  readModel.register(developments);
  // A read model built from nothing is derived from the log: it skips the syncs until it is built. A
  // process crash meanwhile is harmless (WAL); an OS crash may damage the file, which readiness then
  // reports, and removing it has it built again.
  let fresh = readModel.checkpoint === undefined;
  if (fresh) readModel.skipSyncs();
  const deferViews = (incoming: number): boolean => {
    if (incoming < BULK_MIN || incoming < developments.count()) return false;
    const live = projections.filter((p) => views.servingVw(p.name) !== undefined);
    if (live.length === 0) return true;
    log?.info({ incoming, views: live.map((p) => p.name) }, 'views built after the catch-up, in one pass');
    views.markForBuild(live);
    return true;
  };
  // Whether the read model is far behind the log is asked once, before it first follows it.
  let checked: Promise<void> | undefined;
  const start = async (): Promise<void> => {
    checked ??= (async () => {
      try {
        const head = await store.head();
        // A log whose positions are not counts is read to count: at most BULK_MIN events unless the
        // read model is at least that far behind, then at most as many as it holds.
        const behind = await eventsBehind(store, readModel.checkpoint, head, BULK_MIN);
        if (behind >= BULK_MIN)
          deferViews(await eventsBehind(store, readModel.checkpoint, head, Math.max(BULK_MIN, developments.count())));
      } catch (error) {
        // The log cannot be read now: the read model follows it when it can, applying as it comes;
        // readiness says why meanwhile.
        log?.warn({ err: error }, 'could not tell how far the read model is behind the log');
      }
    })();
    await checked;
    readModel.start();
  };
  let building: Promise<void> | undefined;
  const ready = (onProgress?: (progress: BuildProgress) => void, signal?: AbortSignal): Promise<void> => {
    building ??= (async () => {
      await start();
      await readModel.catchUp();
      // Views may be set for building while a build runs: build until none is left. Views being built
      // answer nothing and are derived from the log: their writes skip the syncs (12-15 % of a
      // rebuild); should the machine crash meanwhile, the next start finds the file unchecked (no
      // clean close), checks it, and builds it again if it is damaged.
      while (views.pending().length > 0) {
        readModel.skipSyncs();
        try {
          await buildViews(views, views.pending(), { onProgress, log, signal });
        } finally {
          if (!fresh) await readModel.syncAgain();
        }
      }
      await views.dropRetired(signal);
      // The footprint's counts over time, made again for the views that answer now.
      await views.countFootprint(signal);
      if (fresh) {
        await readModel.syncAgain();
        fresh = false;
      }
    })().finally(() => {
      building = undefined;
    });
    return building;
  };
  return { readModel, entities, views, ready, start, deferViews };
}

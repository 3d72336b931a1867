import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../config.js';
import type { SetAsideFile } from '../read-model/open-file.js';
import { type PartHealth, ReadModel, type ReadModelFault } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore, type Position } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';
import { eventsBehind } from './lag.js';
import { type StorageFault, StorageFaults } from './storage-faults.js';

export interface ReadinessReport {
  /** `degraded`: current answers, but a part set something aside; `unavailable`: answers may not be current. */
  status: 'ready' | 'degraded' | 'unavailable';
  head: Position | null;
  /** The read model's checkpoint. */
  readModel: Position | null;
  checks: {
    store: { status: 'ok' | 'failed'; detail?: string };
    readModel: {
      status: 'ok' | 'lagging' | 'failed';
      checkpoint: Position | null;
      lag: number;
      maxLag: number;
      fault?: ReadModelFault;
      /** A damaged read-model file moved aside at start (the read model was built anew from the log). */
      setAside?: SetAsideFile;
    };
    parts: PartHealth[];
    damage: readonly StorageFault[];
  };
}

/** Whether the service can give current answers, part by part. */
@Injectable()
export class Readiness {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    private readonly faults: StorageFaults,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async report(): Promise<ReadinessReport> {
    const maxLag = this.config.readyMaxLag;
    let head: Position | undefined;
    let store: ReadinessReport['checks']['store'] = { status: 'ok' };
    try {
      await this.store.check();
      head = await this.store.head();
    } catch (error) {
      store = { status: 'failed', detail: (error as Error).message };
    }
    const health = this.readModel.health();
    const lag = store.status === 'ok' ? await this.lag(maxLag + 1, head) : 0;
    const fault = health.fault ?? this.checkpointFault();
    const readModel = {
      status: fault ? ('failed' as const) : lag > maxLag ? ('lagging' as const) : ('ok' as const),
      checkpoint: health.checkpoint,
      lag,
      maxLag,
      ...(fault ? { fault } : {}),
      ...(health.setAside ? { setAside: health.setAside } : {}),
    };
    const damage = this.faults.list();
    const ready =
      store.status === 'ok' &&
      readModel.status === 'ok' &&
      damage.length === 0 &&
      health.parts.every((p) => p.status !== 'failed');
    return {
      status: !ready
        ? 'unavailable'
        : health.setAside || health.parts.some((p) => p.status === 'degraded')
          ? 'degraded'
          : 'ready',
      head: head ?? null,
      readModel: health.checkpoint,
      checks: { store, readModel, parts: health.parts, damage },
    };
  }

  /** Events the read model is behind the log (whose head is read unless given), counted up to `cap`. */
  async lag(cap: number, head?: Position): Promise<number> {
    return eventsBehind(this.store, this.readModel.checkpoint, head ?? (await this.store.head()), cap);
  }

  /** Reads the read model's own file, which may be damaged even while nothing is being applied. */
  private checkpointFault(): ReadModelFault | undefined {
    try {
      this.readModel.db.prepare('SELECT count(*) FROM checkpoint').get();
      return undefined;
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      return { message, ...(code ? { code } : {}), since: new Date().toISOString(), attempts: 1 };
    }
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Config } from '../../config.js';
import { invalid, Rejection, unknownSubjects } from '../../errors/rejection.js';
import { fromStoreError } from '../../errors/store-errors.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { ReadModel } from '../../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { CONFIG } from '../../tokens.js';
import { ServiceCounters } from '../../health/service-counters.js';

import { type CheckedDevelopment, checkDevelopments, developmentAppend } from './check-developments.js';

export const MAX_BATCH = 1000;

export interface RecordedDevelopment {
  id: string;
  revision: number;
  position: string;
  recordedAt: string;
  /** True when this exact development was already recorded: nothing new was stored. */
  duplicate: boolean;
}

export interface RecordedBatch {
  results: RecordedDevelopment[];
  /** False when the batch is stored but the views did not show it yet when it was answered. */
  viewsCurrent: boolean;
}

export class RecordDevelopments extends Command<RecordedBatch> {
  constructor(
    readonly items: unknown[],
    readonly principal: string,
  ) {
    super();
  }
}

/** Records developments all-or-nothing: one invalid item rejects the batch with every item's errors. */
@CommandHandler(RecordDevelopments)
export class RecordDevelopmentsHandler implements ICommandHandler<RecordDevelopments> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entities: EntitiesTable,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) private readonly config: Config,
    private readonly counters: ServiceCounters,
  ) {}

  async execute({ items, principal }: RecordDevelopments): Promise<RecordedBatch> {
    if (items.length === 0)
      throw invalid([{ path: '(body)', code: 'too_small', message: 'a batch needs at least one development' }]);
    if (items.length > MAX_BATCH) {
      throw new Rejection('BATCH_TOO_LARGE', `a batch holds at most ${MAX_BATCH} developments, got ${items.length}`);
    }
    const developments = await this.validate(items);
    const requests = developments.map((development) => developmentAppend(development, principal));
    const results = await this.store.appendMany(requests).catch((error: unknown) => {
      throw fromStoreError(error, { ids: developments.map((d) => d.id) });
    });
    this.counters.developmentsAppended.inc(results.filter((r) => !r.duplicate).length);
    const viewsCurrent = await this.readModel.reached(
      results[results.length - 1]!.position,
      this.config.writeAckWaitMs,
    );
    return {
      results: results.map((r, i) => ({
        id: developments[i]!.id,
        revision: r.revision,
        position: r.position,
        recordedAt: r.recordedAt,
        duplicate: r.duplicate,
      })),
      viewsCurrent,
    };
  }

  private async validate(items: unknown[]): Promise<CheckedDevelopment[]> {
    const { developments, errors, unknown } = await checkDevelopments(items, this.entities, this.store);
    if (errors.length > 0) {
      if (unknown.length > 0 && errors.every((e) => e.code === 'unknown_subject'))
        throw unknownSubjects(unknown, errors);
      throw invalid(errors);
    }
    return developments.filter((d) => d !== undefined);
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EntityRegistered, toFieldErrors, entityStream } from '../../events/index.js';
import type { Config } from '../config.js';
import { invalid, type ItemError } from '../errors/rejection.js';
import { fromStoreError } from '../errors/store-errors.js';
import { uuidFromName } from '../ids.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../store/event-store.js';
import { CONFIG } from '../tokens.js';

export interface RegisteredEntity {
  entityId: string;
  position: string;
  duplicate: boolean;
}

export interface RegisteredBatch {
  results: RegisteredEntity[];
  /** False when the entities are stored but the read model did not show them yet when answered. */
  viewsCurrent: boolean;
}

export class RegisterEntities extends Command<RegisteredBatch> {
  constructor(
    readonly items: unknown[],
    readonly principal: string,
  ) {
    super();
  }
}

/** Registers organisations and governments, all-or-nothing; registering the same entity again is a no-op. */
@CommandHandler(RegisterEntities)
export class RegisterEntitiesHandler implements ICommandHandler<RegisterEntities> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
    private readonly registry: EntitiesTable,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ items, principal }: RegisterEntities): Promise<RegisteredBatch> {
    if (items.length === 0) throw invalid([{ path: '(body)', code: 'too_small', message: 'send at least one entity' }]);
    const errors: ItemError[] = [];
    const entities = items.map((item, index) => {
      const parsed = EntityRegistered.safeParse(item);
      if (!parsed.success) errors.push(...toFieldErrors(parsed.error).map((e) => ({ ...e, index })));
      return parsed.data;
    });
    // A parent is registered already, or in the same batch.
    const batch = new Set(entities.map((e) => e?.entityId));
    entities.forEach((entity, index) => {
      if (entity?.parent && !batch.has(entity.parent) && this.registry.unknown([entity.parent]).length > 0) {
        errors.push({
          index,
          path: 'parent',
          code: 'unknown_subject',
          message: `${entity.parent} is not a registered entity`,
        });
      }
    });
    if (errors.length > 0) throw invalid(errors);
    const requests = entities.map((entity) => ({
      stream: entityStream(entity!.entityId),
      events: [
        {
          id: uuidFromName(`entity:${entity!.entityId}`),
          type: 'EntityRegistered',
          data: entity,
          metadata: { recordedBy: principal },
        },
      ],
      expectedRevision: 'no_stream' as const,
    }));
    const results = await this.store.appendMany(requests).catch((error: unknown) => {
      throw fromStoreError(error);
    });
    const viewsCurrent = await this.readModel.reached(
      results[results.length - 1]!.position,
      this.config.writeAckWaitMs,
    );
    return {
      results: results.map((r, i) => ({
        entityId: entities[i]!.entityId,
        position: r.position,
        duplicate: r.duplicate,
      })),
      viewsCurrent,
    };
  }
}

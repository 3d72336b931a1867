import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import { EntityRegistered, entityStream, toFieldErrors } from '../../events/index.js';
import type { Config } from '../config.js';
import { invalid, type ItemError } from '../errors/rejection.js';
import { fromStoreError } from '../errors/store-errors.js';
import { uuidFromName } from '../ids.js';
import { EntitiesTable } from '../read-model/entities-table.js';
import { ReadModel } from '../read-model/read-model.js';
import { type AppendRequest, EVENT_STORE, type EventStore } from '../store/event-store.js';
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

export type Entity = z.infer<typeof EntityRegistered>;

/** Checks entities as one batch: each against its schema, and each parent registered or in the batch. */
export function checkEntities(
  items: unknown[],
  registry: EntitiesTable,
): { entities: (Entity | undefined)[]; errors: ItemError[] } {
  const errors: ItemError[] = [];
  const entities = items.map((item, index) => {
    const parsed = EntityRegistered.safeParse(item);
    if (!parsed.success) errors.push(...toFieldErrors(parsed.error).map((e) => ({ ...e, index })));
    return parsed.data;
  });
  const batch = new Set(entities.map((e) => e?.entityId));
  entities.forEach((entity, index) => {
    if (entity?.parent && !batch.has(entity.parent) && registry.unknown([entity.parent]).length > 0) {
      errors.push({
        index,
        path: 'parent',
        code: 'unknown_subject',
        message: `${entity.parent} is not a registered entity`,
      });
    }
  });
  return { entities, errors };
}

/** The append that registers an entity; its event id follows from its id, so registering it again is a retry. */
export function entityAppend(entity: Entity, recordedBy: string): AppendRequest {
  return {
    stream: entityStream(entity.entityId),
    events: [
      {
        id: uuidFromName(`entity:${entity.entityId}`),
        type: 'EntityRegistered',
        data: entity,
        metadata: { recordedBy },
      },
    ],
    expectedRevision: 'no_stream',
  };
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
    const { entities, errors } = checkEntities(items, this.registry);
    if (errors.length > 0) throw invalid(errors);
    const requests = entities.map((entity) => entityAppend(entity!, principal));
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

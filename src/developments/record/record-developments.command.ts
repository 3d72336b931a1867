import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  checkDevelopment,
  referencesOf,
  type DevelopmentBody,
  type DevelopmentType,
  developmentStream,
} from '../../../events/index.js';
import type { Config } from '../../config.js';
import { unregistered } from '../../entities/registered.js';
import { invalid, Rejection, unknownSubjects, type ItemError } from '../../errors/rejection.js';
import { fromStoreError } from '../../errors/store-errors.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { ReadModel } from '../../read-model/read-model.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { CONFIG } from '../../tokens.js';

export const MAX_BATCH = 1000;
export const MAX_EVENT_BYTES = 1024 * 1024;

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

/** Refuses a development (or correction) over 1 MiB of JSON: EVENT_TOO_LARGE, naming the item of a batch. */
export function checkEventSize(value: unknown, what: string, index?: number): void {
  if (Buffer.byteLength(JSON.stringify(value ?? null)) <= MAX_EVENT_BYTES) return;
  throw new Rejection('EVENT_TOO_LARGE', `${what} is larger than 1 MiB`, {
    errors: [
      {
        ...(index === undefined ? {} : { index }),
        path: '(body)',
        code: 'too_big',
        message: 'a development is at most 1 MiB of JSON',
      },
    ],
  });
}

/** Records developments all-or-nothing: one invalid item rejects the batch with every item's errors. */
@CommandHandler(RecordDevelopments)
export class RecordDevelopmentsHandler implements ICommandHandler<RecordDevelopments> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly entities: EntitiesTable,
    private readonly readModel: ReadModel,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ items, principal }: RecordDevelopments): Promise<RecordedBatch> {
    if (items.length === 0)
      throw invalid([{ path: '(body)', code: 'too_small', message: 'a batch needs at least one development' }]);
    if (items.length > MAX_BATCH) {
      throw new Rejection('BATCH_TOO_LARGE', `a batch holds at most ${MAX_BATCH} developments, got ${items.length}`);
    }
    const developments = await this.validate(items);
    const requests = developments.map(({ id, type, body }) => ({
      stream: developmentStream(id),
      events: [{ id, type, data: body, metadata: { recordedBy: principal } }],
      expectedRevision: 'no_stream' as const,
    }));
    const results = await this.store.appendMany(requests).catch((error: unknown) => {
      throw fromStoreError(error, { ids: developments.map((d) => d.id) });
    });
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

  private async validate(items: unknown[]): Promise<{ id: string; type: DevelopmentType; body: DevelopmentBody }[]> {
    const errors: ItemError[] = [];
    const seen = new Map<string, number>();
    const developments = items.map((item, index) => {
      checkEventSize(item, `development ${index}`, index);
      const checked = checkDevelopment(item);
      if (!checked.ok) {
        errors.push(...checked.errors.map((e) => ({ ...e, index })));
        return undefined;
      }
      const id = checked.value.id ?? randomUUID();
      if (seen.has(id))
        errors.push({ index, path: 'id', code: 'duplicate', message: `same id as item ${seen.get(id)}` });
      seen.set(id, index);
      return { ...checked.value, id };
    });
    const valid = developments.filter((d) => d !== undefined);
    const unknown = new Set(
      await unregistered(
        this.entities,
        this.store,
        valid.flatMap((d) => referencesOf(d.body)),
      ),
    );
    developments.forEach((development, index) => {
      for (const ref of development ? referencesOf(development.body) : []) {
        if (unknown.has(ref))
          errors.push({
            index,
            path: pathOf(development!.body, ref),
            code: 'unknown_subject',
            message: `${ref} is not a registered entity`,
          });
      }
    });
    if (errors.length > 0) {
      if (unknown.size > 0 && errors.every((e) => e.code === 'unknown_subject'))
        throw unknownSubjects([...unknown], errors);
      throw invalid(errors);
    }
    return valid;
  }
}

/** Where a reference appears, for the error's path: `subjects.2` or `data.licensor`. */
export function pathOf(body: DevelopmentBody, ref: string): string {
  const inSubjects = body.subjects.indexOf(ref);
  if (inSubjects >= 0) return `subjects.${inSubjects}`;
  for (const [key, value] of Object.entries(body.data)) {
    if (value === ref) return `data.${key}`;
    if (Array.isArray(value) && value.includes(ref)) return `data.${key}.${value.indexOf(ref)}`;
  }
  return 'data';
}

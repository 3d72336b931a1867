import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { checkDevelopment, referencesOf, type DevelopmentBody, type DevelopmentType } from '../../../events/index.js';
import { conflict, Problem, unknownSubjects, validationFailed, type ItemError } from '../../errors/problems.js';
import { EntitiesTable } from '../../read-model/entities-table.js';
import { ReadModel } from '../../read-model/read-model.js';
import { DuplicateEventIdError } from '../../store/errors.js';
import { EVENT_STORE, type EventStore } from '../../store/event-store.js';
import { DEVELOPMENT_STREAM } from '../../read-model/developments-table.js';

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

export class RecordDevelopments extends Command<RecordedDevelopment[]> {
  constructor(readonly items: unknown[], readonly principal: string) {
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
  ) {}

  async execute({ items, principal }: RecordDevelopments): Promise<RecordedDevelopment[]> {
    if (items.length === 0) throw validationFailed([{ path: '(body)', code: 'too_small', message: 'a batch needs at least one development' }]);
    if (items.length > MAX_BATCH) {
      throw new Problem(413, 'BATCH_TOO_LARGE', 'Payload too large', `a batch holds at most ${MAX_BATCH} developments, got ${items.length}`);
    }
    const developments = this.validate(items);
    const requests = developments.map(({ id, type, body }) => ({
      stream: `${DEVELOPMENT_STREAM}${id}`,
      events: [{ id, type, data: body, metadata: { recordedBy: principal } }],
      expectedRevision: 'no_stream' as const,
    }));
    try {
      const results = await this.store.appendMany(requests);
      await this.readModel.waitFor(results[results.length - 1]!.position);
      return results.map((r, i) => ({ id: developments[i]!.id, revision: r.revision, position: r.position, recordedAt: r.recordedAt, duplicate: r.duplicate }));
    } catch (error) {
      if (error instanceof DuplicateEventIdError) {
        const index = developments.findIndex((d) => d.id === error.eventId);
        throw conflict('ID_CONFLICT', `development ${error.eventId} is already recorded with different content`, {
          errors: [{ index, path: 'id', code: 'conflict', message: 'this id is already recorded with different content' }],
        });
      }
      throw error;
    }
  }

  private validate(items: unknown[]): { id: string; type: DevelopmentType; body: DevelopmentBody }[] {
    const errors: ItemError[] = [];
    const unknown = new Set<string>();
    const seen = new Map<string, number>();
    const developments = items.map((item, index) => {
      if (Buffer.byteLength(JSON.stringify(item ?? null)) > MAX_EVENT_BYTES) {
        throw new Problem(413, 'EVENT_TOO_LARGE', 'Payload too large', `development ${index} is larger than 1 MiB`, {
          errors: [{ index, path: '(body)', code: 'too_big', message: 'a development is at most 1 MiB of JSON' }],
        });
      }
      const checked = checkDevelopment(item);
      if (!checked.ok) {
        errors.push(...checked.errors.map((e) => ({ ...e, index })));
        return undefined;
      }
      const id = checked.value.id ?? randomUUID();
      if (seen.has(id)) errors.push({ index, path: 'id', code: 'duplicate', message: `same id as item ${seen.get(id)}` });
      seen.set(id, index);
      for (const ref of this.entities.unknown(referencesOf(checked.value.body))) {
        unknown.add(ref);
        errors.push({ index, path: pathOf(checked.value.body, ref), code: 'unknown_subject', message: `${ref} is not a registered entity` });
      }
      return { ...checked.value, id };
    });
    if (errors.length > 0) {
      if (unknown.size > 0 && errors.every((e) => e.code === 'unknown_subject')) throw unknownSubjects([...unknown], errors);
      throw validationFailed(errors);
    }
    return developments as { id: string; type: DevelopmentType; body: DevelopmentBody }[];
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

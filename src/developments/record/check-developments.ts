import { randomUUID } from 'node:crypto';
import {
  checkDevelopment,
  developmentStream,
  referencesOf,
  type DevelopmentBody,
  type DevelopmentType,
} from '../../../events/index.js';
import { unregistered } from '../../entities/registered.js';
import { Rejection, type ItemError } from '../../errors/rejection.js';
import type { EntitiesTable } from '../../read-model/entities-table.js';
import type { AppendRequest, EventStore } from '../../store/event-store.js';

export const MAX_EVENT_BYTES = 1024 * 1024;

export interface CheckedDevelopment {
  id: string;
  type: DevelopmentType;
  body: DevelopmentBody;
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

/**
 * Checks developments as one batch, the same way for a request and for an import: each item against
 * the catalogue, ids unique in the batch, and every organisation or government it names registered
 * (or among `registering`, entities about to be registered with it). `idOf` gives an item without
 * an id its id. Returns each item checked (undefined where it failed), every error by index, and the
 * references that name no registered entity.
 */
export async function checkDevelopments(
  items: unknown[],
  entities: EntitiesTable,
  store: EventStore,
  options: { registering?: Set<string>; idOf?: (item: unknown) => string } = {},
): Promise<{ developments: (CheckedDevelopment | undefined)[]; errors: ItemError[]; unknown: string[] }> {
  const errors: ItemError[] = [];
  const seen = new Map<string, number>();
  const developments = items.map((item, index) => {
    checkEventSize(item, `development ${index}`, index);
    const checked = checkDevelopment(item);
    if (!checked.ok) {
      errors.push(...checked.errors.map((e) => ({ ...e, index })));
      return undefined;
    }
    const id = checked.value.id ?? options.idOf?.(item) ?? randomUUID();
    if (seen.has(id)) errors.push({ index, path: 'id', code: 'duplicate', message: `same id as item ${seen.get(id)}` });
    seen.set(id, index);
    return { ...checked.value, id };
  });
  const named = developments.flatMap((d) => (d ? referencesOf(d.body) : []));
  const unknown = new Set(
    await unregistered(
      entities,
      store,
      named.filter((ref) => !options.registering?.has(ref)),
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
  return { developments, errors, unknown: [...unknown] };
}

/** The append that records a development, with who recorded it. */
export function developmentAppend({ id, type, body }: CheckedDevelopment, recordedBy: string): AppendRequest {
  return {
    stream: developmentStream(id),
    events: [{ id, type, data: body, metadata: { recordedBy } }],
    expectedRevision: 'no_stream',
  };
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

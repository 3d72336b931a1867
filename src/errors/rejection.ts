import type { FieldError } from '../../events/index.js';

/** A field error within one item of a batch. */
export interface ItemError extends FieldError {
  index: number;
}

/** Why a command was refused. The HTTP status for each code is chosen at the edge (`to-problem.ts`). */
export type RejectionCode =
  | 'VALIDATION_FAILED'
  | 'UNKNOWN_SUBJECT'
  | 'EVENT_TOO_LARGE'
  | 'BATCH_TOO_LARGE'
  | 'NOT_FOUND'
  | 'ID_CONFLICT'
  | 'ENTITY_EXISTS'
  | 'DEVELOPMENT_RETRACTED'
  | 'CONCURRENCY_CONFLICT'
  | 'REVISION_MISMATCH'
  | 'IMPORT_REJECTED';

/** A refused command as a value: a stable code, what to tell the client, and the failing fields. */
export class Rejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly details: { errors?: FieldError[] | ItemError[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const invalid = (errors: FieldError[] | ItemError[], message?: string) =>
  new Rejection(
    'VALIDATION_FAILED',
    message ??
      `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation: ${errors.map((e) => e.path).join(', ')}`,
    { errors },
  );

export const unknownSubjects = (refs: string[], errors: FieldError[] | ItemError[]) =>
  new Rejection('UNKNOWN_SUBJECT', `not registered: ${refs.join(', ')} (register entities with POST /entities)`, {
    errors,
    unknown: refs,
  });

export const missing = (what: string, id: string) => new Rejection('NOT_FOUND', `${what} ${id} does not exist`);

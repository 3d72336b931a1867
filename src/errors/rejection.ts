import type { FieldError } from '../../events/index.js';

/** A field error within one item of a batch. */
export interface ItemError extends FieldError {
  index: number;
}

/** Why a query was refused: a parameter, an id, a cursor, a range or a resume position it cannot read. */
export type QueryRefusalCode =
  | 'INVALID_PARAMETER'
  | 'BAD_ID'
  | 'BAD_IF_MATCH'
  | 'BAD_CURSOR'
  | 'BAD_RANGE'
  | 'TOO_MANY_STEPS'
  | 'BAD_POSITION'
  | 'POSITION_AHEAD_OF_LOG';

/**
 * Why a command or a query was refused. The HTTP status for each code is chosen at the edge, in one
 * table (`to-problem.ts`).
 */
export type RejectionCode =
  | QueryRefusalCode
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

/** A refused query parameter: its path, a code, the message, and the values it may take when they are a list. */
export type ParameterError = FieldError & { allowed?: string[] };

/** A query refused: its code, what to tell the client, the failing parameters, and anything more to say. */
export const refused = (
  code: QueryRefusalCode,
  message: string,
  errors: ParameterError[],
  extra: Record<string, unknown> = {},
) => new Rejection(code, message, { errors, ...extra });

/** A query parameter that is not one of the values allowed: the refusal names it and lists them. */
export const notAllowed = (parameter: string, message: string, allowed: readonly string[]) =>
  refused('INVALID_PARAMETER', message, [{ path: parameter, code: 'isIn', message, allowed: [...allowed] }]);

/** A parameter the route cannot take as given, with why. */
export const invalidParameter = (parameter: string, message: string, code = 'invalid') =>
  refused('INVALID_PARAMETER', message, [{ path: parameter, code, message }]);

import type { FieldError } from '../../events/index.js';
import type { Principal, Role } from '../auth/roles.js';
import type { ItemError } from './rejection.js';

/**
 * An error made at the edge (request parsing, parameters, limits, infrastructure): an HTTP status,
 * a stable `code`, and the failing fields. The problem filter turns it into RFC 9457 problem+json.
 * Refused commands are `Rejection`s instead, given their status in one table (`to-problem.ts`).
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extra: { errors?: FieldError[] | ItemError[]; [key: string]: unknown } = {},
  ) {
    super(detail);
  }
}

export const validationFailed = (errors: FieldError[], detail?: string) =>
  new Problem(
    422,
    'VALIDATION_FAILED',
    'Validation failed',
    detail ??
      `${errors.length} field${errors.length === 1 ? '' : 's'} failed validation: ${errors.map((e) => e.path).join(', ')}`,
    { errors },
  );

/** A request body the service cannot read. (A query it cannot take is refused: `refused` in `rejection.ts`.) */
export type BodyErrorCode = 'MALFORMED_JSON' | 'JSON_TOO_DEEP' | 'BODY_REQUIRED' | 'MALFORMED_CSV';

export const badRequest = (code: BodyErrorCode, detail: string) => new Problem(400, code, 'Bad request', detail);

export const notFound = (what: string, id: string) =>
  new Problem(404, 'NOT_FOUND', 'Not found', `${what} ${id} does not exist`);

export const unauthorized = (detail: string) => new Problem(401, 'UNAUTHORIZED', 'Unauthorized', detail);

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new Problem(429, 'RATE_LIMITED', 'Too many requests', detail, { retryAfter: retryAfterSeconds });

const MAY: Record<Role, string> = {
  reader: 'manage its own webhooks',
  editor: 'record, correct and retract developments, register entities and import',
  admin: 'manage keys and the webhooks of every key',
};

/** A valid key whose role does not allow the request: says which role would. */
export const forbiddenRole = (needed: Role, principal: Principal) =>
  new Problem(
    403,
    'ROLE_REQUIRED',
    'Forbidden',
    `this needs an ${needed === 'reader' ? 'API' : needed} key (to ${MAY[needed]}); the key ${principal.name} is a ${principal.role}`,
    { requiredRole: needed, role: principal.role },
  );

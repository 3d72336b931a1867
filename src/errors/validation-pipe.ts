import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type ParameterError, refused } from './rejection.js';

/**
 * class-validator for query and body DTOs; its errors become a 400 naming every failing parameter
 * with its message (and, for a list of values, the values allowed). A cursor alone refused is
 * BAD_CURSOR, as a cursor the route cannot read is.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const code = fields.every((f) => f.code === 'isCursor') ? 'BAD_CURSOR' : 'INVALID_PARAMETER';
      return refused(code, fields.map((f) => f.message).join('; '), fields);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): ParameterError[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => {
      const allowed = (error.contexts?.[code] as { allowed?: readonly string[] } | undefined)?.allowed;
      return {
        path,
        code: code === 'whitelistValidation' ? 'unknown_parameter' : code,
        message,
        ...(allowed ? { allowed: [...allowed] } : {}),
      };
    });
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}

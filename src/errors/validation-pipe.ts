import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '../../events/index.js';
import { badRequest } from './problems.js';

/** class-validator for query and body DTOs; its errors become a 400 naming every failing parameter. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return badRequest('INVALID_PARAMETER', `invalid: ${fields.map((f) => f.path).join(', ')}`, fields);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      path,
      code: code === 'whitelistValidation' ? 'unknown_parameter' : code,
      message,
    }));
    return [...own, ...flatten(error.children ?? [], `${path}.`)];
  });
}

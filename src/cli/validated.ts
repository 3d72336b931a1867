import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { optionName } from './usage.js';

/**
 * Builds and validates a query DTO from command-line values; prints the problems, naming each option
 * as the person typed it (`--as-of`, not `asOf`; `options` maps the few that differ), and returns
 * undefined if any.
 */
export async function validated<T extends object>(
  dto: ClassConstructor<T>,
  values: Record<string, unknown>,
  options: Record<string, string> = {},
): Promise<T | undefined> {
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(dto, defined);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  for (const e of errors) {
    const option = options[e.property] ?? optionName(e.property);
    const message = Object.values(e.constraints ?? {})
      .map((m) => m.replace(new RegExp(`\\b${e.property}\\b`, 'g'), option))
      .join('; ');
    process.stderr.write(`${option}: ${message}\n`);
  }
  return errors.length > 0 ? undefined : instance;
}

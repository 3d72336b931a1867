import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';

/** Builds and validates a query DTO from command-line values; prints the problems and returns undefined if any. */
export async function validated<T extends object>(
  dto: ClassConstructor<T>,
  values: Record<string, unknown>,
): Promise<T | undefined> {
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const instance = plainToInstance(dto, defined);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  for (const e of errors) process.stderr.write(`--${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}\n`);
  return errors.length > 0 ? undefined : instance;
}

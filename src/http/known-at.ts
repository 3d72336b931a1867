import { registerDecorator, type ValidationOptions } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A transaction time as RFC 3339 spells it: a day (`2025-03-01`, its start in UTC) or a date-time
 * with a zone (`2025-03-01T12:00:00Z`, `...+01:00`). Other ISO 8601 forms (weeks, ordinal days, the
 * basic format) are refused rather than guessed at. Returns the instant in ISO form, or undefined.
 */
export function parseKnownAt(raw: string): string | undefined {
  const day = DAY.exec(raw);
  const time = day ? undefined : TIME.exec(raw);
  const parts = day ?? time;
  if (!parts) return undefined;
  const [year, month, date] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const instant = new Date(Date.UTC(year, month - 1, date));
  if (instant.getUTCFullYear() !== year || instant.getUTCMonth() !== month - 1 || instant.getUTCDate() !== date)
    return undefined;
  if (day) return instant.toISOString();
  const [hours, minutes, seconds] = [Number(time![4]), Number(time![5]), Number(time![6] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

/** class-validator: the property is a transaction time `parseKnownAt` accepts. */
export function IsKnownAt(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isKnownAt',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be a day (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ)`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseKnownAt(value) !== undefined },
    });
}

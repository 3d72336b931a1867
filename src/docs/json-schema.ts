import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });

export const day = (description: string): Schema => ({ type: 'string', format: 'date', description });

export const strings = (description?: string): Schema => ({
  type: 'array',
  items: { type: 'string' },
  ...(description ? { description } : {}),
});

/** An object of exactly these properties; `optional` lists those that may be absent. */
export function object(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    properties,
    additionalProperties: false,
  };
}

/** A zod schema as a component, read as a client sends it (as the catalogue serves it). */
export function fromZod(schema: z.ZodType): Schema {
  return withoutDialect(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
}

/** A zod schema as a component, read as the service answers it (a row's value as a view presents it). */
export function answerFromZod(schema: z.ZodType): Schema {
  return withoutDialect(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
}

/** `$schema` may stand only at a document's root, not inside the OpenAPI document. */
export function withoutDialect(schema: unknown): Schema {
  const { $schema: _dialect, ...rest } = schema as Schema;
  return rest;
}

/** An object schema with more properties, `required` ones among them. */
export function extend(base: Schema, properties: Record<string, Schema>, required: string[] = []): Schema {
  return {
    ...base,
    required: [...((base.required as string[] | undefined) ?? []), ...required],
    properties: { ...(base.properties as Record<string, Schema>), ...properties },
  };
}

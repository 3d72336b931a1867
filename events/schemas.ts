import { z } from 'zod';
import { DEVELOPMENT_TYPES, DEVELOPMENT_TYPE_NAMES } from './catalogue.js';
import { developmentInput } from './development.js';
import { DevelopmentCorrected, DevelopmentRetracted } from './lifecycle.js';
import { EntityRegistered } from './types/entity-registered.js';

export interface CatalogueEntry {
  type: string;
  kind: 'development' | 'lifecycle' | 'entity';
  description: string;
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: unknown;
}

/** The catalogue as served by `GET /catalogue`: every event type with the JSON Schema of its data. */
export function catalogueEntries(): CatalogueEntry[] {
  const developments = DEVELOPMENT_TYPE_NAMES.map((type) => ({
    type,
    kind: 'development' as const,
    description: DEVELOPMENT_TYPES[type].description,
    schema: toSchema(DEVELOPMENT_TYPES[type].data),
  }));
  return [
    ...developments,
    {
      type: 'DevelopmentCorrected',
      kind: 'lifecycle',
      description: 'Fields of a development were corrected.',
      schema: toSchema(DevelopmentCorrected),
    },
    {
      type: 'DevelopmentRetracted',
      kind: 'lifecycle',
      description: 'A development was retracted.',
      schema: toSchema(DevelopmentRetracted),
    },
    {
      type: 'EntityRegistered',
      kind: 'entity',
      description: 'An organisation or government was registered.',
      schema: toSchema(EntityRegistered),
    },
  ];
}

/** JSON Schema of the development envelope a client submits. */
export function envelopeSchema(): unknown {
  return toSchema(developmentInput);
}

function toSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

import { catalogueEntries, DEVELOPMENT_TYPE_NAMES, envelopeSchema, EntityRegistered } from '../../events/index.js';
import { correctionRequest } from '../developments/correct/correct-development.command.js';
import { retractionRequest } from '../developments/retract/retract-development.command.js';
import { fromZod, ref, withoutDialect, type Schema } from './json-schema.js';

const dataName = (type: string) => `${type}Data`;

/** The JSON Schema of each development type's `data`, as the catalogue serves it. */
export function dataSchemas(): Record<string, Schema> {
  const entries = catalogueEntries().filter((entry) => entry.kind === 'development');
  return Object.fromEntries(
    entries.map((entry) => [
      dataName(entry.type),
      {
        ...withoutDialect(entry.schema),
        description: `\`data\` of a ${entry.type}: ${entry.description}`,
      },
    ]),
  );
}

/**
 * `data` depends on `type`: each type is a branch `{type: const, data: <its schema>}`, and a
 * development is exactly one of them. The discriminator tells code generators which.
 */
export function typedData(): Schema {
  return {
    oneOf: DEVELOPMENT_TYPE_NAMES.map((type) => ref(type)),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(DEVELOPMENT_TYPE_NAMES.map((type) => [type, `#/components/schemas/${type}`])),
    },
  };
}

function typeBranches(): Record<string, Schema> {
  return Object.fromEntries(
    DEVELOPMENT_TYPE_NAMES.map((type) => [
      type,
      {
        type: 'object',
        required: ['type', 'data'],
        properties: { type: { const: type }, data: ref(dataName(type)) },
      },
    ]),
  );
}

/** Request bodies and the parts developments share, from the zod catalogue. */
export function catalogueSchemas(): Record<string, Schema> {
  const envelope = withoutDialect(envelopeSchema());
  const fields = envelope.properties as Record<string, Schema>;
  const source = fields.sources!.items as Schema;
  const expectation = fields.expectations!.items as Schema;
  const correction = fromZod(correctionRequest);
  return {
    Source: {
      ...source,
      description: 'A citation: a url or a document, a verbatim quote, when it was published (EDTF)',
    },
    Expectation: {
      ...expectation,
      properties: {
        ...(expectation.properties as Schema),
        type: { type: 'string', enum: DEVELOPMENT_TYPE_NAMES },
      },
      description: 'What a source says is planned or due: the development type expected, by an EDTF date or period',
    },
    DevelopmentInput: {
      ...envelope,
      description:
        'A development to record. `date` is EDTF (`2025-10-23`, `2025-41~`, `../2025-03-06`); ' +
        '`data` follows the schema of its `type` (see GET /catalogue).',
      properties: {
        ...fields,
        type: { type: 'string', enum: DEVELOPMENT_TYPE_NAMES },
        date: {
          ...fields.date,
          description: 'EDTF level 0 or 1: when it happened, with the precision the source gives',
        },
        sources: { ...fields.sources, items: ref('Source') },
        expectations: { ...fields.expectations, items: ref('Expectation') },
      },
      ...typedData(),
    },
    CorrectionInput: {
      ...correction,
      description:
        'Fields to replace. `data` is merged key by key into the current data (null removes a key) and ' +
        "the result must still follow the schema of the development's type; other fields are replaced whole.",
    },
    CorrectionChanges: (correction.properties as Record<string, Schema>).changes!,
    RetractionInput: fromZod(retractionRequest),
    EntityInput: {
      ...fromZod(EntityRegistered),
      description: 'An organisation (`org:<slug>`) or a government (`gov:<slug>`) developments may name',
    },
    ...typeBranches(),
    ...dataSchemas(),
  };
}

import { catalogueEntries, envelopeSchema, isDevelopmentType } from '../../events/index.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../http/json-body.js';

/**
 * A spreadsheet's columns are the paths of the fields they fill (`date`, `sources.0.quote`,
 * `data.owner`), so an error's path names its column. Lists of words share one cell, separated by
 * `;` (`subjects`: `org:byd; country:HU`); a list of objects takes one group of columns per item
 * (`sources.0.*`, `sources.1.*`). Each value is read as its field's JSON Schema says: a number, a
 * list, or text.
 */
type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

const schemas = new Map<string, JsonSchema>(
  catalogueEntries().map((entry) => [entry.type, entry.schema as JsonSchema]),
);
const envelope = envelopeSchema() as JsonSchema;

/** The alternatives of a schema: itself, or each branch of an `anyOf`. */
const branches = (schema: JsonSchema): JsonSchema[] => schema.anyOf?.flatMap(branches) ?? [schema];

const isList = (schema: JsonSchema) => branches(schema).some((s) => s.type === 'array');
const isObject = (schema: JsonSchema) => branches(schema).some((s) => s.type === 'object' && s.properties);

/** The columns that fill an object of this schema: one per field, an object's fields under its name. */
function columnsOf(schema: JsonSchema, prefix: string): string[] {
  const properties: Record<string, JsonSchema> = {};
  for (const branch of branches(schema)) Object.assign(properties, branch.properties ?? {});
  return Object.entries(properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const items = branches(field).find((s) => s.type === 'array')?.items;
    if (items && isObject(items)) return columnsOf(items, `${path}.0.`);
    if (!isList(field) && isObject(field)) return columnsOf(field, `${path}.`);
    return [path];
  });
}

/** The header of the template for a development type, or for registering entities (`EntityRegistered`). */
export function templateColumns(type: string): string[] | undefined {
  const schema = schemas.get(type);
  if (!schema || !(isDevelopmentType(type) || type === 'EntityRegistered')) return undefined;
  if (type === 'EntityRegistered') return columnsOf(schema, '');
  const common = columnsOf(envelope, '').filter((c) => c !== 'data');
  return [...common, ...columnsOf(schema, 'data.')];
}

/** The schema of the field at a dotted path, for a row of the given type (undefined: no such field). */
function fieldSchema(path: string[], type: unknown, entity: boolean): JsonSchema | undefined {
  let schema: JsonSchema | undefined = entity ? schemas.get('EntityRegistered') : envelope;
  let rest = path;
  if (!entity && path[0] === 'data') {
    schema = typeof type === 'string' ? schemas.get(type) : undefined;
    rest = path.slice(1);
  }
  for (const segment of rest) {
    if (!schema) return undefined;
    if (/^\d+$/.test(segment)) schema = branches(schema).find((s) => s.items)?.items;
    else schema = branches(schema).find((s) => s.properties?.[segment])?.properties?.[segment];
  }
  return schema;
}

/** A cell's value as its field takes it; text that cannot be read as asked is left for validation to name. */
export function cellValue(cell: string, path: string[], type: unknown, entity: boolean): unknown {
  const schema = fieldSchema(path, type, entity);
  const trimmed = cell.trim();
  if (!schema) return trimmed;
  if (/^[[{]/.test(trimmed) && (isList(schema) || isObject(schema)) && !nestedDeeperThan(trimmed, MAX_JSON_DEPTH)) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return trimmed;
    }
  }
  if (isList(schema))
    return trimmed
      .split(';')
      .map((word) => word.trim())
      .filter(Boolean);
  const kinds = branches(schema).map((s) => s.type);
  if ((kinds.includes('number') || kinds.includes('integer')) && trimmed !== '' && Number.isFinite(Number(trimmed)))
    return Number(trimmed);
  if (kinds.includes('boolean') && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return trimmed;
}

/** The column an error's path belongs to: the column itself, the column under it, or the one above it. */
export function columnOf(path: string, columns: string[]): string | undefined {
  return (
    columns.find((c) => c === path) ??
    columns.find((c) => c.startsWith(`${path}.`)) ??
    columns.filter((c) => path.startsWith(`${c}.`)).sort((a, b) => b.length - a.length)[0]
  );
}

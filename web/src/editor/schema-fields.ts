import { PARTY_FIELDS } from './entities.js';

/** A JSON Schema as the catalogue serves it, as far as the form reads it. */
export interface JsonSchema {
  type?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** How a field's text becomes its value. */
export type FieldKind = 'text' | 'number' | 'list' | 'party' | 'parties' | 'json';

export interface FieldSpec {
  path: string;
  label: string;
  kind: FieldKind;
  options?: string[];
  required: boolean;
}

const branches = (schema: JsonSchema): JsonSchema[] => schema.anyOf?.flatMap(branches) ?? [schema];

/** The inputs for an object of this schema: one per field, an object's fields under its name. */
export function fieldsOf(schema: JsonSchema, prefix: string, required = true): FieldSpec[] {
  const properties: Record<string, JsonSchema> = {};
  const needed = new Set<string>();
  for (const branch of branches(schema)) {
    Object.assign(properties, branch.properties ?? {});
    for (const name of branch.required ?? []) needed.add(name);
  }
  return Object.entries(properties).flatMap(([name, field]): FieldSpec[] => {
    const path = `${prefix}${name}`;
    const must = required && needed.has(name);
    const kinds = branches(field);
    const list = kinds.find((s) => s.type === 'array');
    if (list?.items?.type === 'object' || list?.items?.properties)
      return [{ path, label: `${name} (JSON list)`, kind: 'json', required: must }];
    if (list) return [{ path, label: name, kind: PARTY_FIELDS.has(name) ? 'parties' : 'list', required: must }];
    if (kinds.some((s) => s.properties)) return fieldsOf(field, `${path}.`, must);
    const options = kinds.find((s) => s.enum)?.enum;
    const number = kinds.some((s) => s.type === 'number' || s.type === 'integer');
    const kind: FieldKind = PARTY_FIELDS.has(name) ? 'party' : number ? 'number' : 'text';
    return [{ path, label: name, kind, required: must, ...(options ? { options } : {}) }];
  });
}

/** Sets `value` at a dotted path, making objects and lists on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    node[segment] ??= /^\d+$/.test(segments[i + 1]!) ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

/** Lists filled at `sources.0` and `sources.2` close up where nothing was filled. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null).map(compact);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

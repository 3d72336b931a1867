import type { z } from 'zod';
import { DEVELOPMENT_TYPES } from '../../events/catalogue.js';
import { party, subject } from '../../events/types/common.js';
import { VIEW_NAMES } from '../../projections/index.js';
import type { Schema } from '../docs/json-schema.js';
import { viewSchemas } from '../docs/view-schemas.js';

/** How a column's cell is written. */
export type CellKind = 'value' | 'list' | 'json' | 'expectations';

export interface ViewColumn {
  /** The header: the field's path, `parent.child` for a nested record. */
  name: string;
  path: string[];
  kind: CellKind;
  /** Followed by a `<name>_names` column of display names (it holds organisations or governments). */
  named: boolean;
}

/** Fields the views make themselves (not copied from a development's data) that name organisations. */
const VIEW_PARTY_FIELDS = ['organisation', 'restricts'];
/** Every date is in its own column already; the words of each are the page's business. */
const LEFT_OUT = new Set(['datesInWords']);

const columnsByView = new Map<string, ViewColumn[]>();

/**
 * The columns of a view's CSV, fixed per view whatever the rows: derived from the row schema the
 * OpenAPI document publishes (the same one a row is checked against), in its property order.
 */
export function viewColumns(view: string): ViewColumn[] {
  if (columnsByView.size === 0) {
    const schemas = viewSchemas();
    const parties = partyFields();
    for (const name of VIEW_NAMES) {
      const value = schemas[`${name[0]!.toUpperCase()}${name.slice(1)}Value`]!;
      columnsByView.set(name, columnsOf(value, [], parties));
    }
  }
  const columns = columnsByView.get(view);
  if (!columns) throw new Error(`no columns for view ${view}`);
  return columns;
}

function columnsOf(schema: Schema, path: string[], parties: Set<string>): ViewColumn[] {
  return Object.entries(propertiesOf(schema) ?? {}).flatMap(([key, property]): ViewColumn[] => {
    if (path.length === 0 && LEFT_OUT.has(key)) return [];
    const at = [...path, key];
    const name = at.join('.');
    if (path.length === 0 && key === 'expectations') return [{ name, path: at, kind: 'expectations', named: false }];
    const nested = propertiesOf(property);
    if (nested) return columnsOf(property, at, parties);
    const kind: CellKind =
      property.type === 'array'
        ? propertiesOf(property.items as Schema) || (property.items as Schema)?.type === 'object'
          ? 'json'
          : 'list'
        : property.type === 'object'
          ? 'json'
          : 'value';
    // A JSON cell keeps its ids; a names column goes beside lists and single references only.
    return [{ name, path: at, kind, named: kind !== 'json' && parties.has(key) }];
  });
}

/** The properties of a record with fixed fields (a union of records: all of theirs); none for a map. */
function propertiesOf(schema: Schema | undefined): Record<string, Schema> | undefined {
  if (!schema) return undefined;
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches?.every((b) => b.properties)) {
    return Object.assign({}, ...branches.map((b) => b.properties as Record<string, Schema>));
  }
  return schema.properties as Record<string, Schema> | undefined;
}

/** Names of data fields typed as an organisation, government or subject reference, in any development type. */
function partyFields(): Set<string> {
  const found = new Set(VIEW_PARTY_FIELDS);
  for (const { data } of Object.values(DEVELOPMENT_TYPES)) {
    const shape = (data as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
    for (const [field, schema] of Object.entries(shape)) if (holdsParties(schema)) found.add(field);
  }
  return found;
}

function holdsParties(schema: z.ZodType): boolean {
  if (schema === party || schema === subject) return true;
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } } })
    ._zod.def;
  if (def.type === 'optional' || def.type === 'nullable') return holdsParties(def.innerType!);
  if (def.type === 'array') return holdsParties(def.element!);
  return false;
}

import { uuidFromName } from '../ids.js';
import { canonicalJson } from '../store/canonical-json.js';

/**
 * The id of an imported development that has none: derived from its content, so importing the same
 * row again (by the CLI or over HTTP) finds it already recorded instead of recording it twice.
 */
export const importedId = (item: unknown) => uuidFromName(`import:${canonicalJson(item)}`);

/** A development record given its derived id when it has none; anything else as it is. */
export function withImportedId(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if ('entityId' in value || 'id' in value) return value;
  return { id: importedId(value), ...value };
}

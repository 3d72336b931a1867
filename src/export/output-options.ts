import { refused } from '../errors/rejection.js';

export type Format = 'json' | 'csv' | 'timelinejs';

export interface OutputOptions {
  format: Format;
  /** `expand=names`: add a `names` map of the ids in the answer to display names. */
  names: boolean;
  /** `bom=true`: a CSV starts with a byte order mark, so spreadsheets read it as UTF-8. */
  bom: boolean;
}

const FORMATS: readonly Format[] = ['json', 'csv', 'timelinejs'];
const EXPANSIONS = ['names'];

/**
 * Takes `format` and `expand` out of the query, so the route's own parameters are validated as
 * before; `Accept: text/csv` asks for CSV when `format` is not given. Routes that answer only JSON
 * (`exports` false) accept `expand` alone.
 */
export function takeOutputOptions(
  query: Record<string, unknown>,
  accept: string | undefined,
  exports: boolean,
): OutputOptions {
  const { format, expand, bom } = query;
  delete query.format;
  delete query.expand;
  delete query.bom;
  if (format !== undefined && (!exports || typeof format !== 'string' || !FORMATS.includes(format as Format))) {
    throw refused(
      'INVALID_PARAMETER',
      exports ? `format must be one of ${FORMATS.join(', ')}` : 'this route answers JSON only',
      [
        {
          path: 'format',
          code: exports ? 'isIn' : 'unknown_parameter',
          message: exports ? `format must be one of ${FORMATS.join(', ')}` : 'not accepted here',
          ...(exports ? { allowed: [...FORMATS] } : {}),
        },
      ],
    );
  }
  const expansions =
    typeof expand === 'string'
      ? expand
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)
      : expand === undefined
        ? []
        : [''];
  if (expansions.some((e) => !EXPANSIONS.includes(e))) {
    throw refused('INVALID_PARAMETER', 'expand must be names', [
      { path: 'expand', code: 'isIn', message: 'expand must be one of names', allowed: EXPANSIONS },
    ]);
  }
  const chosen = (format as Format | undefined) ?? (exports && prefersCsv(accept) ? 'csv' : 'json');
  if (bom !== undefined && (chosen !== 'csv' || (bom !== 'true' && bom !== 'false'))) {
    throw refused('INVALID_PARAMETER', chosen === 'csv' ? 'bom must be true or false' : 'bom applies to CSV only', [
      {
        path: 'bom',
        code: chosen === 'csv' ? 'isBoolean' : 'unknown_parameter',
        message: chosen === 'csv' ? 'true or false' : 'only with format=csv (or Accept: text/csv)',
      },
    ]);
  }
  return { format: chosen, names: expansions.includes('names'), bom: bom === 'true' };
}

/** True when the Accept header ranks text/csv above JSON (by q, then by order). */
function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept
    .split(',')
    .map((entry, order) => {
      const [type = '', ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((e) => e.q > 0 && (e.type === 'text/csv' || e.type === 'application/json'))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.type === 'text/csv';
}

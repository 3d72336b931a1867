import type { DevelopmentBody } from './development.js';
import { parseEdtf } from './dates/edtf.js';
import { MEASURES, type Measure } from './types/investment-reported.js';

/**
 * Reads a development stored in an earlier shape as the current catalogue describes it, so that
 * data directories written before a change load without re-importing:
 * - PolicyIssued `validUntil: P` became `effective: "../P"` (in force from its issue to the end of P);
 * - InvestmentReported `country` became `investor` (`country:XX`) when no investor was named, else
 *   the figure's `destination`;
 * - InvestmentReported `measure` was a description: it became the figure's `label`, and `measure`
 *   one of MEASURES, read from the unit, the period and the description's words.
 */
export function upcastBody(type: string, body: DevelopmentBody): DevelopmentBody {
  const data = body.data;
  if (type === 'PolicyIssued' && typeof data.validUntil === 'string') {
    const { validUntil, ...rest } = data;
    return { ...body, data: { ...rest, ...(rest.effective ? {} : { effective: `../${validUntil}` }) } };
  }
  if (type === 'InvestmentReported' && !MEASURES.includes(data.measure as Measure)) {
    return upcastBody(type, { ...body, data: { ...data, label: data.measure, measure: measureOf(data) } });
  }
  if (type === 'InvestmentReported' && typeof data.country === 'string') {
    const { country, ...rest } = data;
    const place = `country:${country}`;
    return {
      ...body,
      data: rest.investor ? { ...rest, destination: rest.destination ?? place } : { ...rest, investor: place },
    };
  }
  return body;
}

/** The measure an earlier figure meant, from what it says of itself. */
function measureOf(data: Record<string, unknown>): Measure {
  const words = String(data.measure ?? '').toLowerCase();
  const value = (data.value ?? {}) as { unit?: string; of?: string };
  if (value.unit === 'count') return 'count';
  if (value.unit === 'percent') return /growth|change|increase|decrease|up by|down by/.test(words) ? 'change' : 'share';
  if (words.includes('cumulative')) return 'cumulative';
  if (words.includes('stock')) return 'stock';
  const period = parseEdtf(String(data.period ?? ''), { openEnd: true });
  if (period.ok && period.value.precision === 'interval' && !period.value.openStart && !period.value.openEnd) {
    return 'cumulative';
  }
  return 'flow';
}

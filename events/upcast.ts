import type { DevelopmentBody } from './development.js';

/**
 * Reads a development stored in an earlier shape as the current catalogue describes it, so that
 * data directories written before a change load without re-importing:
 * - PolicyIssued `validUntil: P` became `effective: "../P"` (in force from its issue to the end of P);
 * - InvestmentReported `country` became `investor` (`country:XX`) when no investor was named, else
 *   the figure's `destination`.
 */
export function upcastBody(type: string, body: DevelopmentBody): DevelopmentBody {
  const data = body.data;
  if (type === 'PolicyIssued' && typeof data.validUntil === 'string') {
    const { validUntil, ...rest } = data;
    return { ...body, data: { ...rest, ...(rest.effective ? {} : { effective: `../${validUntil}` }) } };
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

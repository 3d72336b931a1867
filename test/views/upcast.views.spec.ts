import { randomUUID } from 'node:crypto';
import { World } from '../support/world.js';

const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };

/** Events as an earlier version of the catalogue stored them, appended straight to the log. */
async function appendOld(world: World, type: string, body: Record<string, unknown>): Promise<void> {
  const id = randomUUID();
  await world.store.append(
    `development-${id}`,
    [{ id, type, data: { summary: type, sources: [source], ...body } }],
    'no_stream',
  );
}

describe('a data directory written before the catalogue changed', () => {
  it('reads a figure described in words as a measure: a stock, a share, a cumulative span', async () => {
    const world = await World.open();
    try {
      const old = (series: string, measure: string, period: string, value: Record<string, unknown>) =>
        appendOld(world, 'InvestmentReported', {
          date: '2022',
          subjects: ['country:CN'],
          data: { series, measure, period, value, investor: 'country:CN' },
        });
      await old('stock', 'ODI stock in manufacturing', '2015', { value: 78.53, currency: 'USD', unit: 'billion' });
      await old('share', 'Share of manufacturing', '2015', { value: 7.2, unit: 'percent', of: 'the total' });
      await old('latam', 'Investment in Latin America', '2003/2022', { value: 187, currency: 'USD', unit: 'billion' });
      await world.settle();
      const rows = world.view('investments', { asOf: '2023-01-01' });
      expect(rows.get('stock')?.value).toMatchObject({ measure: 'stock', label: 'ODI stock in manufacturing' });
      expect(rows.get('share')?.value).toMatchObject({ measure: 'share' });
      expect(rows.get('latam')?.value).toMatchObject({ measure: 'cumulative' });
    } finally {
      await world.close();
    }
  });

  it("reads a policy's validUntil as its effective period and a figure's country as its investor", async () => {
    const world = await World.open();
    try {
      await appendOld(world, 'PolicyIssued', {
        date: '2021',
        subjects: ['gov:cn'],
        data: {
          policyId: 'fyp-14',
          title: '14th Five-Year Plan',
          issuer: 'gov:cn',
          kind: 'plan',
          jurisdiction: ['CN'],
          validUntil: '2025',
        },
      });
      await appendOld(world, 'InvestmentReported', {
        date: '2015',
        subjects: ['country:CN'],
        data: {
          series: 'cn-odi-flow',
          measure: 'ODI flow',
          period: '2015',
          value: { value: 145667.15, currency: 'USD', unit: 'million' },
          country: 'CN',
        },
      });
      await world.settle();
      expect(world.view('policies', { asOf: '2022-06-30' }).get('fyp-14')).toMatchObject({
        value: { effective: '../2025', inForce: true },
      });
      expect(world.view('policies', { asOf: '2026-06-30' }).get('fyp-14')).toMatchObject({ value: { inForce: false } });
      expect(world.view('policies', { asOf: '2026-06-30' }).get('fyp-14')?.value).not.toHaveProperty('validUntil');
      expect(world.view('investments', { asOf: '2016-01-01', origin: 'CN' }).get('cn-odi-flow')).toMatchObject({
        value: { investor: 'country:CN', measure: 'flow', label: 'ODI flow' },
      });
    } finally {
      await world.close();
    }
  });
});

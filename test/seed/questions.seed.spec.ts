import { timingOf, type DevelopmentBody } from '../../events/index.js';
import { allDevelopments, type SeedRecord } from './seed-data.js';

/**
 * The questions the seed exists to answer, read straight from its records with the catalogue's own
 * timing rule (absent before the earliest day, certain from certainFrom, possible in between).
 */
const developments = allDevelopments();
const timing = (d: SeedRecord) => timingOf(d as unknown as DevelopmentBody);
const shownBy = (asOf: string) => (d: SeedRecord) => timing(d).earliest <= asOf;
const certainBy = (asOf: string) => (d: SeedRecord) => (timing(d).certainFrom ?? '9999-12-31') <= asOf;
const keys = (records: SeedRecord[], field: string) => records.map((d) => d.data[field]).sort();
const byDate = (a: SeedRecord, b: SeedRecord) =>
  timing(a).earliest.localeCompare(timing(b).earliest) || timing(a).latest.localeCompare(timing(b).latest);

describe('questions the seed answers', () => {
  it('which licences were in effect at the end of 2025: three, certain then, only possible at mid-year', () => {
    const licences = developments.filter((d) => d.type === 'LicensingDealSigned');
    const all = ['catl-ford-lfp', 'feb-walkreck-battery-technology', 'ymtc-samsung-hybrid-bonding'];
    expect(keys(licences.filter(certainBy('2025-12-31')), 'dealId')).toEqual(all);
    expect(keys(licences.filter(shownBy('2025-06-30')), 'dealId')).toEqual(all);
    expect(licences.filter(certainBy('2025-06-30'))).toEqual([]);
  });

  it('which BYD plants were under construction in March 2025: Camacari and Hungary, possibly, not surely', () => {
    const building = developments.filter((d) => d.type === 'FacilityConstructionStarted' && d.data.owner === 'org:byd');
    const march = building.filter(shownBy('2025-03-31'));
    expect(keys(march, 'facilityId')).toEqual(['byd-camacari-plant', 'byd-hungary-car-plant']);
    expect(building.filter(certainBy('2025-03-31'))).toEqual([]);
    expect(keys(building.filter(shownBy('2025-03-05')), 'facilityId')).toEqual(['byd-hungary-car-plant']);
  });

  it("what China's outward direct investment was as of 2010, 2016 and 2025", () => {
    const latest = (asOf: string) =>
      developments
        .filter((d) => d.data.series === 'cn-odi-flow' && certainBy(asOf)(d))
        .sort(byDate)
        .at(-1)?.data;
    const million = { currency: 'USD', unit: 'million' };
    expect(latest('2010-12-31')).toMatchObject({ period: '2006', value: { value: 17633.97, ...million } });
    expect(latest('2016-01-01')).toMatchObject({ period: '2015', value: { value: 145667.15, ...million } });
    // 001's 2024 "outbound foreign direct investment" is a series of its own: no source says it
    // measures what Table 1 of 004 measures.
    expect(latest('2025-01-01')).toMatchObject({ period: '2015', value: { value: 145667.15, ...million } });
    const outbound = developments.filter((d) => d.data.series === 'cn-outbound-fdi-flow');
    expect(outbound.map((d) => d.data)).toEqual([
      expect.objectContaining({
        measure: 'flow',
        period: '2024',
        value: { value: 144, currency: 'USD', unit: 'billion', bound: 'over' },
      }),
    ]);
  });

  it("in what order 2025's developments dated within the year came", () => {
    const within = developments
      .filter((d) => timing(d).earliest >= '2025-01-01' && timing(d).latest < '2025-12-31')
      .sort(byDate);
    expect(within.map((d) => d.date)).toEqual(['2025?-01', '2025?-02', '../2025?-03-06', '2025-10-23']);
    expect(within.map((d) => d.data.facilityId ?? d.data.meetingId ?? d.data.series ?? d.data.policyId)).toEqual([
      'casetify-wuhan-store',
      'xi-private-enterprises-meeting-2025-02',
      'byd-camacari-plant',
      'cn-15th-five-year-plan',
    ]);
  });

  it('whether a qualified date is confirmed before its source was published: no, only by the publication', () => {
    const casetify = developments.find((d) => d.data.facilityId === 'casetify-wuhan-store')!;
    // January 2025 (year uncertain): shown from 1 January, certain only once its source was out.
    expect(timing(casetify)).toMatchObject({ earliest: '2025-01-01', latest: '2025-01-31', certainFrom: '2025-12-31' });
    const roadmap = developments.find((d) => d.data.agreementId === 'eu-china-sti-joint-roadmap')!;
    expect(timing(roadmap)).toMatchObject({ certainFrom: '2024-11-30', publishedFrom: '2025-12-31' });
  });
});

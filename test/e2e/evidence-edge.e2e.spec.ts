import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { seedTimeline } from '../../src/seed/seed-timeline.js';
import { EVENT_STORE, type EventStore } from '../../src/store/event-store.js';
import { startApp, type RunningApp } from '../support/app.js';
import { ROOT } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

/** The rules at the edge of the evidence, over HTTP on the seed timeline. */
describe('the seed at the edge of its evidence', () => {
  let api: RunningApp;
  const dir = tempDir('edge');

  beforeAll(async () => {
    api = await startApp({ TIMELINE_SEED: 'true' }, dir.path);
    await seedTimeline(
      api.app.get<EventStore>(EVENT_STORE),
      api.app.get(CommandBus),
      join(ROOT, 'seed'),
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await api.close();
    dir.cleanup();
  });

  const rows = async (path: string) => (await api.call('GET', path)).body.rows as Record<string, any>[];

  it('as of 2030 BYD’s Hungary plant keeps its last known state, unconfirmed, last reported 2025 — and is not certain', async () => {
    const [plant] = (await rows('/state/facilities?asOf=2030-12-31&country=HU')).filter(
      (r) => r.key === 'byd-hungary-car-plant',
    );
    expect(plant).toMatchObject({
      certainty: 'unconfirmed',
      value: { status: 'under-construction' },
      lastReported: { day: '2025-12-31' },
    });
    expect(plant!.lastReported.text).toContain('2025');
    expect(plant!.certaintyText).toMatch(/^under construction, last reported .*2025/);
    expect(plant!.value.expectations[0]).toMatchObject({
      status: 'overdue',
      statusText: expect.stringMatching(/^not recorded as met by /),
    });
    const certain = await rows('/state/facilities?asOf=2030-12-31&country=HU&certainty=certain');
    expect(certain.map((r) => r.key)).not.toContain('byd-hungary-car-plant');
  });

  it('in 2031 no policy without a period is in force; the 15th Five-Year Plan reads its period, not its issue day', async () => {
    const policies = await rows('/state/policies?asOf=2031-06-30&limit=100');
    const made = policies.find((r) => r.key === 'made-in-china-2025')!;
    expect(made.value.inForce).toBeNull();
    // Only a measure whose period a source gives (an export control from its imposition) keeps its
    // last known standing, and then unconfirmed: no source of 2031 says it still holds.
    for (const row of policies.filter((r) => r.value.inForce === true)) {
      expect(row).toMatchObject({ certainty: 'unconfirmed', value: { kind: 'export-control' } });
    }
    const report = policies.find((r) => r.key === 'cpc-18th-national-congress-report')!;
    expect(report.value).toMatchObject({ kind: 'report', inForce: null });
    const [plan] = await rows('/state/policies?asOf=2027-01-01&origin=CN&limit=100').then((all) =>
      all.filter((r) => r.key === 'cn-15th-five-year-plan'),
    );
    expect(plan!.value).toMatchObject({ inForce: true, inForceText: 'in force 2026-2030, issued 23 October 2025' });
    expect(plan!.since).toEqual({ date: '2025-10-23', text: '23 October 2025' });
  });

  it('the upcoming Busan meeting is an expectation, not a meeting held', async () => {
    const { body } = await api.call('GET', '/expectations?asOf=2026-06-30&type=MeetingHeld');
    expect(body.expectations).toHaveLength(1);
    expect(body.expectations[0]).toMatchObject({ key: 'cn-15th-five-year-plan', status: 'overdue' });
    expect(body.expectations[0].note).toContain('Busan');
    const timeline = await api.call('GET', '/timeline?type=MeetingHeld&q=Busan');
    expect(timeline.body.developments).toEqual([]);
  });

  it('exports never pair “certain” with a day of the possible series, nor show a day the source did not give', async () => {
    for (const asOf of ['2025-06-30', '2025-12-31', '2030-12-31']) {
      const json = await rows(`/state/facilities?asOf=${asOf}&limit=500`);
      for (const row of json) {
        if (row.certainty === 'certain') expect(row.validFrom).toBe(row.certainSince.day);
        else expect(row.certainSince).toBeNull();
      }
      const csvText = await (await fetch(`${api.url}/state/facilities?asOf=${asOf}&limit=500&format=csv`)).text();
      const records = parse(csvText, { columns: true, bom: true }) as Record<string, string>[];
      expect(records.length).toBe(json.length);
      for (const record of records) {
        const row = json.find((r) => r.key === record.key)!;
        expect(record.certainty).toBe(row.certainty);
        expect(record.valid_from).toBe(row.validFrom);
        expect(record.since).toBe(row.since.text);
        if (record.certainty === 'certain') expect(record.certain_since).toBe(record.valid_from);
      }
      const response = await fetch(`${api.url}/state/facilities?asOf=${asOf}&limit=500&format=timelinejs`);
      const timelinejs = (await response.json()) as { events: { unique_id: string; display_date: string }[] };
      for (const event of timelinejs.events) {
        const row = json.find((r) => r.key === event.unique_id)!;
        expect(event.display_date).toBe(`since ${row.since.text}`);
        expect(event.display_date).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }
    }
  });

  it('every development answers how far its evidence goes', async () => {
    const { body } = await api.call('GET', '/timeline?subject=org:byd&limit=100');
    for (const d of body.developments) expect(d.lastReported).toEqual(expect.objectContaining({ published: true }));
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from '../support/app.js';
import { CLI, run } from '../support/child.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

describe('backup and restore with timeline export / timeline import', () => {
  const dir = tempDir('backup');
  const original = join(dir.path, 'original');
  const backup = join(dir.path, 'backup.jsonl');
  let betweenWrites: string;
  afterAll(() => dir.cleanup());

  beforeAll(async () => {
    const api = await startApp({}, original);
    await api.call('POST', '/entities', entities);
    const plant = facilityOpened();
    await api.call('POST', '/developments', [plant, licensingDeal()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    betweenWrites = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.call('POST', `/developments/${plant.id}/corrections`, {
      changes: { date: '2025-08' },
      reason: 'the day was later',
    });
    await api.call('POST', `/developments/${plant.id}/retraction`, { reason: 'not a plant after all' });
    await api.close();
  });

  it('exports every stored event in position order with stream, id, type, data, metadata, time', async () => {
    const exported = await run(CLI, ['export', '--out', backup], { TIMELINE_DATA_DIR: original });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`exported 8 events to ${backup}`);
    const records = readFileSync(backup, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.position)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(records.map((r) => r.type).slice(4)).toEqual([
      'FacilityOpened',
      'LicensingDealSigned',
      'DevelopmentCorrected',
      'DevelopmentRetracted',
    ]);
    for (const record of records) {
      expect(Object.keys(record)).toEqual([
        'position',
        'stream',
        'revision',
        'id',
        'type',
        'data',
        'metadata',
        'recordedAt',
      ]);
    }
  });

  it('restores the export into an empty data directory: the same log, the same past answers', async () => {
    const restored = join(dir.path, 'restored');
    const imported = await run(CLI, ['import', backup], { TIMELINE_DATA_DIR: restored });
    expect(imported.stdout).toContain('restored 8 events');
    expect(imported.code).toBe(0);
    const again = await run(CLI, ['export'], { TIMELINE_DATA_DIR: restored });
    expect(again.stdout).toBe(readFileSync(backup, 'utf8'));
    // Recorded times came back too: what the service knew between two writes is answered the same.
    for (const data of [original, restored]) {
      const before = await run(CLI, ['timeline', '--known-at', betweenWrites, '--json'], {
        TIMELINE_DATA_DIR: data,
      });
      expect(
        before.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).date),
      ).toEqual(['2023', '2025-07']);
    }
    expect((await run(CLI, ['verify'], { TIMELINE_DATA_DIR: restored })).code).toBe(0);
  });

  it('refuses a data directory that already holds events, and changes nothing there', async () => {
    const refused = await run(CLI, ['import', backup], { TIMELINE_DATA_DIR: original });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds events: restore into an empty data directory');
    const after = await run(CLI, ['export'], { TIMELINE_DATA_DIR: original });
    expect(after.stdout).toBe(readFileSync(backup, 'utf8'));
  });

  it('exports nothing, and creates nothing, where there is no timeline', async () => {
    const nowhere = join(dir.path, 'nowhere');
    const result = await run(CLI, ['export'], { TIMELINE_DATA_DIR: nowhere });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no timeline in');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('restores nothing from a damaged file and says which line is wrong', async () => {
    const lines = readFileSync(backup, 'utf8').trim().split('\n');
    const damaged = join(dir.path, 'damaged.jsonl');
    writeFileSync(damaged, [...lines.slice(0, 6), lines[7], lines[6]].join('\n'));
    const target = join(dir.path, 'damaged-target');
    const result = await run(CLI, ['import', damaged], { TIMELINE_DATA_DIR: target });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing restored: line 7: development-\S+ revision 2 follows revision 0/);
    expect(existsSync(join(target, 'events.db'))).toBe(false);
  });
});

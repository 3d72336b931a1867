import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, run } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';

describe('the timeline CLI', () => {
  const dir = tempDir('cli');
  const env = { TIMELINE_DATA_DIR: join(dir.path, 'data') };
  afterAll(() => dir.cleanup());

  it('imports a file, summarising accepted, duplicate and rejected records, exiting non-zero on a rejection', async () => {
    const file = join(dir.path, 'import.jsonl');
    const good = [facilityOpened(), licensingDeal()];
    const lines = [...entities, ...good, facilityOpened({ date: '2025-13' })].map((r) => JSON.stringify(r));
    writeFileSync(file, [...lines, '{not json'].join('\n'));
    const first = await run(CLI, ['import', file], env);
    expect(first.stdout).toContain('accepted 6, duplicate 0, rejected 2');
    expect(first.stdout).toMatch(/rejected \S*import\.jsonl:7: date: month 13 does not exist/);
    expect(first.stdout).toMatch(/rejected \S*import\.jsonl:8: malformed JSON/);
    expect(first.code).toBe(1);

    writeFileSync(file, [...entities, ...good].map((r) => JSON.stringify(r)).join('\n'));
    const again = await run(CLI, ['import', file], env);
    expect(again.stdout).toContain('accepted 0, duplicate 6, rejected 0');
    expect(again.code).toBe(0);
  });

  it('lists the timeline with filters, as a table or JSON lines', async () => {
    const table = await run(CLI, ['timeline', '--subject', 'org:catl'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^2023\s+LicensingDealSigned\s+CATL licenses LFP technology to Ford$/m);
    const json = await run(CLI, ['timeline', '--country', 'HU', '--json'], env);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l).type)).toEqual(['FacilityOpened']);
    const bad = await run(CLI, ['timeline', '--from', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from');
  });

  it('lists the catalogue and explains itself', async () => {
    const catalogue = await run(CLI, ['catalogue'], env);
    expect(catalogue.stdout).toMatch(/^LicensingDealSigned\s+development/m);
    const help = await run(CLI, ['--help'], { ...env, PWD: ROOT });
    expect(help.stdout).toContain('timeline <command>');
    expect((await run(CLI, ['frobnicate'], env)).code).toBe(2);
  });
});

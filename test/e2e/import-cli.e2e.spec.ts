import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, run } from '../support/child.js';
import { entities } from '../support/fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const HEADER =
  'type,date,summary,subjects,sources.0.title,sources.0.url,sources.0.quote,data.facilityId,data.owner,data.kind,data.country';
const row = (n: number, date = '2025-12~') =>
  `FacilityOpened,${date},BYD opens plant ${n},org:byd;country:HU,Report,https://example.org/${n},opened,byd-${n},org:byd,plant,HU`;

describe('timeline import with a spreadsheet', () => {
  const dir = tempDir('import-cli');
  const env = { TIMELINE_DATA_DIR: join(dir.path, 'data') };
  afterAll(() => dir.cleanup());

  it('--dry-run names each bad row and its field and records nothing; the file then imports', async () => {
    const people = join(dir.path, 'entities.jsonl');
    writeFileSync(people, entities.map((e) => JSON.stringify(e)).join('\n'));
    expect((await run(CLI, ['import', people], env)).code).toBe(0);

    const sheet = join(dir.path, 'plants.csv');
    writeFileSync(sheet, [HEADER, row(1), row(2, '2025-13'), row(3)].join('\n'));
    const dry = await run(CLI, ['import', '--dry-run', sheet], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/would record \S*plants\.csv:row 2\n/);
    expect(dry.stdout).toMatch(/rejected \S*plants\.csv:row 3: date: /);
    expect(dry.stdout).toContain('dry run: would record 2, duplicate 0, rejected 1; nothing was recorded');
    expect((await run(CLI, ['timeline', '--subject', 'org:byd', '--json'], env)).stdout.trim()).toBe('');

    writeFileSync(sheet, [HEADER, row(1), row(2), row(3)].join('\n'));
    const real = await run(CLI, ['import', sheet], env);
    expect([real.code, real.stdout]).toEqual([0, expect.stringContaining('accepted 3, duplicate 0, rejected 0')]);
    const again = await run(CLI, ['import', '--dry-run', sheet], env);
    expect(again.stdout).toContain('would record 0, duplicate 3, rejected 0');
    expect(again.code).toBe(0);
  }, 120_000);
});

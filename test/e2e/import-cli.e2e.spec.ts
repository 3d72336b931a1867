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

  it('--dry-run checks a file of more rows than one import request holds, a part at a time, as the whole file', async () => {
    // 10,200 developments naming an organisation the file registers on its last line; row 9,001
    // repeats the id of row 1 (another part of the file); row 10,000 has no such month.
    const plant = (n: number, date = '2024-05') => ({
      ...(n === 1 || n === 9_001 ? { id: '0b9f6a52-1d5e-4c3a-9f1e-2a7c5d8e4b10' } : {}),
      type: 'FacilityOpened',
      date,
      summary: `Plant ${n} opens`,
      subjects: ['org:dry-run-maker'],
      sources: [{ title: 'A report', url: `https://example.org/plants/${n}`, quote: 'opened' }],
      data: { facilityId: `dry-run-${n}`, owner: 'org:dry-run-maker', kind: 'plant', country: 'HU' },
    });
    const lines = Array.from({ length: 10_200 }, (_, i) =>
      JSON.stringify(plant(i + 1, i + 1 === 10_000 ? '2024-13' : '2024-05')),
    );
    lines.push(
      JSON.stringify({ entityId: 'org:dry-run-maker', kind: 'organisation', name: 'Dry Run Maker', homeCountry: 'NL' }),
    );
    const file = join(dir.path, 'many.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const dry = await run(CLI, ['import', '--dry-run', file], env);
    expect(dry.stderr).not.toContain('BATCH_TOO_LARGE');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('dry run: would record 10199, duplicate 0, rejected 2; nothing was recorded');
    expect(dry.stdout).toMatch(/would record \S*many\.jsonl:10201\n/);
    expect(dry.stdout).toMatch(/would record \S*many\.jsonl:1\n/);
    expect(dry.stdout).toMatch(/rejected \S*many\.jsonl:9001: id: same id as row 1\n/);
    expect(dry.stdout).toMatch(/rejected \S*many\.jsonl:10000: date: /);
    expect((await run(CLI, ['timeline', '--subject', 'org:dry-run-maker', '--json'], env)).stdout.trim()).toBe('');
  }, 120_000);
});

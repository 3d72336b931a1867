import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, run } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';
import { entities, facilityOpened, licensingDeal } from '../support/fixtures.js';

// Each command is a process that starts the service's whole context: on a machine busy with the
// other suites a command took up to 10 s, so each test has the budget of the longest.
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
  }, 120_000);

  it('imports the entities of a file first, wherever they stand in it', async () => {
    const own = tempDir('cli-order');
    try {
      const file = join(own.path, 'late-entities.jsonl');
      // Developments that name organisations registered only at the end of the file, a blank line between.
      const lines = [facilityOpened(), licensingDeal(), '', ...entities].map((r) =>
        r === '' ? '' : JSON.stringify(r),
      );
      writeFileSync(file, `${lines.join('\n')}\n`);
      const imported = await run(CLI, ['import', file], { TIMELINE_DATA_DIR: join(own.path, 'data') });
      expect(imported.stdout).toContain(`accepted ${entities.length + 2}, duplicate 0, rejected 0`);
      expect(imported.code).toBe(0);
    } finally {
      own.cleanup();
    }
  }, 120_000);

  it('builds the views once after an import as large as the timeline, equal to a rebuild from the log', async () => {
    const big = tempDir('cli-bulk');
    try {
      const bulkEnv = { TIMELINE_DATA_DIR: join(big.path, 'data') };
      const file = join(big.path, 'plants.jsonl');
      const plants = Array.from({ length: 1_050 }, (_, i) =>
        facilityOpened({ date: `${2000 + (i % 25)}` }, { facilityId: `byd-plant-${i}` }),
      );
      writeFileSync(file, [...entities, ...plants].map((r) => JSON.stringify(r)).join('\n'));
      // The counts over time and the index by reference written out as the build goes (as a large
      // one does): the same rows.
      const imported = await run(CLI, ['import', file], {
        ...bulkEnv,
        TIMELINE_BUILD_COUNT_MEMORY: '20',
        TIMELINE_BUILD_REF_MEMORY: '7',
      });
      expect(imported.stdout).toContain(`accepted ${entities.length + plants.length}, duplicate 0, rejected 0`);
      expect(imported.stderr).toContain('folding rows');
      const state = await run(
        CLI,
        ['state', 'facilities', '--as-of', '2030-01-01', '--country', 'HU', '--json'],
        bulkEnv,
      );
      expect(state.stderr).toBe('');
      // A page of 500 (the CLI's limit), every one of them operating.
      const rows = state.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { value: { status: string } });
      expect(rows.map((r) => r.value.status)).toEqual(Array(500).fill('operating'));
      expect((await run(CLI, ['verify'], bulkEnv)).code).toBe(0);
    } finally {
      big.cleanup();
    }
  }, 120_000);

  it('lists the timeline with filters, as a table or JSON lines', async () => {
    const table = await run(CLI, ['timeline', '--subject', 'org:catl'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^2023\s+LicensingDealSigned\s+CATL licenses LFP technology to Ford$/m);
    const json = await run(CLI, ['timeline', '--country', 'HU', '--json'], env);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    ).toEqual(['FacilityOpened']);
    const bad = await run(CLI, ['timeline', '--from', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from');
  }, 120_000);

  it('answers a view as of a date, replays, rebuilds and verifies the read model against the log', async () => {
    const state = await run(CLI, ['state', 'facilities', '--as-of', '2026-01-01', '--country', 'HU', '--json'], env);
    expect(state.code).toBe(0);
    expect(
      state.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).value.status),
    ).toEqual(['operating']);
    const before = await run(CLI, ['state', 'facilities', '--as-of', '2024-01-01'], env);
    expect(before.stdout).toBe('');
    const replay = await run(CLI, ['replay', '--subject', 'org:catl'], env);
    expect(replay.stdout).toMatch(/LicensingDealSigned[\s\S]*-> licensing\/catl-ford-lfp: new row/);
    expect((await run(CLI, ['rebuild', 'licensing'], env)).code).toBe(0);
    // Folded on a worker thread, as large builds are, the counts and the index by reference written
    // out as they go: the same rows as the incremental ones.
    const verified = await run(CLI, ['verify'], {
      ...env,
      TIMELINE_BUILD_WORKER_MIN: '0',
      TIMELINE_BUILD_COUNT_MEMORY: '1',
      TIMELINE_BUILD_REF_MEMORY: '3',
    });
    expect(verified.stdout).toContain('read model matches a rebuild from the log');
    expect(verified.code).toBe(0);

    const db = new Database(join(env.TIMELINE_DATA_DIR, 'read-model.db'));
    db.prepare(
      "UPDATE view_states SET state = '{}' WHERE sid IN (SELECT sid FROM view_versions WHERE vw IN (SELECT vw FROM view_defs WHERE name = 'facilities'))",
    ).run();
    db.close();
    const broken = await run(CLI, ['verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('view_versions');
    expect((await run(CLI, ['rebuild'], env)).code).toBe(0);
    expect((await run(CLI, ['verify'], env)).code).toBe(0);
    const unknown = await run(CLI, ['state', 'castles'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('UNKNOWN_VIEW');
    // Nine processes of the CLI one after another, a rebuild and a verify among them: on a busy machine, more than 30 s.
  }, 120_000);

  it('builds the views of a read model made from nothing before answering from them', async () => {
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(env.TIMELINE_DATA_DIR, `read-model.db${suffix}`), { force: true });
    const state = await run(CLI, ['state', 'facilities', '--as-of', '2026-01-01', '--json'], env);
    expect(state.stderr).not.toContain('VIEW_REBUILDING');
    expect(state.code).toBe(0);
    expect(state.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('lists the catalogue and explains itself', async () => {
    const catalogue = await run(CLI, ['catalogue'], env);
    expect(catalogue.stdout).toMatch(/^LicensingDealSigned\s+development/m);
    const help = await run(CLI, ['--help'], { ...env, PWD: ROOT });
    expect(help.stdout).toContain('timeline <command>');
    expect((await run(CLI, ['frobnicate'], env)).code).toBe(2);
  });
});

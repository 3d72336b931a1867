import { spawn } from 'node:child_process';
import { startApp } from '../support/app.js';
import { CLI, ROOT } from '../support/child.js';
import { entities, facilityOpened } from '../support/fixtures.js';

describe('timeline tail', () => {
  it('follows the feed of a running service with filters, one line per development', async () => {
    const api = await startApp();
    const child = spawn(process.execPath, [CLI, 'tail', '--url', api.url, '--country', 'BR'], { cwd: ROOT });
    try {
      await api.call('POST', '/entities', entities);
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      const deadline = Date.now() + 15_000;
      let sent = 0;
      while (!output.includes('BYD opens Camacari') && Date.now() < deadline) {
        // The tail connects asynchronously: keep recording until it has seen one.
        await api.call('POST', '/developments', [
          facilityOpened({ summary: 'BYD opens Szeged' }),
          facilityOpened({ summary: 'BYD opens Camacari' }, { country: 'BR', facilityId: `camacari-${sent++}` }),
        ]);
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(output).toMatch(/DevelopmentRecorded\s+2025-07\s+FacilityOpened\s+BYD opens Camacari/);
      expect(output).not.toContain('Szeged');
    } finally {
      child.kill();
      await api.close();
    }
  });
});

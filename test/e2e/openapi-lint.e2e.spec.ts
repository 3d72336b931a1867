import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../support/app.js';
import { ROOT, run } from '../support/child.js';
import { tempDir } from '../support/temp-dir.js';

type Json = Record<string, any>;
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

describe('the OpenAPI document, as code generators and linters read it', () => {
  const dir = tempDir('openapi-lint');
  let api: RunningApp;
  let doc: Json;
  beforeAll(async () => {
    api = await startApp();
    doc = (await api.call('GET', '/docs/openapi.json')).body;
  });
  afterAll(async () => {
    await api.close();
    dir.cleanup();
  });

  it('passes `redocly lint` (recommended rules, redocly.yaml) with no error and no warning', async () => {
    const file = join(dir.path, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const lint = await run(REDOCLY, ['lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'], {
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    });
    const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    expect({ totals: report.totals, problems: report.problems.slice(0, 5) }).toEqual({
      totals: expect.objectContaining({ errors: 0, warnings: 0 }),
      problems: [],
    });
    expect(lint.code).toBe(0);
  }, 120_000);

  it('gives each export format its own media type and schema, JSON staying one page schema', () => {
    for (const path of ['/timeline', '/state/{view}']) {
      const content = doc.paths[path].get.responses['200'].content;
      expect(Object.keys(content).sort()).toEqual(
        expect.arrayContaining(['application/json', 'application/vnd.timelinejs+json', 'text/csv']),
      );
      expect(content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/(TimelinePage|StatePage)$/);
      expect(content['application/vnd.timelinejs+json'].schema).toEqual({ $ref: '#/components/schemas/TimelineJs' });
      expect(content['text/csv'].schema.type).toBe('string');
    }
  });

  it('says which operations need a key: writes the bearer scheme, reads none', () => {
    expect(doc.paths['/timeline'].get.security).toEqual([]);
    expect(doc.paths['/developments'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });
});

import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linesOf, readRecords, WHOLE_FILE_MAX_BYTES } from '../../src/import/read-records.js';

describe('reading an import file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-records-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads lines a chunk at a time, keeping characters split across chunks whole', () => {
    const text = '{"a":"é"}\n\n{"b":"中文 🚀"}\r\nlast line without newline ünïcödé';
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, text);
    for (let chunk = 1; chunk <= 17; chunk += 1) expect([...linesOf(file, chunk)]).toEqual(text.split('\n'));
  });

  it('numbers records by line, blank lines included, and keeps unreadable lines as such', () => {
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, '{"id":1}\n\nnot json\n{"id":2}\n');
    const records = readRecords(file);
    expect(records.map((r) => r.origin)).toEqual([`${file}:1`, `${file}:3`, `${file}:4`]);
    expect(records[0]!.value).toEqual({ id: 1 });
    expect(records[1]!.parseError).toMatch(/^malformed JSON/);
    expect(records[2]!.value).toEqual({ id: 2 });
  });

  it('reads a JSON Lines file larger than the longest string the runtime holds', () => {
    // 540 lines of 1 MiB of spaces, then one record: 540 MiB, past the 2^29 - 24 characters
    // that reading the file whole into one string cannot go beyond.
    const file = join(dir, 'large.jsonl');
    const fd = openSync(file, 'w');
    const blank = Buffer.alloc(1024 * 1024, 0x20);
    blank[blank.length - 1] = 0x0a;
    try {
      for (let i = 0; i < 540; i += 1) writeSync(fd, blank);
      writeSync(fd, '{"id":"last"}\n');
    } finally {
      closeSync(fd);
    }
    const records = readRecords(file);
    rmSync(file);
    expect(records).toEqual([{ origin: `${file}:541`, value: { id: 'last' } }]);
  }, 60_000);

  it('says plainly when a JSON document is too large to read whole', () => {
    const file = join(dir, 'large.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, WHOLE_FILE_MAX_BYTES + 1);
    closeSync(fd);
    const [record] = readRecords(file);
    rmSync(file);
    expect(record!.parseError).toMatch(/more than the 500 MB read whole: split it, or write it as JSON Lines/);
  });
});

import { checkDevelopment, EntityRegistered } from '../../events/index.js';
import { facilityOpened } from '../support/fixtures.js';

const source = { title: 'A report', url: 'https://example.org/report', quote: 'as reported' };

const errorsOf = (input: unknown) => {
  const checked = checkDevelopment(input);
  return checked.ok ? [] : checked.errors;
};

describe('text fields carry only what XML 1.0 can', () => {
  it.each([
    ['NUL', '\u0000', 'U+0000'],
    ['a C0 control', 'a\u0007b', 'U+0007'],
    ['vertical tab', 'a\u000Bb', 'U+000B'],
    ['form feed', 'a\u000Cb', 'U+000C'],
    ['escape', 'a\u001Bb', 'U+001B'],
    ['U+FFFE', 'a\uFFFEb', 'U+FFFE'],
    ['U+FFFF', 'a\uFFFFb', 'U+FFFF'],
    ['a lone high surrogate', 'a\uD800b', 'U+D800'],
    ['a lone low surrogate', 'a\uDC00b', 'U+DC00'],
    ['a high surrogate at the end', 'ab\uDBFF', 'U+DBFF'],
  ])('refuses %s in the summary, naming the field', (_name, bad, named) => {
    expect(errorsOf(facilityOpened({ summary: `BYD ${bad} plant` }))).toEqual([
      { path: 'summary', code: 'invalid_character', message: expect.stringContaining(named) },
    ]);
  });

  it.each([
    ['dateNote', (bad: string) => facilityOpened({ dateNote: bad })],
    ['sources.0.title', (bad: string) => facilityOpened({ sources: [{ ...source, title: bad }] })],
    ['sources.0.quote', (bad: string) => facilityOpened({ sources: [{ ...source, quote: bad }] })],
    ['sources.0.publisher', (bad: string) => facilityOpened({ sources: [{ ...source, publisher: bad }] })],
    ['sources.0.url', (bad: string) => facilityOpened({ sources: [{ ...source, url: `https://example.org/${bad}` }] })],
    ['data.location', (bad: string) => facilityOpened({}, { location: bad })],
    ['data.products.0', (bad: string) => facilityOpened({}, { products: [bad] })],
  ])('refuses them in %s', (path, build) => {
    expect(errorsOf(build('x\uFFFFy'))).toContainEqual(expect.objectContaining({ path }));
  });

  it('refuses them in an entity name', () => {
    const parsed = EntityRegistered.safeParse({
      entityId: 'org:x',
      kind: 'organisation',
      name: 'X\u0000',
      homeCountry: 'CN',
    });
    expect(parsed.success).toBe(false);
  });

  it('keeps tab, newline, carriage return and paired surrogates', () => {
    expect(errorsOf(facilityOpened({ summary: 'BYD\tplant\nin\rHungary \uD83D\uDE97 \uE000 \uFFFD' }))).toEqual([]);
  });
});

describe('every string field has a length limit', () => {
  it('refuses a source URL over 2,048 characters, naming it', () => {
    const url = `https://example.org/${'a'.repeat(1024 * 1024)}`;
    expect(errorsOf(facilityOpened({ sources: [{ ...source, url }] }))).toEqual([
      expect.objectContaining({ path: 'sources.0.url', code: 'too_big' }),
    ]);
  });

  it.each([
    ['subjects.0', facilityOpened({ subjects: [`org:${'a'.repeat(100_000)}`] })],
    ['date', facilityOpened({ date: '2'.repeat(100_000) })],
    ['type', { ...facilityOpened(), type: 'F'.repeat(100_000) }],
    ['data.country', facilityOpened({}, { country: 'H'.repeat(100_000) })],
    ['data.owner', facilityOpened({}, { owner: `org:${'b'.repeat(100_000)}` })],
  ])('refuses a long %s with one error', (path, input) => {
    expect(errorsOf(input)).toEqual([expect.objectContaining({ path, code: 'too_big' })]);
  });
});

import { prefersHtml } from '../../src/web/negotiate.js';

describe('which answer a request asks for at a development or entity address', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['application/json;q=0.5, text/html', true],
  ])('a browser asking %s gets the page', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });

  it.each([
    [undefined],
    ['*/*'],
    ['application/json'],
    ['application/json, text/html'],
    ['text/html;q=0'],
    ['application/problem+json, text/html;q=0.9'],
  ])('a client asking %s keeps the JSON default', (accept) => {
    expect(prefersHtml(accept)).toBe(false);
  });
});

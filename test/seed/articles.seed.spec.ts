import { articleTexts, ARTICLES_DIR, developmentsByArticle, excludedByArticle, normalise } from './seed-data.js';

/** How many developments each article yields; EXCLUDED.md accounts for the rest of its text. */
const RECORDED = {
  '000_ec14f0705c4a06ec.txt': 12,
  '001_925702f4b1f3ce9c.txt': 18,
  '002_cf48a3aa66052b39.txt': 2,
  '003_9107118b06350a08.txt': 1,
  '004_eeb0679d2c1efe20.txt': 43,
};

describe('the seed and its articles', () => {
  const byArticle = developmentsByArticle();
  const excluded = excludedByArticle();

  it('yields the stated number of developments per article, as EXCLUDED.md says', () => {
    const counts = Object.fromEntries([...byArticle].map(([article, records]) => [article, records.length]));
    expect(counts).toEqual(RECORDED);
    expect(Object.fromEntries([...excluded].map(([article, s]) => [article, s.recorded]))).toEqual(RECORDED);
  });

  it('says in EXCLUDED.md, for every article, what it left out', () => {
    for (const article of Object.keys(RECORDED)) expect(excluded.get(article)?.quotes.length).toBeGreaterThan(0);
  });

  const texts = articleTexts();
  if (!texts) {
    console.warn(`${ARTICLES_DIR} not found: the verbatim-quote checks of the seed are skipped`);
  }
  (texts ? describe : describe.skip)('quotes, checked against the articles', () => {
    it('finds every quote of every source verbatim (whitespace-normalised) in its article', () => {
      const missing = [...byArticle].flatMap(([article, records]) =>
        records.flatMap((d) =>
          d.sources
            .filter((s) => !texts!.get(s.document ?? article)?.includes(normalise(s.quote)))
            .map((s) => `${d.id}: ${s.quote}`),
        ),
      );
      expect(missing).toEqual([]);
    });

    it('finds every quote of EXCLUDED.md verbatim in its article', () => {
      const missing = [...excluded].flatMap(([article, s]) =>
        s.quotes.filter((q) => !texts!.get(article)?.includes(normalise(q))).map((q) => `${article}: ${q}`),
      );
      expect(missing).toEqual([]);
    });

    it("takes each source title from its article's own words, never a line cut mid-sentence", () => {
      for (const [article, records] of byArticle) {
        const title = normalise(records[0]!.sources[0]!.title);
        const text = texts!.get(article)!;
        expect(text).toContain(title);
        // What follows a whole title starts a new sentence; a cut-off line runs on in lower case.
        expect(text.slice(text.indexOf(title) + title.length)).not.toMatch(/^ [a-z]/);
      }
    });
  });
});

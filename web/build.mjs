// Builds the explorer page into dist/web: the script and style sheet bundled by esbuild, the world map
// projected once here (so the browser only draws paths; the explorer's HTML holds it as SVG), and
// index.html naming each file by its hash.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { geoArea, geoCentroid, geoNaturalEarth1, geoPath } from 'd3-geo';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const OUT = join(WEB, '..', 'dist', 'web');
const require = createRequire(import.meta.url);
export const MAP_SIZE = { width: 960, height: 470 };

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const bundle = await build({
  entryPoints: [
    join(WEB, 'src', 'main.ts'),
    join(WEB, 'src', 'first.ts'),
    join(WEB, 'src', 'pages', 'development.ts'),
    join(WEB, 'src', 'pages', 'entity.ts'),
    join(WEB, 'src', 'pages', 'timelinejs.ts'),
    join(WEB, 'style.css'),
  ],
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  entryNames: '[name]-[hash]',
  outdir: OUT,
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(bundle.metafile.outputs).map((path) => basename(path));
/** The built file of an entry point, by the entry's file name. */
const built = (entry) =>
  basename(
    Object.entries(bundle.metafile.outputs).find(
      ([path, o]) => o.entryPoint?.endsWith(entry) && !path.endsWith('.map'),
    )[0],
  );
const styles = built('style.css');
const worldShapes = worldMap();
const world = hashed('world', '.json', JSON.stringify(worldShapes));
const mapSvg = mapMarkup(worldShapes);
const timelineJs = timelineJsFiles();

/**
 * Each page's HTML from its template, naming its script, the style sheet and the world map by their
 * hashed names; a development's and an organisation's page share one reader's template.
 */
const pages = {
  index: ['index.html', 'main.ts'],
  development: ['reader.html', 'development.ts'],
  entity: ['reader.html', 'entity.ts'],
  timelinejs: ['timelinejs.html', 'timelinejs.ts'],
};
for (const [page, [template, entry]] of Object.entries(pages)) {
  const html = readFileSync(join(WEB, template), 'utf8')
    .replaceAll('%SCRIPT%', `/web/${built(entry)}`)
    .replaceAll('%FIRST%', `/web/${built('first.ts')}`)
    .replaceAll('%STYLES%', `/web/${styles}`)
    .replaceAll('%WORLD%', `/web/${world}`)
    .replaceAll('%MAP%', mapSvg)
    .replaceAll('%TIMELINEJS_SCRIPT%', `/web/${timelineJs.script}`)
    .replaceAll('%TIMELINEJS_STYLES%', `/web/${timelineJs.styles}`);
  writeFileSync(join(OUT, `${page}.html`), html);
}
writeFileSync(
  join(OUT, 'manifest.json'),
  JSON.stringify(
    {
      index: 'index.html',
      pages: { development: 'development.html', entity: 'entity.html', timelinejs: 'timelinejs.html' },
      assets: [...outputs, world, ...timelineJs.files],
    },
    null,
    2,
  ),
);

/**
 * Countries of Natural Earth (world-atlas) as SVG paths keyed by ISO 3166-1 alpha-2 code. The 1:110m
 * outlines keep the page light; countries too small for that scale become dots at their 1:50m centroid.
 */
function worldMap() {
  const shapes = (file) => {
    const topology = require(`world-atlas/${file}`);
    return feature(topology, topology.objects.countries)
      .features.map((f) => ({ ...f, code: f.id === undefined ? undefined : countries.numericToAlpha2(f.id) }))
      .filter((f) => f.code !== undefined && f.code !== 'AQ');
  };
  const outlines = shapes('countries-110m.json');
  const drawn = new Set(outlines.map((f) => f.code));
  const projection = geoNaturalEarth1().fitSize([MAP_SIZE.width, MAP_SIZE.height], {
    type: 'FeatureCollection',
    features: outlines,
  });
  const path = geoPath(projection).digits(1);
  const round = ([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  return {
    ...MAP_SIZE,
    countries: [
      ...outlines.map((f) => ({
        code: f.code,
        name: f.properties.name,
        path: path(f),
        at: round(projection(geoCentroid(mainland(f)))),
      })),
      ...shapes('countries-50m.json')
        .filter((f) => !drawn.has(f.code))
        .map((f) => ({ code: f.code, name: f.properties.name, dot: round(projection(geoCentroid(f))) })),
    ],
  };
}

/**
 * The world map as SVG markup, for the explorer's HTML: the browser draws it as it reads the page, before
 * any script runs, and the script only shades it. The same shapes and classes the map's script draws
 * from the JSON; each country's title its name in English, as the browser names regions.
 */
function mapMarkup(world) {
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  const text = (s) => String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
  const name = (code, fallback) => {
    try {
      return regions.of(code) ?? fallback;
    } catch {
      return fallback;
    }
  };
  const pattern = (id, dash) =>
    `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    '<rect width="6" height="6" class="hatch-ground"></rect>' +
    `<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"${dash ? ` stroke-dasharray="${dash}"` : ''}></line></pattern>`;
  const shapes = world.countries.map((c) => {
    const centre = c.at ?? c.dot;
    const attributes = `data-country="${text(c.code)}"${centre ? ` data-at="${centre.join(',')}"` : ''}`;
    const title = `<title>${text(name(c.code, c.name))}</title>`;
    return c.path
      ? `<path d="${c.path}" class="country level-0" ${attributes}>${title}</path>`
      : `<circle cx="${c.dot[0]}" cy="${c.dot[1]}" r="2.5" class="country small level-0" ${attributes}>${title}</circle>`;
  });
  return (
    `<svg viewBox="0 0 ${world.width} ${world.height}" role="img" aria-labelledby="map-heading map-summary">` +
    `<defs>${pattern('hatch')}${pattern('dots', '1 2')}</defs>${shapes.join('')}` +
    '<g class="links" aria-hidden="true"></g></svg>'
  );
}

/**
 * Knight Lab's TimelineJS from its npm package, served by the service like every other file: its
 * script, its style sheet with the icon font's addresses rewritten to the flat /web/ names.
 */
function timelineJsFiles() {
  const dist = join(dirname(require.resolve('@knight-lab/timelinejs/package.json')), 'dist');
  const icons = ['eot', 'svg', 'ttf', 'woff', 'woff2'].map((ext) => {
    const file = `timelinejs-icons.${ext}`;
    writeFileSync(join(OUT, file), readFileSync(join(dist, 'css', 'icons', `tl-icons.${ext}`)));
    return file;
  });
  const css = readFileSync(join(dist, 'css', 'timeline.css'), 'utf8').replaceAll(
    '../js/../css/icons/tl-icons.',
    'timelinejs-icons.',
  );
  const script = hashed('timelinejs', '.js', readFileSync(join(dist, 'js', 'timeline.js'), 'utf8'));
  const styles = hashed('timelinejs', '.css', css);
  return { script, styles, files: [script, styles, ...icons] };
}

/** A country's largest polygon: where a line to it is drawn (France, not halfway to French Guiana). */
function mainland(f) {
  if (f.geometry.type !== 'MultiPolygon') return f;
  const area = (polygon) => geoArea({ type: 'Polygon', coordinates: polygon });
  const largest = f.geometry.coordinates.reduce((a, b) => (area(b) > area(a) ? b : a));
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: largest } };
}

function hashed(name, extension, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8).toUpperCase();
  const file = `${name}-${hash}${extension}`;
  writeFileSync(join(OUT, file), content);
  return file;
}

// Builds the explorer page into dist/web: the script and style sheet bundled by esbuild, the world map
// projected once here (so the browser only draws paths), and index.html naming each file by its hash.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { geoCentroid, geoNaturalEarth1, geoPath } from 'd3-geo';
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';

const WEB = fileURLToPath(new URL('.', import.meta.url));
const OUT = join(WEB, '..', 'dist', 'web');
const require = createRequire(import.meta.url);
export const MAP_SIZE = { width: 960, height: 470 };

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const bundle = await build({
  entryPoints: [join(WEB, 'src', 'main.ts'), join(WEB, 'style.css')],
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
const script = outputs.find((name) => name.endsWith('.js'));
const styles = outputs.find((name) => name.endsWith('.css'));
const world = hashed('world', '.json', JSON.stringify(worldMap()));

const index = readFileSync(join(WEB, 'index.html'), 'utf8')
  .replaceAll('%SCRIPT%', `/web/${script}`)
  .replaceAll('%STYLES%', `/web/${styles}`)
  .replaceAll('%WORLD%', `/web/${world}`);
writeFileSync(join(OUT, 'index.html'), index);
writeFileSync(
  join(OUT, 'manifest.json'),
  JSON.stringify({ index: 'index.html', assets: [...outputs, world] }, null, 2),
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
      ...outlines.map((f) => ({ code: f.code, name: f.properties.name, path: path(f) })),
      ...shapes('countries-50m.json')
        .filter((f) => !drawn.has(f.code))
        .map((f) => ({ code: f.code, name: f.properties.name, dot: round(projection(geoCentroid(f))) })),
    ],
  };
}

function hashed(name, extension, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8).toUpperCase();
  const file = `${name}-${hash}${extension}`;
  writeFileSync(join(OUT, file), content);
  return file;
}

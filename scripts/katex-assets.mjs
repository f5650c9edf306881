// Writes src/report/katex-assets.json: KaTeX's stylesheet and its woff2 fonts (base64), so the
// HTML report can inline them without reading the disk at run time — the same code then runs in
// Node and in a browser. Generated (not committed): `npm run build` and `npm test` run this first.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const out = fileURLToPath(new URL('../src/report/katex-assets.json', import.meta.url));

export function writeKatexAssets() {
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const version = JSON.parse(readFileSync(join(dirname(cssPath), '..', 'package.json'), 'utf8')).version;
  if (existsSync(out) && JSON.parse(readFileSync(out, 'utf8')).version === version) return out;
  const fontsDir = join(dirname(cssPath), 'fonts');
  const fonts = {};
  for (const f of readdirSync(fontsDir).filter((f) => f.endsWith('.woff2')).sort()) fonts[f] = readFileSync(join(fontsDir, f)).toString('base64');
  writeFileSync(out, JSON.stringify({ version, css: readFileSync(cssPath, 'utf8'), fonts }));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = writeKatexAssets();
  if (!process.argv.includes('--quiet')) console.log(`wrote ${file}`);
}

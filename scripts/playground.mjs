// `npm run playground`: the playground page, src/playground/ → dist/playground/index.html.
// One HTML file with everything inlined, so it opens from a file:// URL or any static host and
// fetches nothing at run time:
//   - the script: src/playground/main.ts bundled by esbuild with matdiff's public entry
//     (src/index.ts, which brings the core, fraction.js, KaTeX and the report layer) and
//     CodeMirror, as one classic (IIFE) script: a module script would not load from file://;
//   - KaTeX's stylesheet with its woff2 fonts as data: URLs, and the page's stylesheet.
// The page may import from src/ only the public entry: the build fails on any other src/ module
// imported from src/playground/ (docs/playground.md).
//   node scripts/playground.mjs [--quiet]
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeKatexAssets } from './katex-assets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src', 'playground');
const out = join(root, 'dist', 'playground');
const require = createRequire(import.meta.url);
const quiet = process.argv.includes('--quiet');
const log = (s) => quiet || console.log(s);

/** the inputs of src/playground/ that import a module of src/ other than the public entry */
export function internalImports(metafile) {
  const bad = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (!file.startsWith('src/playground/')) continue;
    for (const imp of input.imports) {
      const p = imp.path;
      if (p.startsWith('src/') && !p.startsWith('src/playground/') && p !== 'src/index.ts') bad.push(`${file} imports ${p}`);
    }
  }
  return bad;
}

/** KaTeX's stylesheet with every woff2 font inlined (the woff and ttf fallbacks dropped) */
function katexCss() {
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const css = readFileSync(cssPath, 'utf8');
  return css.replace(/src:url\(fonts\/([\w-]+\.woff2)\) format\("woff2"\)[^;}]*/g, (_, file) => {
    const data = readFileSync(join(dirname(cssPath), 'fonts', file)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/** fill a /*NAME*\/ slot of the template (a function replacer: `$` in the text is no pattern) */
const fill = (template, slot, text) => {
  if (!template.includes(slot)) throw new Error(`src/playground/index.html has no ${slot}`);
  return template.replace(slot, () => text);
};

export async function buildPlayground() {
  // the core bundles KaTeX's stylesheet and fonts for its HTML reports (generated, not committed)
  writeKatexAssets();
  const result = await build({
    entryPoints: [join(source, 'main.ts')],
    absWorkingDir: root,
    bundle: true,
    write: false,
    outfile: 'playground.js',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  const bad = internalImports(result.metafile);
  if (bad.length) throw new Error(`the playground must use matdiff's public API (src/index.ts) only:\n  ${bad.join('\n  ')}`);
  const nodeish = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith('node:')).map((x) => x.path));
  if (nodeish.length) throw new Error(`node: modules in the playground bundle: ${nodeish.join(', ')}`);

  let script = result.outputFiles[0].text;
  // inside <script>, `</script` would end the element and `<!--` change how it is read
  script = script.replace(/<\/script/gi, '<\\/script');
  if (script.includes('<!--')) throw new Error('the playground script contains `<!--`, which cannot be inlined in a <script> element as it is');
  const css = katexCss();
  const pageCss = readFileSync(join(source, 'style.css'), 'utf8');
  let html = readFileSync(join(source, 'index.html'), 'utf8');
  html = fill(html, '/*KATEX_CSS*/', css);
  html = fill(html, '/*PAGE_CSS*/', pageCss);
  html = fill(html, '/*SCRIPT*/', script);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const file = join(out, 'index.html');
  writeFileSync(file, html);
  const inputs = Object.keys(result.metafile.inputs);
  return {
    file,
    bytes: Buffer.byteLength(html),
    gzipBytes: gzipSync(html).length,
    scriptBytes: Buffer.byteLength(script),
    katexCssBytes: Buffer.byteLength(css),
    inputs,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildPlayground();
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  log(`playground built: ${r.file.slice(root.length)} ${kb(r.bytes)} (${kb(r.gzipBytes)} gzipped): script ${kb(r.scriptBytes)}, KaTeX stylesheet and fonts ${kb(r.katexCssBytes)}`);
  log('open it from disk (file://) or any static host; it fetches nothing');
}

// `npm run build` (also the `prepare` script, so `npm ci` builds): src/ → dist/.
//   dist/index.js         the core entry, ESM: derive, check, evaluate, parse, reports as strings.
//                         No node: import, so it runs unchanged in a browser or a bundler.
//   dist/node.js          the core plus Node-only helpers (writing reports to files).
//   dist/cli.js           the `matdiff` command (Node).
//   dist/chunks/…         the engine, shared by those three (esbuild's code splitting).
//   dist/cjs/…            the same two library entries as CommonJS, for require().
//   dist/types/…          .d.ts for the ESM entries; dist/cjs/types/… the same for CommonJS.
//   dist/browser/matdiff.js  one ESM file with everything (fraction.js, KaTeX and its fonts).
// esbuild bundles (one file per entry: Node loads one module, not seventy); tsc writes the types.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { writeKatexAssets } from './katex-assets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const quiet = process.argv.includes('--quiet');
const log = (s) => quiet || console.log(s);

/** the Node bundles keep the runtime dependencies external, so the consumer's copy is shared */
const external = Object.keys(pkg.dependencies ?? {});

/** src/node.ts imports the core as './index.js': in CommonJS keep that a require of the core */
const coreExternal = {
  name: 'core-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/index\.js$/ }, (a) => (a.importer.endsWith(`src/node.ts`) ? { path: './index.js', external: true } : undefined));
  },
};

const common = { bundle: true, target: 'es2022', legalComments: 'inline', logLevel: 'warning', absWorkingDir: root, define: { MATDIFF_VERSION: JSON.stringify(pkg.version) } };

rmSync(dist, { recursive: true, force: true });
writeKatexAssets();

await Promise.all([
  // one ESM build with code splitting: index, node and cli share one copy of the engine (a chunk)
  build({ ...common, entryPoints: { index: 'src/index.ts', node: 'src/node.ts', cli: 'src/cli/bin.ts' }, outdir: dist, chunkNames: 'chunks/[name]-[hash]', splitting: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], external: [...external, 'node:*'] }),
  build({ ...common, entryPoints: { index: 'src/index.ts', node: 'src/node.ts' }, outdir: `${dist}cjs`, format: 'cjs', platform: 'node', external, plugins: [coreExternal] }),
  build({ ...common, entryPoints: { matdiff: 'src/index.ts' }, outdir: `${dist}browser`, format: 'esm', platform: 'browser', minify: true, legalComments: 'eof' }),
]);
// the command: a shebang line, and executable
writeFileSync(`${dist}cli.js`, `#!/usr/bin/env node\n${readFileSync(`${dist}cli.js`, 'utf8')}`);
chmodSync(`${dist}cli.js`, 0o755);
writeFileSync(`${dist}cjs/package.json`, JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');

// types: one tsc run for the ESM entries, copied under dist/cjs (where package.json says
// commonjs, so TypeScript reads the same declarations as CommonJS for require() consumers)
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
mkdirSync(`${dist}cjs/types`, { recursive: true });
cpSync(`${dist}types`, `${dist}cjs/types`, { recursive: true });

const browser = readFileSync(`${dist}browser/matdiff.js`);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
log(`matdiff ${pkg.version} built: dist/browser/matdiff.js ${kb(browser.length)} (${kb(gzipSync(browser).length)} gzipped)`);

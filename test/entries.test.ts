// The entries and what each may import (docs/ARCHITECTURE.md, "Entries"): the core entry
// (src/index.ts) bundles for a browser with no node: module and no Node global; node: modules
// are reached only from src/node.ts, src/files.ts and the command line; no module of the core
// reads the disk when it loads. Checked on the sources with esbuild's own resolver (the same
// that makes dist/), so a new import anywhere in the core's graph is caught here, on any machine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build, type Metafile } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

async function graph(entry: string, platform: 'browser' | 'node'): Promise<Metafile> {
  const r = await build({ entryPoints: [entry], absWorkingDir: root, bundle: true, write: false, metafile: true, format: 'esm', platform, logLevel: 'silent', external: platform === 'node' ? ['fraction.js', 'katex'] : [] });
  return r.metafile;
}

test('entries: the core bundles for a browser, with no node: module', async () => {
  const meta = await graph('src/index.ts', 'browser');
  const ours = Object.keys(meta.inputs).filter((f) => f.startsWith('src/'));
  assert.ok(ours.length > 40, `the core graph has ${ours.length} modules`);
  const nodeish = Object.values(meta.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith('node:')).map((x) => x.path));
  assert.equal(nodeish, [], 'node: imports in the core graph');
  // no Node global either (esbuild would leave `process` or `Buffer` for the browser to fail on)
  for (const f of ours) {
    const text = readFileSync(`${root}${f}`, 'utf8').replace(/\/\/.*$/gm, '');
    assert.not.match(text, /\b(process\.|Buffer\.|__dirname|require\()/, `${f} uses a Node global`);
  }
  assert.not.ok(ours.includes('src/node.ts') || ours.some((f) => f.startsWith('src/cli/')), 'the core imports the Node entry or the command line');
});

test('entries: node: modules only in matdiff/node, src/files.ts and the command line', async () => {
  for (const entry of ['src/node.ts', 'src/cli/bin.ts']) {
    const meta = await graph(entry, 'node');
    for (const [file, input] of Object.entries(meta.inputs)) {
      if (!input.imports.some((x) => x.path.startsWith('node:'))) continue;
      assert.ok(file === 'src/node.ts' || file === 'src/files.ts' || file.startsWith('src/cli/'), `${file} imports a node: module`);
    }
  }
});

test.run();

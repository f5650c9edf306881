// docs/examples/ holds the reports of the five seed situations, as `npm run examples` makes them
// now. The largest relative error of a float check is printed in the reports; it depends on the
// platform's last bits of exp and log, so it is masked before comparing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, EXAMPLES_DIR, exampleFiles } from '../src/report/examples.js';

const mask = (s: string) => s.replace(/\d\.\de[-+]\d+/g, '#.#e-#');

let made: Map<string, string> | undefined;
const files = () => (made ??= exampleFiles());

test('examples: the five seed situations, in Markdown and HTML', () => {
  assert.equal(EXAMPLES.map((e) => e.seed), ['000', '001', '002', '003', '004']);
  assert.is(files().size, 11);
  for (const e of EXAMPLES) for (const ext of ['md', 'html']) assert.ok(files().has(`${e.slug}.${ext}`));
});

test('examples: docs/examples/ is up to date (npm run examples)', () => {
  const stale: string[] = [];
  for (const [name, text] of files()) {
    const path = join(EXAMPLES_DIR, name);
    if (!existsSync(path) || mask(readFileSync(path, 'utf8')) !== mask(text)) stale.push(name);
  }
  const extra = readdirSync(EXAMPLES_DIR).filter((f) => !files().has(f));
  assert.equal(stale, [], `stale: ${stale.join(', ')} — run \`npm run examples\``);
  assert.equal(extra, [], `files npm run examples does not make: ${extra.join(', ')}`);
});

test.run();

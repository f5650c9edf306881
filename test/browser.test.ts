// The HTML report in a real browser: Debian's chromium, driven by playwright-core, opens the
// seed 003 page from disk (offline) and must show typeset math — KaTeX's fonts loaded, no
// KaTeX error, no raw TeX in the visible text — and a screenshot is taken of it.
// .ci/run installs chromium; where there is none test/helpers/browser.ts skips this (or fails
// under MATDIFF_REQUIRE_BROWSER=1); MATDIFF_SKIP_BROWSER=1 skips it on purpose.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { derive } from '../src/index.js';
import { browserTest } from './helpers/browser.js';

browserTest(test, 'browser: the seed 003 HTML report shows rendered math, no raw TeX, no KaTeX error', async ({ context, dir }) => {
  const page = join(dir, 'seed003.html');
  const d = derive('v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', { wrt: 'W', vars: 'W: n x m; x: m; y: n' });
  writeFileSync(page, d.report('html'));
  const tab = await context.newPage();
  const requests: string[] = [];
  tab.on('request', (r) => requests.push(r.url()));
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  await tab.evaluate(() => document.fonts.ready.then(() => undefined));
  const seen = await tab.evaluate(() => {
    const text = document.body.innerText;
    const first = document.querySelector('.katex-html')?.getBoundingClientRect();
    return {
      katex: document.querySelectorAll('.katex').length,
      errors: document.querySelectorAll('.katex-error').length,
      text,
      fonts: ['KaTeX_Main', 'KaTeX_Math'].map((f) => document.fonts.check(`16px ${f}`)),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
      width: first ? first.width : 0,
    };
  });
  const png = join(dir, 'seed003.png');
  await tab.screenshot({ path: png, fullPage: true });
  console.log(`    screenshot: ${png}`);
  assert.ok(seen.katex >= 40, `only ${seen.katex} .katex elements`);
  assert.is(seen.errors, 0, 'a .katex-error is shown');
  for (const raw of ['\\frac', '\\left', '\\mathrm', '\\begin', '$$']) assert.not.ok(seen.text.includes(raw), `raw TeX ${raw} is visible`);
  assert.ok(seen.text.includes('∂E'), 'the typeset ∂E/∂W is not in the page text');
  assert.ok(seen.loaded.includes('KaTeX_Main') && seen.loaded.includes('KaTeX_Math'), `KaTeX fonts not loaded: ${seen.loaded.join(', ')}`);
  assert.ok(seen.width > 20, 'the first formula has no width');
  assert.equal(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), [], 'the page fetched something from outside');
  assert.ok(statSync(png).size > 20000, 'the screenshot is suspiciously small');
}, { keep: true });

test.run();

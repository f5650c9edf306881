// The playground page (docs/playground.md). In Node: the URL hash format, every example of the
// menu computed through the public API with its check passed, the page's sources importing from
// src/ only the public entry, and the built page fetching nothing. In Chromium (test/helpers/
// browser.ts: skipped where there is none, an error under MATDIFF_REQUIRE_BROWSER=1): the test
// builds the page with `npm run playground`'s script and opens dist/playground/index.html from a
// file:// URL, offline (context.setOffline and a route that aborts and records anything but
// file: and data:), types seed 003 and reads the gradient and its check, judges 2*A*x for x'*A*x,
// reproduces a page from its hash, shows a shape clash with its caret, follows the system's dark
// theme, and at 420 px does not scroll sideways. Screenshots go to test/artifacts/ (git-ignored).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { derive, isMatdiffError } from '../src/index.js';
import { EXAMPLES } from '../src/playground/examples.js';
import { analyze, compute, judge } from '../src/playground/compute.js';
import { fromHash, isChain, toHash, type State } from '../src/playground/state.js';
import { browserTest, pageErrors } from './helpers/browser.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PAGE = join(REPO, 'dist', 'playground', 'index.html');
const ARTIFACTS = join(REPO, 'test', 'artifacts');
const SEED3: State = { fn: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n', wrt: 'W', what: 'gradient', claim: '' };
const SEED3_PRETTY = "((s - s.^2) .* (s - y))*x'";
const SEED3_TEXT = "((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))*x'";

/** `npm run playground`, once per run of this file */
let built = false;
function buildPage(): void {
  if (built) return;
  execFileSync(process.execPath, [join(REPO, 'scripts', 'playground.mjs'), '--quiet'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  built = true;
}

// ---- in Node ---------------------------------------------------------------------------------

test('playground: the URL hash holds the whole state and reads back the same', () => {
  const s: State = { fn: "v = W*x # a comment\ns = sigmoid(v); E = 1/2*(s - y):(s - y)", vars: 'W: n x m; x: m; y: n', wrt: 'W', what: 'hessian', claim: "dE = (s-y):ds\n = 2*A*x' + b & c%20 +" };
  const hash = toHash(s);
  assert.ok(hash.startsWith('#fn='), hash);
  assert.equal(fromHash(hash), s);
  assert.equal(fromHash(hash.slice(1)), s, 'without its #');
  // the documented keys, defaults and an unknown `what`
  assert.equal(fromHash('#fn=x%27*A*x&wrt=x'), { fn: "x'*A*x", vars: '', wrt: 'x', what: 'gradient', claim: '' });
  assert.is(fromHash('#fn=x&what=laplacian')?.what, 'gradient');
  assert.is(fromHash(''), undefined);
  assert.is(fromHash('#section-2'), undefined);
  assert.is(toHash({ ...s, what: 'gradient', claim: '' }).includes('what='), false, 'the default is left out');
  assert.ok(isChain('dE = (s-y):ds\n = (S - S^2)*dv') && !isChain('2*A*x') && !isChain('a = 1\n2*A*x'));
});

test('playground: every example is computed through the public API and passes its check', () => {
  assert.ok(EXAMPLES.length >= 9);
  for (const id of ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']) assert.ok(EXAMPLES.some((e) => e.id === id), `no example ${id}`);
  for (const e of EXAMPLES) {
    const a = analyze(e.state);
    assert.ok(a.ok, `${e.id}: ${a.ok ? '' : a.error.text}`);
    const r = compute(e.state, e.state.wrt);
    if (!r.ok) throw new Error(`${e.id}: ${r.error.text}`);
    assert.ok(r.result.check.ok && r.result.check.words.startsWith('check passed'), `${e.id}: ${r.result.check.words}`);
    assert.is(r.result.what, e.state.what);
    if (e.state.claim) {
      const j = judge(e.state, e.state.wrt);
      if (!j.ok) throw new Error(`${e.id}: ${j.error.text}`);
      assert.is(j.check.verdict, e.id === 'quadratic' ? 'wrong' : 'correct', e.id);
    }
  }
  const seed3 = compute(SEED3, 'W');
  if (!seed3.ok) throw new Error(seed3.error.text);
  assert.is(seed3.result.prettyText, `s = sigmoid(W*x); ${SEED3_PRETTY}`);
  assert.is(seed3.result.copy.syntax, SEED3_TEXT);
  assert.equal(seed3.result.forms.map((f) => f.label), ['Diag form', 'Hadamard form']);
  // the names the forms use, with what they need: s = σ(v) needs v
  assert.equal(seed3.result.formsWhere.map((w) => w.name), ['v', 's', 'S']);
});

test('playground: a mistake is placed under the input it points into, with the caret message', () => {
  const clash = { ...SEED3, fn: 'W*x', vars: 'W: n x m; x: k' };
  const a = analyze(clash);
  assert.ok(!a.ok && a.error.place === 'fn', 'a shape clash in the function is shown under it');
  let expected = '';
  try {
    derive('W*x', { wrt: 'W', vars: 'W: n x m; x: k' });
  } catch (e) {
    if (isMatdiffError(e)) expected = e.format();
  }
  assert.ok(expected.includes('^'));
  assert.is(a.ok ? '' : a.error.text, expected);
  const decl = analyze({ ...SEED3, vars: 'W: n x' });
  assert.ok(!decl.ok && decl.error.place === 'vars', `a bad declaration belongs under Variables: ${decl.ok ? '' : decl.error.place}`);
  const claim = judge({ ...SEED3, fn: "x'*A*x", vars: '', claim: '2*A*' }, 'x');
  assert.ok(!claim.ok && claim.error.place === 'claim' && claim.error.text.startsWith('error:'), 'a claim that does not parse is shown under the answer');
  const vector = compute({ ...SEED3, fn: 'W*x', vars: '' }, 'W');
  assert.ok(!vector.ok && vector.error.place === 'result' && /not a scalar/.test(vector.error.text), 'the gradient of a vector function: an error in the results');
});

test('playground: the page imports from src/ only the public entry (src/index.ts)', async () => {
  const dir = join(REPO, 'src', 'playground');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/\bfrom\s+['"](\.[^'"]*)['"]/g)) assert.ok(/^\.\/[\w-]+\.js$/.test(m[1]!) || m[1] === '../index.js', `src/playground/${f} imports ${m[1]}`);
  }
  // the bundle's graph: what src/playground/ reaches in src/ directly is the entry
  const r = await build({ entryPoints: [join(dir, 'main.ts')], absWorkingDir: REPO, bundle: true, write: false, outfile: 'p.js', format: 'iife', platform: 'browser', metafile: true, logLevel: 'silent' });
  const reached = Object.entries(r.metafile.inputs)
    .filter(([f]) => f.startsWith('src/playground/'))
    .flatMap(([, i]) => i.imports.map((x) => x.path))
    .filter((p) => p.startsWith('src/') && !p.startsWith('src/playground/'));
  assert.equal([...new Set(reached)], ['src/index.ts']);
});

test('playground: `npm run playground` writes one self-contained page that names nothing to fetch', () => {
  buildPage();
  const page = readFileSync(PAGE, 'utf8');
  assert.ok(page.length > 100_000, 'the page is too small to hold its script');
  // the markup and stylesheets, without the script's text (the core's data holds KaTeX's own
  // stylesheet as a string, which its HTML reports rewrite; what the script fetches, the browser
  // tests below watch)
  const scripts = [...page.matchAll(/<script>[\s\S]*?<\/script>/g)];
  assert.is(scripts.length, 1, 'one inline script');
  const html = page.replace(scripts[0]![0], '<script></script>');
  // no external script, stylesheet, font or image: every src/href/url() is inline (data:) or a fragment
  const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]+)/g)].map((m) => (m[1] ?? m[2])!.trim());
  assert.equal(refs.filter((u) => !u.startsWith('data:') && !u.startsWith('#') && u !== ''), [], 'the page refers to something outside itself');
  assert.not.match(html, /<script[^>]+src=/);
  assert.not.match(html, /<link[^>]+rel=["']?stylesheet/);
  assert.is((html.match(/@font-face/g) ?? []).length, 20, 'KaTeX stylesheet once, with its 20 fonts');
});

// ---- in Chromium -----------------------------------------------------------------------------

interface Opened {
  page: Page;
  errors: string[];
  /** requests to anything but file: and data: (aborted) */
  outside: string[];
}

/** the built page from its file:// URL, the network off; ready when body[data-state=ready] */
async function open(context: BrowserContext, hash = '', width = 1280): Promise<Opened> {
  buildPage();
  await context.setOffline(true);
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors = pageErrors(page);
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !outside.includes(url)) outside.push(url);
  });
  await page.goto(pathToFileURL(PAGE).href + hash, { waitUntil: 'load' });
  await ready(page);
  return { page, errors, outside };
}

const ready = (page: Page) => page.waitForFunction(() => document.body.dataset.state === 'ready', undefined, { timeout: 30_000 });

/** the function editor emptied and `text` typed into it, key by key */
async function typeFunction(page: Page, text: string): Promise<void> {
  const editor = page.getByLabel('Function', { exact: true });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

async function noOverflow(page: Page, where: string): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${where}: the page scrolls sideways (scrollWidth ${scroll} > clientWidth ${client})`);
}

async function finish(o: Opened): Promise<void> {
  assert.equal(o.errors, [], 'console or page errors');
  assert.equal(o.outside, [], 'the page tried to fetch something');
}

browserTest(test, 'playground (Chromium): seed 003 typed in gives ((s - s.^2) .* (s - y))*x\', checked, with its derivation; the hash reproduces it', async ({ context }) => {
  const o = await open(context);
  const { page } = o;
  // start from nothing: no function, no result
  await typeFunction(page, '');
  await page.getByLabel('Variables').fill('');
  await page.getByLabel('Your answer').fill('');
  await ready(page);
  assert.is(await page.locator('#result-body').innerText(), '');
  assert.match(await page.locator('#fn-error').innerText(), 'type a function');
  // the seed, typed
  await typeFunction(page, SEED3.fn);
  await page.getByLabel('Variables').fill(SEED3.vars);
  await ready(page);
  assert.equal(await page.locator('#wrt option').allTextContents(), ['W', 'x', 'y']);
  await page.getByLabel('With respect to').selectOption('W');
  await page.getByLabel('Gradient').check();
  await ready(page);
  const shapes = await page.locator('#shapes-body tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent).join(' | ')));
  assert.equal(shapes, ['W | n×m |  | declared', 'x | m×1 |  | declared', 'y | n×1 |  | declared']);
  assert.is(await page.locator('#result-pretty').innerText(), `s = sigmoid(W*x); ${SEED3_PRETTY}`);
  assert.is(await page.locator('#result-text').innerText(), SEED3_TEXT);
  assert.match(await page.locator('#result-check').innerText(), /^✓ check passed \((float|exact), \d+ trials?/);
  assert.is(await page.locator('#result-shape').innerText(), 'n×m');
  // typeset: the closed form, its names, the Diag and Hadamard forms; no KaTeX failure
  assert.ok((await page.locator('.closed-form .katex').count()) === 1, 'the closed form is not typeset');
  assert.match((await page.locator('.closed-form annotation').textContent()) ?? '', '\\circ');
  assert.equal(await page.locator('.forms .form').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.form)), ['Diag form', 'Hadamard form']);
  assert.is(await page.locator('.tex-failed, .katex-error').count(), 0);
  assert.is(await page.locator('button[data-copy="syntax"]').getAttribute('data-text'), SEED3_TEXT);
  assert.match((await page.locator('button[data-copy="latex"]').getAttribute('data-text')) ?? '', '\\frac{\\partial E}{\\partial W}');
  // the code buttons copy the module matdiff export writes
  assert.match((await page.locator('button[data-copy="code"]').getAttribute('data-text')) ?? '', /export function fAndG\(vars, dims, out\)/);
  assert.match((await page.locator('button[data-copy="numpy"]').getAttribute('data-text')) ?? '', /def fAndG\(/);
  await page.locator('button[data-copy="syntax"]').click();
  await page.waitForFunction(() => (document.querySelector('.copy-status')?.textContent ?? '') !== '');
  // the derivation: collapsed, with every rule named and cited, and KaTeX's fonts from the page
  const details = page.locator('#derivation');
  assert.is(await details.evaluate((d) => (d as HTMLDetailsElement).open), false);
  await details.locator('summary').click();
  const report = await details.locator('.report').innerText();
  for (const words of ['Frobenius product rule', 'chain rule', 'Matrix Cookbook', 'd.sigmoid']) assert.ok(report.includes(words), `the derivation does not cite ${words}`);
  assert.ok((await details.locator('.katex').count()) > 20, 'the derivation is not typeset');
  assert.is(await page.locator('style').evaluateAll((els) => els.filter((e) => (e.textContent ?? '').includes('@font-face')).length), 1, 'KaTeX stylesheet more than once');
  const fonts = await page.evaluate(() => document.fonts.ready.then(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family)));
  assert.ok(fonts.includes('KaTeX_Main') && fonts.includes('KaTeX_Math'), `KaTeX fonts not loaded offline: ${fonts.join(', ')}`);
  // the address holds the state; opened again, it gives the same page
  const hash = await page.evaluate(() => location.hash);
  assert.is(hash, toHash(SEED3));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'playground-1280.png'), fullPage: true });
  const again = await context.newPage();
  const errors = pageErrors(again);
  await again.goto(pathToFileURL(PAGE).href + hash, { waitUntil: 'load' });
  await ready(again);
  assert.is(await again.locator('#result-pretty').innerText(), `s = sigmoid(W*x); ${SEED3_PRETTY}`);
  assert.match(await again.locator('#result-check').innerText(), '✓ check passed');
  assert.is(await again.getByLabel('Function', { exact: true }).innerText(), SEED3.fn);
  assert.is(await again.getByLabel('Variables').inputValue(), SEED3.vars);
  assert.equal(errors, [], 'console or page errors on the page opened from the hash');
  await finish(o);
});

browserTest(test, 'playground (Chromium): the claim 2*A*x for x\'*A*x is WRONG, with the symmetric diagnosis and a counterexample', async ({ context }) => {
  const o = await open(context);
  const { page } = o;
  await typeFunction(page, "x'*A*x");
  await page.getByLabel('Variables').fill('');
  await page.getByLabel('Your answer').fill('2*A*x');
  await ready(page);
  await page.getByLabel('With respect to').selectOption('x');
  await ready(page);
  assert.is(await page.locator('#result-pretty').innerText(), "(A + A')*x");
  assert.is(await page.locator('#verdict-word').innerText(), 'WRONG');
  assert.is(await page.locator('.diagnosis').getAttribute('data-kind'), 'symmetric');
  assert.match(await page.locator('#diagnosis-message').innerText(), 'The claim holds only when A is symmetric');
  assert.match(await page.locator('.counterexample h3').innerText(), /^Counterexample \(exact; n = \d\)$/);
  assert.ok((await page.locator('.counterexample .katex').count()) >= 4, 'the counterexample values are not typeset');
  // the inferred shapes written as declarations, then edited: declared symmetric, the same claim is right
  await page.getByRole('button', { name: 'Write these shapes as declarations' }).click();
  assert.is(await page.getByLabel('Variables').inputValue(), 'x: n; A: n x n');
  await page.getByLabel('Variables').fill('x: n; A: n x n symmetric');
  await ready(page);
  assert.is(await page.locator('#verdict-word').innerText(), 'CORRECT');
  assert.is(await page.locator('#result-pretty').innerText(), '2*A*x');
  await finish(o);
});

browserTest(test, 'playground (Chromium): a shape clash shows the caret message under the function; nothing else is shown', async ({ context }) => {
  const o = await open(context, '#fn=x');
  const { page } = o;
  await typeFunction(page, 'W*x');
  await page.getByLabel('Variables').fill('W: n x m; x: k');
  await ready(page);
  const box = page.locator('#fn-error');
  assert.ok(await box.isVisible(), 'no error under the function');
  const lines = (await box.innerText()).split('\n');
  assert.match(lines[0]!, /^error: shape clash at `\*` in `W\*x`: W is n×m but x is k×1/);
  assert.is(lines[1], '  W*x');
  assert.is(lines[2]!.indexOf('^'), lines[1]!.indexOf('*'), 'the caret is not under the `*`');
  assert.is(await box.evaluate((e) => getComputedStyle(e).fontFamily.includes('monospace')), true, 'the error is not in a monospace block');
  assert.is(await page.locator('#result-body').innerText(), '');
  // a declaration that does not parse: under Variables
  await page.getByLabel('Variables').fill('W: n x');
  await ready(page);
  assert.ok(await page.locator('#vars-error').isVisible(), 'no error under the variables');
  assert.not.ok(await box.isVisible());
  await finish(o);
});

browserTest(test, 'playground (Chromium): the examples menu (a Jacobian, a Hessian), the dark theme, and 420 px without sideways scrolling', async ({ context }) => {
  const o = await open(context);
  const { page } = o;
  await page.getByLabel('Examples').selectOption('softmax-jacobian');
  await ready(page);
  assert.is(await page.locator('#result-pretty').innerText(), "p = softmax(z); Diag(p) - p*p'");
  assert.match(await page.locator('#result-layout').innerText(), 'numerator layout');
  assert.ok(await page.getByLabel('Jacobian').isChecked());
  await page.getByLabel('Examples').selectOption('logistic-hessian');
  await ready(page);
  assert.is(await page.locator('#result-pretty').innerText(), "s = sigmoid(X*w); X'*Diag(s - s.^2)*X");
  assert.match(await page.locator('#result-check').innerText(), 'against the checked gradient');
  // the system's theme
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.is.not(light, dark, 'the dark theme does not change the page');
  await page.emulateMedia({ colorScheme: 'light' });
  // phone width, with the longest things open: seed 003's derivation and its chain's check
  await page.getByLabel('Examples').selectOption('seed-003');
  await ready(page);
  await noOverflow(page, '1280 px');
  await page.setViewportSize({ width: 420, height: 900 });
  await page.locator('#derivation summary').click();
  await page.locator('#check-report summary').click();
  assert.is(await page.locator('#verdict-word').innerText(), 'CORRECT');
  await noOverflow(page, '420 px, derivation and check open');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('#derivation summary').click();
  await page.locator('#check-report summary').click();
  await page.screenshot({ path: join(ARTIFACTS, 'playground-420.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, 'playground-420-dark.png'), fullPage: true });
  await noOverflow(page, '420 px');
  // a long input with a mistake: the caret block scrolls inside itself
  await typeFunction(page, `v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y) + ${'long_name*'.repeat(12)}W*x`);
  await page.getByLabel('Variables').fill('W: n x m; x: k');
  await ready(page);
  assert.match(await page.locator('#fn-error').innerText(), 'shape clash');
  await noOverflow(page, '420 px, a long line with a caret');
  console.log(`    screenshots: ${ARTIFACTS}/playground-{1280,420,420-dark}.png`);
  await finish(o);
});

test.run();

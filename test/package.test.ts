// The package as a user gets it: `npm pack`, installed into a new project (test/helpers/pack.ts),
// then used from there — ESM import, CommonJS require, matdiff/node, a strict TypeScript
// consumer (ESM and CommonJS), the `matdiff` command, an esbuild browser bundle and the prebuilt
// dist/browser/matdiff.js in headless Chromium — and the tarball's file list.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { build, type BuildFailure } from 'esbuild';
import type { Page } from 'playwright-core';
import { packAndInstall, REPO, run, runOk, type Packed } from './helpers/pack.js';
import { browserTest, pageErrors } from './helpers/browser.js';

const SEED = 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)';
const VARS = 'W: n x m; x: m; y: n';
const SEED_TEXT = "((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))*x'";
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const NODE = process.execPath;

/** write a file (making its folder) inside the consumer project; returns its path */
function put(p: Packed, rel: string, text: string): string {
  const file = join(p.dir, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** run `node file` in the consumer project; its last stdout line is JSON */
async function nodeJson(p: Packed, file: string): Promise<Record<string, any>> {
  const r = await runOk(NODE, [file], { cwd: p.dir, timeout: 120_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Record<string, any>;
  } catch {
    throw new Error(`node ${file} printed no JSON\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}

const SOFTMAX_J = "Diag(softmax(z)) - softmax(z)*softmax(z)'";

test('package: ESM `import { derive } from "matdiff"` gives the seed 003 gradient, checked (and a Jacobian)', async () => {
  const p = await packAndInstall();
  const file = put(p, 'esm.mjs', `import { derive, jacobian } from 'matdiff';
const d = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
const j = jacobian('softmax(z)', { wrt: 'z', vars: 'z: n' });
console.log(JSON.stringify({ resolved: import.meta.resolve('matdiff'), text: d.gradient.text, ok: d.gradient.check?.ok, jacobian: j.text, jok: j.check?.ok }));
`);
  const out = await nodeJson(p, file);
  assert.ok(String(out.resolved).endsWith('/node_modules/matdiff/dist/index.js'), `'matdiff' resolved to ${out.resolved}`);
  assert.is(out.text, SEED_TEXT);
  assert.is(out.ok, true, 'the gradient check did not pass');
  assert.is(out.jacobian, SOFTMAX_J);
  assert.is(out.jok, true, 'the Jacobian check did not pass');
});

test('package: CommonJS `require("matdiff")` gives the seed 003 gradient, checked (and a Hessian)', async () => {
  const p = await packAndInstall();
  const file = put(p, 'cjs.cjs', `const { derive, hessian } = require('matdiff');
const d = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
const h = hessian("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n' });
console.log(JSON.stringify({ resolved: require.resolve('matdiff'), text: d.gradient.text, ok: d.gradient.check && d.gradient.check.ok, hessian: h.text, hok: h.check && h.check.ok }));
`);
  const out = await nodeJson(p, file);
  assert.ok(String(out.resolved).endsWith('/node_modules/matdiff/dist/cjs/index.js'), `require('matdiff') resolved to ${out.resolved}`);
  assert.is(out.text, SEED_TEXT);
  assert.is(out.ok, true, 'the gradient check did not pass');
  assert.is(out.hessian, "A + A'");
  assert.is(out.hok, true, 'the Hessian check did not pass');
});

for (const kind of ['esm', 'cjs'] as const) {
  test(`package: matdiff/node from ${kind === 'esm' ? 'ESM' : 'CommonJS'}: writeReport writes HTML; a missing folder is a MatdiffError 'io'`, async () => {
    const p = await packAndInstall();
    const head =
      kind === 'esm'
        ? `import { readFileSync } from 'node:fs';
import { derive, MatdiffError } from 'matdiff';
import { writeReport } from 'matdiff/node';`
        : `const { readFileSync } = require('node:fs');
const { derive, MatdiffError } = require('matdiff');
const { writeReport } = require('matdiff/node');`;
    const file = put(p, `node-${kind}.${kind === 'esm' ? 'mjs' : 'cjs'}`, `${head}
const d = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
const format = writeReport(d, 'out-${kind}.html');
const html = readFileSync('out-${kind}.html', 'utf8');
let err;
try { writeReport(d, 'no-such-folder/out.html'); } catch (e) { err = e; }
console.log(JSON.stringify({
  format, start: html.slice(0, 40), length: html.length, katex: html.includes('class="katex"'),
  err: err && { name: err.name, kind: err.kind, message: err.message, matdiff: err instanceof MatdiffError },
}));
`);
    const out = await nodeJson(p, file);
    assert.is(out.format, 'html');
    assert.ok(/^<!doctype html>/i.test(out.start), `out-${kind}.html does not start as an HTML page: ${JSON.stringify(out.start)}`);
    assert.ok(out.katex, `out-${kind}.html has no typeset (KaTeX) math`);
    assert.ok(out.err, 'writing into a missing folder did not throw');
    assert.is(out.err.kind, 'io', `the error is ${JSON.stringify(out.err)}`);
    assert.ok(out.err.matdiff, `the error is not an instance of the MatdiffError exported by 'matdiff': ${JSON.stringify(out.err)}`);
    assert.ok(String(out.err.message).includes('no-such-folder/out.html'), `the message does not name the file: ${out.err.message}`);
  });
}

const GOOD_TS = `import { derive, check, evaluate, jacobian, MatdiffError, isMatdiffError, type Derivation, type ClaimCheck, type Term, type Jacobian, type Layout } from 'matdiff';
import { writeReport, formatOf, type FileFormat } from 'matdiff/node';

const d: Derivation = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
const text: string = d.gradient.text;
const ok: boolean = d.ok && d.gradient.check?.ok === true;
const c: ClaimCheck = check("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n', claim: '2*A*x' });
const verdict: 'correct' | 'wrong' | 'undecided' = c.verdict;
const value: number[][] = evaluate("x'*x", { x: [1, 2] });
const term: Term = d.fn;
const layout: Layout = 'denominator';
const J: Jacobian = jacobian('W*x', { wrt: 'x', vars: 'W: n x m; x: m', layout });
const jtext: string = J.text;
const format: FileFormat = writeReport(d, 'out.html', formatOf('out.html'));
let kind: string | undefined;
try {
  derive('W*x +', { wrt: 'W' });
} catch (e) {
  if (e instanceof MatdiffError) kind = e.kind;
  if (isMatdiffError(e)) kind = e.kind;
}
export const result = { text, ok, verdict, value, term, format, kind, jtext };
`;
// line 3: a string is no number; line 4: wrt is a string (or strings), not a number
const BAD_TS = `import { derive } from 'matdiff';

const s: number = derive("x'*x", { wrt: 'x', vars: 'x: n' }).gradient.text;
derive("x'*x", { wrt: 1 });
export { s };
`;

for (const kind of ['esm', 'cjs'] as const) {
  test(`package: a strict TypeScript consumer (${kind === 'esm' ? 'ESM' : 'CommonJS'}, NodeNext, no skipLibCheck) type-checks; a type error is caught`, async () => {
    const p = await packAndInstall();
    const rel = `ts-${kind}`;
    put(p, `${rel}/package.json`, JSON.stringify({ name: `consumer-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }, null, 2) + '\n');
    const compilerOptions = { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] };
    put(p, `${rel}/tsconfig.json`, JSON.stringify({ compilerOptions, files: ['good.ts'] }, null, 2));
    put(p, `${rel}/tsconfig.bad.json`, JSON.stringify({ compilerOptions, files: ['bad.ts'] }, null, 2));
    put(p, `${rel}/good.ts`, GOOD_TS);
    put(p, `${rel}/bad.ts`, BAD_TS);
    const cwd = join(p.dir, rel);

    const good = await run(NODE, [TSC, '--noEmit', '--pretty', 'false', '--listFiles', '-p', 'tsconfig.json'], { cwd, timeout: 300_000 });
    const errors = good.stdout.split('\n').filter((l) => l.includes('error TS'));
    if (good.code !== 0 || errors.length > 0) {
      const shown = errors.length > 0 ? [...errors.slice(0, 8), ...(errors.length > 8 ? [`… and ${errors.length - 8} more`] : [])].join('\n') : good.stdout;
      assert.unreachable(`tsc on the ${kind} consumer (${join(cwd, 'good.ts')}) exited ${good.code} with ${errors.length} errors:\n${shown}\n${good.stderr}`);
    }
    // the types come from the right half of the package: dist/types (import) or dist/cjs/types (require)
    const types = kind === 'esm' ? '/node_modules/matdiff/dist/types/src/index.d.ts' : '/node_modules/matdiff/dist/cjs/types/src/index.d.ts';
    const other = kind === 'esm' ? '/node_modules/matdiff/dist/cjs/' : '/node_modules/matdiff/dist/types/';
    const listed = good.stdout.split('\n').map((l) => l.trim());
    assert.ok(listed.some((l) => l.endsWith(types)), `tsc did not read ${types}; it read:\n${listed.filter((l) => l.includes('matdiff')).join('\n')}`);
    assert.not.ok(listed.some((l) => l.includes(other)), `the ${kind} consumer read declarations under ${other}`);

    const bad = await run(NODE, [TSC, '--noEmit', '--pretty', 'false', '-p', 'tsconfig.bad.json'], { cwd, timeout: 300_000 });
    assert.is.not(bad.code, 0, `tsc accepted bad.ts (the types are too loose):\n${bad.stdout}`);
    const lines = bad.stdout.split('\n').filter((l) => l.includes('error TS'));
    assert.ok(lines.some((l) => l.startsWith('bad.ts(3,')), `no error reported at bad.ts line 3 (a string assigned to a number):\n${bad.stdout}`);
    assert.ok(lines.some((l) => l.startsWith('bad.ts(4,')), `no error reported at bad.ts line 4 (wrt: 1):\n${bad.stdout}`);
    assert.is(lines.length, 2, `expected exactly two errors, in bad.ts:\n${bad.stdout}`);
  });
}

test('package: the installed `matdiff` command derives and checks; a parse error exits 2 with a caret, no stack', async () => {
  const p = await packAndInstall();
  assert.ok(existsSync(p.bin), `${p.bin} is missing: package.json "bin" did not install`);
  const ok = await run(p.bin, ['derive', SEED, '--wrt', 'W', '--vars', VARS], { cwd: p.dir, timeout: 120_000 });
  assert.is(ok.code, 0, `matdiff derive exited ${ok.code}\n--- stderr:\n${ok.stderr}`);
  assert.ok(ok.stdout.includes("∂E/∂W = ((s - s.^2) .* (s - y))*x'"), `unexpected output:\n${ok.stdout}\n--- stderr:\n${ok.stderr}`);
  assert.ok(/^\s*check: passed/m.test(ok.stdout), `no "check: passed" line:\n${ok.stdout}`);

  const bad = await run(p.bin, ['derive', 'W*x +', '--wrt', 'W'], { cwd: p.dir, timeout: 120_000 });
  const all = bad.stdout + bad.stderr;
  assert.is(bad.code, 2, `matdiff derive "W*x +" exited ${bad.code} (want 2)\n--- stdout:\n${bad.stdout}\n--- stderr:\n${bad.stderr}`);
  assert.ok(all.includes('^'), `no caret under the error:\n${all}`);
  assert.not.ok(all.includes('    at '), `a stack trace was printed:\n${all}`);
});

/** a static file server over the consumer project, on 127.0.0.1 (module scripts need http:) */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** open `url`, wait for the page to set body[data-done], return window.__matdiff and the errors */
async function openPage(page: Page, url: string): Promise<{ out: Record<string, any>; errors: string[]; outside: string[] }> {
  const errors = pageErrors(page);
  const outside: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('about:')) outside.push(u);
  });
  await page.goto(url, { waitUntil: 'load' });
  try {
    await page.waitForFunction(() => document.body.dataset.done === '1', null, { timeout: 120_000 });
  } catch (e) {
    throw new Error(`${url} never finished (${(e as Error).message.split('\n')[0]}); page errors:\n${errors.join('\n') || '(none)'}`);
  }
  const out = (await page.evaluate(() => (window as unknown as { __matdiff: Record<string, unknown> }).__matdiff)) as Record<string, any>;
  return { out, errors, outside };
}

const ENTRY = `import { derive, check } from 'matdiff';
const out = {};
const show = (id, text) => { document.getElementById(id).textContent = text; };
try {
  const d = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
  out.text = d.gradient.text;
  out.ok = d.gradient.check?.ok;
  show('gradient', d.gradient.text);
  const c = check("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n', claim: '2*A*x' });
  out.verdict = c.verdict;
  show('verdict', c.verdict);
  const frame = document.getElementById('report');
  await new Promise((resolve) => { frame.onload = resolve; frame.srcdoc = d.report('html'); });
  const doc = frame.contentDocument;
  await doc.fonts.ready;
  out.katex = doc.querySelectorAll('.katex').length;
  out.katexErrors = doc.querySelectorAll('.katex-error').length;
  out.reportText = doc.body.innerText.slice(0, 2000);
  out.shown = document.getElementById('gradient').textContent;
} catch (e) {
  out.error = String((e && e.stack) || e);
}
window.__matdiff = out;
document.body.dataset.done = '1';
`;

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head>
<body>${body}</body></html>
`;

browserTest(test, 'package: an esbuild browser bundle of the installed package derives, checks and renders a report in Chromium', async ({ context }) => {
  const p = await packAndInstall();
  const entry = put(p, 'web/entry.mjs', ENTRY);
  put(p, 'web/index.html', page('matdiff bundle', '<p id="gradient"></p><p id="verdict"></p><iframe id="report" style="width:100%;height:600px"></iframe><script type="module" src="bundle.js"></script>'));
  let result;
  try {
    result = await build({ entryPoints: [entry], outfile: join(p.dir, 'web', 'bundle.js'), bundle: true, platform: 'browser', format: 'esm', target: 'es2022', metafile: true, logLevel: 'silent', absWorkingDir: p.dir });
  } catch (e) {
    const errors = (e as BuildFailure).errors ?? [];
    throw new Error(`esbuild could not bundle 'matdiff' for the browser:\n${errors.map((m) => `${m.location?.file ?? ''}:${m.location?.line ?? ''}: ${m.text}`).join('\n') || (e as Error).message}`);
  }
  assert.equal(result.errors, []);
  assert.equal(result.warnings.map((w) => `${w.location?.file ?? ''}: ${w.text}`), [], 'esbuild warned');
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes('node_modules/matdiff/dist/index.js'), `'matdiff' was not resolved to the installed dist/index.js; inputs:\n${inputs.join('\n')}`);
  assert.equal(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node_modules\/@types\//.test(i)), [], 'a node: module is in the bundle');

  const { server, url } = await serve(p.dir);
  try {
    const tab = await context.newPage();
    const { out, errors, outside } = await openPage(tab, `${url}/web/index.html`);
    assert.not.ok(out.error, `the page threw: ${out.error}`);
    assert.is(out.text, SEED_TEXT);
    assert.is(out.shown, SEED_TEXT, 'the gradient is not shown on the page');
    assert.is(out.ok, true, 'the gradient check did not pass in the browser');
    assert.is(out.verdict, 'wrong', "the wrong claim 2*A*x for x'*A*x was not judged wrong");
    assert.ok(out.katex > 0, 'the report in the iframe has no .katex element');
    assert.is(out.katexErrors, 0, 'the report in the iframe shows a .katex-error');
    assert.ok(String(out.reportText).includes('∂E'), `the report does not show ∂E: ${String(out.reportText).slice(0, 300)}`);
    assert.equal(errors, [], 'console or page errors');
    assert.equal(outside, [], 'the page fetched something from outside');
  } finally {
    server.close();
  }
});

browserTest(test, 'package: the prebuilt dist/browser/matdiff.js of the installed package runs in a <script type="module"> page', async ({ context }) => {
  const p = await packAndInstall();
  put(p, 'web/prebuilt.html', page('matdiff prebuilt', `<p id="gradient"></p>
<script type="module">
import { derive, check } from '/node_modules/matdiff/dist/browser/matdiff.js';
const out = {};
try {
  const d = derive(${JSON.stringify(SEED)}, { wrt: 'W', vars: ${JSON.stringify(VARS)} });
  document.getElementById('gradient').textContent = d.gradient.text;
  out.text = d.gradient.text;
  out.ok = d.gradient.check?.ok;
  out.verdict = check("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n', claim: '(A + A\\')*x' }).verdict;
  out.html = d.report('html').includes('class="katex"');
} catch (e) {
  out.error = String((e && e.stack) || e);
}
window.__matdiff = out;
document.body.dataset.done = '1';
</script>`));
  const { server, url } = await serve(p.dir);
  try {
    const tab = await context.newPage();
    const { out, errors, outside } = await openPage(tab, `${url}/web/prebuilt.html`);
    assert.not.ok(out.error, `the page threw: ${out.error}`);
    assert.is(out.text, SEED_TEXT);
    assert.is(out.ok, true, 'the gradient check did not pass in the browser');
    assert.is(out.verdict, 'correct', "the right claim (A + A')*x was not judged correct");
    assert.ok(out.html, 'the HTML report has no KaTeX math');
    assert.equal(errors, [], 'console or page errors');
    assert.equal(outside, [], 'the page fetched something from outside');
  } finally {
    server.close();
  }
});

test('package: the tarball holds dist/, identities/, README, LICENSE and nothing of test/, bench/, src/, …', async () => {
  const p = await packAndInstall();
  const list = p.packList;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`\n  tarball ${p.tarball.split(sep).pop()}: ${mb(p.tarballBytes)} packed, ${mb(p.unpackedBytes)} unpacked, ${list.length} files`);
  const forbidden = list.filter((f) => /^(test|bench|\.ci|scripts|src|node_modules)\//.test(f) || /^docs\/examples\/.*\.html$/.test(f) || f.includes('/node_modules/'));
  assert.equal(forbidden, [], 'files that must not be published are in the tarball');
  for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/node.js', 'dist/cli.js', 'dist/cjs/index.js', 'dist/cjs/node.js', 'dist/browser/matdiff.js', 'dist/types/src/index.d.ts', 'dist/cjs/types/src/index.d.ts']) {
    assert.ok(list.includes(f), `${f} is not in the tarball`);
  }
  const identities = readdirSync(join(REPO, 'identities')).filter((f) => f.endsWith('.json'));
  assert.ok(identities.length > 0, 'no identities/*.json in the repository');
  assert.equal(identities.filter((f) => !list.includes(`identities/${f}`)), [], 'identities/*.json missing from the tarball');
});

test.run();

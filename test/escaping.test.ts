// User text in every output is text, whatever it holds. The function as typed (comments and all:
// `#` starts one, and a comment may say anything) reaches the derivation reports and the check
// reports in Markdown, LaTeX, HTML, text and JSON; none of it may become markup there: no raw
// HTML in Markdown or HTML, every Markdown code span closed, no $ math made of it, LaTeX specials
// written as text (braces balance, the document ends where it should), control and invisible
// characters shown as <U+XXXX> and never written raw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import katex from 'katex';
import { derive, check } from '../src/index.js';
import { buildReport, renderReport, REPORT_FORMATS, type ReportFormat } from '../src/report/index.js';
import { renderCheck, CHECK_FORMATS } from '../src/verify/render.js';
import { runCli } from './helpers/cli.js';

/** each hostile class, in a comment (the only place the language lets arbitrary text in) */
const HOSTILE: [string, string][] = [
  ['backticks', '` `` ``` ```` a`b'],
  ['a trailing backtick', 'ends with `'],
  ['HTML tags', '<img src=x onerror=alert(1)> <script>alert(1)</script> </code></p> <!-- x -->'],
  ['entities', '&lt;img src=x onerror=alert(1)&gt; &amp; &#60;'],
  ['dollars', '$\\alert{1}$ $$x$$ \\$'],
  ['LaTeX specials', '\\ { } $ & # ^ _ % ~ \\end{document} \\input{/etc/passwd} }}}'],
  ['Markdown markup', '**b** _e_ [l](javascript:alert(1)) | # h ~~s~~ ![i](x)'],
  ['everything', '`<img src=x onerror=alert(1)>` $$ \\{ % ``` & ~'],
];

/** a word from each hostile class: it must only ever appear as text */
const MARKERS = /onerror|<script|javascript:|\\input|\\end\{document\}.*\\end\{document\}|alert\{1\}/i;

/** raw control and invisible characters that must never be written */
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u202e\ufeff]/u;
/** the same for HTML, where KaTeX's own markup has zero-width spaces (the user's text is checked apart) */
const RAW_HTML = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e\ufeff]/u;
const raw = (format: string) => (format === 'html' ? RAW_HTML : RAW);

const sources = (): [string, string][] => [
  ...HOSTILE.map(([what, h]): [string, string] => [what, `x'*A*x # ${h}`]),
  // a function on several lines, each with a comment, one of them a Markdown heading
  ['lines', "v = A*x # <img src=x onerror=alert(1)>\n# <script>alert(1)</script>\nE = x'*v # ```` $$ %"],
];

// ---- Markdown, as CommonMark reads it ------------------------------------------------------------

/**
 * The Markdown split into code (fenced blocks and code spans, CommonMark's rules: a span closes
 * at the next run of exactly as many backticks) and the rest, with backslash escapes replaced by
 * kept as written (they are LaTeX inside math). `unclosed` counts backtick runs that open no span (text where markup was meant, or the
 * reverse).
 */
function markdown(md: string): { outside: string; code: string[]; unclosed: number } {
  const code: string[] = [];
  const kept: string[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]!);
    if (!open) {
      kept.push(lines[i]!);
      continue;
    }
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[j]!)) body.push(lines[j++]!);
    code.push(body.join('\n'));
    kept.push('');
    i = j;
  }
  const text = kept.join('\n');
  let outside = '';
  let unclosed = 0;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      // kept as written: inside $ math it is LaTeX (\, \{), outside it is one literal character
      outside += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '`') {
      outside += c;
      i++;
      continue;
    }
    const run = /^`+/.exec(text.slice(i))![0];
    let j = i + run.length;
    let close = -1;
    while (j < text.length) {
      const k = text.indexOf('`', j);
      if (k < 0) break;
      const r = /^`+/.exec(text.slice(k))![0];
      if (r.length === run.length) {
        close = k;
        break;
      }
      j = k + r.length;
    }
    if (close < 0) {
      unclosed++;
      outside += run;
      i += run.length;
      continue;
    }
    let content = text.slice(i + run.length, close).replace(/\n/g, ' ');
    if (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    code.push(content);
    outside += '¤';
    i = close + run.length;
  }
  return { outside, code, unclosed };
}

function katexParses(latex: string, where: string): void {
  try {
    katex.renderToString(latex, { throwOnError: true, strict: 'error' });
  } catch (e) {
    assert.unreachable(`${where}: KaTeX cannot parse \`${latex}\`: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function assertMarkdown(md: string, src: string, where: string): void {
  const m = markdown(md);
  assert.is(m.unclosed, 0, `${where}: a backtick run that closes nothing:\n${md}`);
  assert.not.match(m.outside, /(?<!\\)</, `${where}: a raw < outside code (HTML):\n${m.outside}`);
  assert.not.match(m.outside, /(?<!\\)&[#a-z]/i, `${where}: a raw entity outside code`);
  assert.not.match(m.outside, MARKERS, `${where}: user text outside code:\n${m.outside}`);
  // the function is shown exactly, in code (one span, or a block for several lines)
  const shown = m.code.find((c) => c.includes('x') && c.includes('#') && src.trim().startsWith(c.split('\n')[0]!.slice(0, 6)));
  assert.is(shown, src.trim(), `${where}: the function is not shown as it was typed:\n${md}`);
  // the math is only ours, and KaTeX parses it
  for (const [, display, inline] of m.outside.matchAll(/\$\$\n([\s\S]*?)\n\$\$|(?<![\\$])\$([^$\n]+)\$/g)) katexParses((display ?? inline)!, where);
}

// ---- the LaTeX document ----------------------------------------------------------------------

function assertLatex(doc: string, where: string): void {
  assert.not.match(doc, /[^\x00-\x7f]/, `${where}: pdflatex reads ASCII`);
  let depth = 0;
  const envs: string[] = [];
  for (let i = 0; i < doc.length; i++) {
    const c = doc[i]!;
    if (c === '\\') {
      const m = /^\\(begin|end)\{([^}]*)\}/.exec(doc.slice(i));
      if (m?.[1] === 'begin') envs.push(m[2]!);
      if (m?.[1] === 'end') assert.is(envs.pop(), m[2], `${where}: \\end{${m[2]}} closes another environment`);
      i++; // \{ \} \\ \% …: the next character is text
      continue;
    }
    if (c === '%') assert.ok(doc.lastIndexOf('\n', i) === i - 1, `${where}: a % that comments out the rest of a line: ${doc.slice(doc.lastIndexOf('\n', i) + 1, doc.indexOf('\n', i))}`);
    if (c === '{') depth++;
    if (c === '}') assert.ok(--depth >= 0, `${where}: a } that closes nothing at ${doc.slice(Math.max(0, i - 60), i + 1)}`);
  }
  assert.is(depth, 0, `${where}: unbalanced braces`);
  assert.equal(envs, [], `${where}: environments left open`);
  assert.match(doc, /\\begin\{document\}[\s\S]*\\end\{document\}\n$/, where);
  assert.is(doc.match(/\\end\{document\}/g)?.length, 1, `${where}: the document ends once`);
  // the function's lines, in \texttt: no special left unescaped, no < > (other glyphs in a text font)
  for (const line of doc.split('\n').filter((l) => l.startsWith('Function:') || l.startsWith('\\texttt{') || l.startsWith('as written:'))) {
    const bare = line.replace(/\\[A-Za-z]+(\{\})?/g, '').replace(/\\./g, '');
    assert.not.match(bare.replace(/^Function: |^as written: /, ''), /[#$%&^_~<>]/, `${where}: a LaTeX special unescaped in ${line}`);
  }
  for (const [, display, inline] of doc.matchAll(/\\\[\n([\s\S]*?)\n\\\]|(?<![\\$])\$([^$\n]+)\$/g)) katexParses((display ?? inline)!, where);
}

// ---- HTML --------------------------------------------------------------------------------------

const unhtml = (s: string) => s.replace(/<br>/g, '\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function assertHtml(html: string, src: string, where: string): void {
  assert.not.match(html, /<img|<script|<iframe|javascript:.*<\/a>|<!-- x -->/i, `${where}: raw HTML from the input`);
  assert.match(html, /^<!doctype html>/, where);
  const fn = /<p>Function: <code>([\s\S]*?)<\/code><\/p>/.exec(html);
  assert.ok(fn, `${where}: no function line`);
  assert.is(unhtml(fn![1]!), src.trim(), `${where}: the function is not shown as typed`);
}

// ---- every format of every report --------------------------------------------------------------

for (const [what, src] of sources()) {
  test(`escaping: a derivation report of a function with ${what} in a comment, in every format`, () => {
    const d = derive(src, { wrt: 'x' });
    for (const format of REPORT_FORMATS) {
      const out = d.report(format);
      const where = `report --format ${format} (${what})`;
      assert.not.match(out, raw(format), where);
      if (format === 'md') assertMarkdown(out, src, where);
      if (format === 'latex') assertLatex(out, where);
      if (format === 'html') assertHtml(out, src, where);
      if (format === 'json') assert.is(JSON.parse(out).function, src);
      if (format === 'text') assert.ok(out.includes(src.split('\n')[0]!), `${where}: the function as typed`);
    }
  });

  test(`escaping: a check report of a function and a claim with ${what} in a comment, in every format`, () => {
    const claimSrc = `(A + A')*x # ${HOSTILE.find(([w]) => w === what)?.[1] ?? '<img src=x onerror=alert(1)>'}`;
    const results = [check(src, { wrt: 'x', claim: "(A + A')*x" }), check(src, { wrt: 'x', claim: claimSrc }), check(src, { wrt: 'x', claim: `2*A*x # ${what === 'lines' ? '<img src=x onerror=alert(1)>' : HOSTILE.find(([w]) => w === what)![1]}` })];
    for (const r of results) {
      for (const format of CHECK_FORMATS) {
        const out = r.report(format);
        const where = `check --format ${format} (${what}, claim ${r.claimSource})`;
        assert.not.match(out, raw(format), where);
        if (format === 'md') {
          assertMarkdown(out, src, where);
          assert.ok(markdown(out).code.includes(r.claimSource.trim()), `${where}: the claim as typed, in code`);
        }
        if (format === 'latex') assertLatex(out, where);
        if (format === 'html') {
          assertHtml(out, src, where);
          assert.is(unhtml(/as written: <code>([\s\S]*?)<\/code>/.exec(out)![1]!), r.claimSource.trim());
        }
        if (format === 'json') assert.is(JSON.parse(out).source, src);
      }
    }
  });
}

// ---- control and invisible characters: the language refuses them, the renderers show them ------

const INVISIBLE = "x'*A*x # \x1b[31mred\x1b[0m \u202eevil\u202c zero\u200bwidth \x00 \ufeff\n\n# after a blank line";

test('escaping: control characters in a function are refused by every command (exit 2), shown escaped', () => {
  for (const args of [
    ['derive', INVISIBLE, '--wrt', 'x'],
    ['report', INVISIBLE, '--wrt', 'x', '--format', 'md'],
    ['check', INVISIBLE, '--wrt', 'x', '--claim', '2*A*x'],
  ]) {
    const r = runCli(args);
    assert.is(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.not.match(r.stderr, RAW, `${args[0]}: ${JSON.stringify(r.stderr)}`);
    assert.ok(r.stderr.includes('control character U+001B ESCAPE in a comment'), r.stderr);
    const lines = r.stderr.split('\n');
    const i = lines.findIndex((l) => /^\s*\^+$/.test(l));
    assert.is(lines[i]!.indexOf('^'), lines[i - 1]!.indexOf('<U+001B>'), `${args[0]}: the caret under the escaped character:\n${r.stderr}`);
  }
});

test('escaping: the renderers show control characters escaped whatever reaches them (every format)', () => {
  const d = derive("x'*A*x", { wrt: 'x' });
  const report = { ...buildReport(d), source: INVISIBLE };
  for (const format of REPORT_FORMATS) {
    const out = renderReport(report, format as ReportFormat);
    if (format === 'json') {
      assert.is(JSON.parse(out).function, INVISIBLE);
      continue;
    }
    assert.not.match(out, raw(format), `report ${format}: ${JSON.stringify(out.slice(0, 400))}`);
    assert.ok(out.includes('U+001B') && out.includes('U+202E') && out.includes('U+200B'), `report ${format} shows the code points`);
    if (format === 'md') {
      const m = markdown(out);
      assert.is(m.unclosed, 0);
      assert.ok(m.code.some((c) => c.includes('<U+001B>[31mred') && c.includes('# after a blank line')), 'the lines of the function in one block');
      assert.not.match(m.outside, /after a blank line/, 'the blank line does not end the code');
    }
    if (format === 'latex') assertLatex(out, 'report latex');
  }
  const r = check("x'*A*x", { wrt: 'x', claim: '2*A*x' });
  const hostile = { ...r, source: INVISIBLE, claimSource: '2*A*x # \x1b[2J\u202e' };
  for (const format of CHECK_FORMATS) {
    const out = renderCheck(hostile, format);
    if (format === 'json') continue;
    assert.not.match(out, raw(format), `check ${format}: ${JSON.stringify(out.slice(0, 400))}`);
    if (format === 'latex') assertLatex(out, 'check latex');
    if (format === 'md') assert.is(markdown(out).unclosed, 0);
  }
});

test('escaping: a report written with -o carries the same escaped text, and the file name is shown escaped', () => {
  const src = "x'*A*x # ``` <img src=x onerror=alert(1)> $$";
  let written = '';
  const r = runCli(['report', src, '--wrt', 'x', '--format', 'md', '-o', 'out\x1b[2J.md'], { io: { writeFile: (_p: string, text: string) => void (written = text) } });
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, RAW);
  assert.ok(r.stderr.includes('out<U+001B>[2J.md'), r.stderr);
  assertMarkdown(written, src, 'report -o');
});

test.run();

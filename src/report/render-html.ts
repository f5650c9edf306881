// The report as one self-contained HTML page: the math typeset on the server by KaTeX
// (katex.renderToString), KaTeX's stylesheet and the fonts the page uses inlined as data: URLs,
// so the file opens offline, from disk, with no script. The stylesheet and fonts are data in the
// build (katex-assets.json, written by scripts/katex-assets.mjs): nothing is read from disk, so
// the same code makes pages in Node and in a browser.
import katex from 'katex';
import assets from './katex-assets.json' with { type: 'json' };
import type { Prose, ReportView, RuleView, SectionView } from './view.js';
import { ruleItems } from './view.js';
import { visible } from '../errors.js';

/** LaTeX → KaTeX HTML; a LaTeX error is a bug in matdiff's printers, so it throws */
export function tex(latex: string, display = false): string {
  return katex.renderToString(latex, { displayMode: display, throwOnError: true, strict: 'error', output: 'htmlAndMathml' });
}

// ---- the stylesheet, with the fonts the page uses inlined -------------------------------------

/** fonts every page needs: text, math italic, symbols and the delimiter sizes */
const CORE_FONTS = /^KaTeX_(Main|Math|AMS|Size[1-4])$/;

const FONTS: Readonly<Record<string, string>> = assets.fonts;

export function katexCss(html: string): string {
  const cssSource = assets.css;
  // which classes switch to which font family, read off KaTeX's own stylesheet
  const used = new Set<string>();
  for (const m of cssSource.matchAll(/((?:\.katex \.[\w-]+,?)+)\{[^}]*?font-family:(KaTeX_\w+)/g)) {
    const classes = [...m[1]!.matchAll(/\.katex \.([\w-]+)/g)].map((c) => c[1]!);
    if (classes.some((c) => html.includes(`"${c}"`) || html.includes(` ${c}"`) || html.includes(`"${c} `) || html.includes(` ${c} `))) used.add(m[2]!);
  }
  return cssSource.replace(/@font-face\{[^}]*\}/g, (face) => {
    const family = /font-family:(KaTeX_\w+)/.exec(face)?.[1] ?? '';
    if (!CORE_FONTS.test(family) && !used.has(family)) return '';
    const file = /url\(fonts\/([\w-]+\.woff2)\)/.exec(face)?.[1];
    if (!file) return '';
    const data = FONTS[file];
    if (data === undefined) return '';
    return face.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`);
  });
}

export const PAGE_CSS = `
body{margin:0;background:#fafaf7;color:#1d1d1f;font:16px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:1.6em;margin:.2em 0 .4em}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}
code{font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#efefea;padding:.1em .3em;border-radius:3px}
table{border-collapse:collapse}td,th{padding:.35em .6em;vertical-align:top;text-align:left}
table.vars td,table.vars th{border-bottom:1px solid #e4e4df}
table.chain td{border-bottom:1px solid #ecece7}table.chain td.lhs{text-align:right;white-space:nowrap}
table.chain td.rhs{min-width:16em}table.chain td.n{color:#888;white-space:nowrap}
.why{font-size:.88em;color:#444}.why b{color:#1d1d1f}.src{color:#777}.id{color:#999;font-size:.9em}
.explain{display:block;color:#666}.math-scroll{overflow-x:auto;overflow-y:hidden}
.forms td{border-bottom:1px solid #ecece7}.note{max-width:60em}.ok{color:#1a7f37;font-weight:600}
`;

// ---- the page ------------------------------------------------------------------------------

const markup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** text for HTML: the characters that would be read as markup escaped, invisible ones (a bidi override) shown as <U+XXXX> */
export const esc = (s: string) => markup(visible(s));
/** code for HTML (inside <code>): as esc, its line breaks kept as <br> */
export const escCode = (s: string) => markup(visible(s.trim().replace(/\r\n/g, '\n'), '\n')).replace(/\n/g, '<br>');
const prose = (p: Prose) => p.map((x) => (typeof x === 'string' ? esc(x) : tex(x.math))).join('');

function rulesHtml(rules: readonly RuleView[]): string {
  return ruleItems(rules)
    .map((it) => {
      const head = it.head.length ? `${prose(it.head)} by ` : '';
      const body = it.rules.map((r) => `<b>${esc(r.name)}</b> <span class="src">(${esc(r.source)})</span> <span class="id">${esc(r.id)}</span><span class="explain">${esc(r.explain)}</span>`).join(' ');
      return `<div>${head}${body}</div>`;
    })
    .join('');
}

function section(s: SectionView): string {
  const out: string[] = [];
  out.push(`<h2>Definitions and their differentials (with respect to ${tex(s.wrtMath)})</h2>`, '<table class="chain">');
  for (const x of s.setup) {
    const d = x.dlhs !== undefined ? `${tex(`\\Rightarrow\\quad ${x.dlhs} = ${x.drhs ?? ''}`)}` : '<span class="why">constant</span>';
    out.push(`<tr><td class="lhs">${tex(x.lhs)}</td><td>${tex('=')}</td><td class="rhs math-scroll">${tex(x.rhs)}</td><td class="math-scroll">${d}</td><td class="why">${x.rules.filter((r) => !['diag.polynomial', 'softmax.jacobian'].includes(r.id)).map((r) => `<b>${esc(r.name)}</b>`).join(', ')}</td></tr>`);
    if (x.diag) out.push(`<tr><td class="lhs">${tex(x.diag.lhs)}</td><td>${tex('=')}</td><td class="rhs">${tex(x.diag.rhs)}</td><td class="math-scroll">${tex(`\\Rightarrow\\quad ${x.dlhs} = ${x.diag.drhs}`)}</td><td class="why">${x.rules.filter((r) => ['diag.polynomial', 'softmax.jacobian'].includes(r.id)).map((r) => `<b>${esc(r.name)}</b>`).join(', ')}</td></tr>`);
  }
  out.push('</table>', '<h2>The chain</h2>', '<table class="chain">');
  const rows = [...s.chain, s.result];
  rows.forEach((l, i) => {
    out.push(`<tr><td class="lhs">${l.lhs ? tex(l.lhs) : ''}</td><td>${tex('=')}</td><td class="rhs math-scroll">${tex(l.rhs)}</td><td class="n">(${i + 1})</td><td class="why">${rulesHtml(l.rules)}</td></tr>`);
  });
  out.push('</table>', '<h2>Result</h2>', '<table class="forms">');
  for (const f of s.forms) {
    out.push(`<tr><th>${esc(f.label)}</th><td class="math-scroll">${tex(`${s.result.lhs} = ${f.math}`, true)}</td><td class="why">factors: ${f.factors.map((x) => `${tex(x.math)} <span class="src">(${esc(x.shape)})</span>`).join(' · ')}</td></tr>`);
  }
  out.push('</table>');
  const diag = s.setup.filter((x) => x.diag).map((x) => tex(`${x.diag!.lhs} = ${x.diag!.rhs}`));
  if (diag.length && s.forms.length > 1) out.push(`<p>where ${diag.join(', ')}</p>`);
  out.push('<h2>Convention</h2>', `<p class="note">${prose(s.convention)}</p>`, `<p class="note">${prose(s.why)}</p>`);
  return out.join('\n');
}

export function renderHtml(v: ReportView, titleMath: string): string {
  const body: string[] = [];
  body.push(`<h1>Derivation of ${tex(titleMath)}</h1>`, `<p>Function: <code>${escCode(v.source)}</code></p>`, '<h2>Variables</h2>', '<table class="vars"><tr><th>name</th><th>shape</th><th>facts</th></tr>');
  for (const x of v.variables) body.push(`<tr><td>${tex(x.name)}</td><td>${esc(x.shape)}</td><td>${esc(x.facts)}</td></tr>`);
  body.push('</table>');
  if (v.names.length) body.push(`<p>Names used below: ${v.names.map((n) => tex(`${n.name} = ${n.expr}`)).join(', ')}.</p>`);
  for (const s of v.sections) body.push(section(s));
  body.push('<h2>Numeric check</h2>', `<p class="note"><span class="ok">✓</span> ${prose(v.check)}</p>`);
  return htmlPage({ title: v.title, generator: 'matdiff report', body: body.join('\n') });
}

/**
 * One self-contained page: the body (its math already typeset by `tex`), KaTeX's stylesheet with
 * the fonts the body uses, and the report stylesheet (plus `css`). Shared with the check reports
 * (src/verify/render.ts).
 */
export function htmlPage(p: { title: string; generator: string; body: string; css?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(p.generator)}">
<title>${esc(p.title)}</title>
<style>${katexCss(p.body)}</style>
<style>${PAGE_CSS}${p.css ?? ''}</style>
</head>
<body>
<main>
${p.body}
</main>
</body>
</html>
`;
}

// Putting results on the page: KaTeX for the math (its stylesheet is in the page once), matdiff's
// own HTML report embedded for the step-by-step derivation, errors in a monospace block with the
// caret under the spot. Nothing here computes: the data comes from compute.ts.
import katex from 'katex';
import type { Failure, MathDef, ResultView, VariableView } from './compute.js';

/** an element with attributes and children (strings become text: never parsed as markup) */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

/** LaTeX typeset by KaTeX; LaTeX it cannot read is shown as code with the reason (never a blank) */
export function math(latex: string, display = false, cls = ''): HTMLElement {
  const el = h(display ? 'div' : 'span', { class: `${display ? 'math-display' : 'math'}${cls ? ` ${cls}` : ''}` });
  try {
    katex.render(latex, el, { displayMode: display, throwOnError: true, output: 'htmlAndMathml' });
  } catch (e) {
    el.replaceChildren(h('code', { class: 'tex-failed', title: e instanceof Error ? e.message : String(e) }, latex));
  }
  return el;
}

/**
 * Show a failure in its box (a <pre>), or hide the box. The input line and the caret under it
 * (indented lines) keep their columns; the message, hint and note lines may wrap at phone width.
 * The text is MatdiffError.format() as it is: line for line what the command line prints.
 */
export function showError(box: HTMLElement, f: Failure | undefined): void {
  box.replaceChildren();
  box.hidden = !f;
  if (!f) return;
  f.text.split('\n').forEach((line, i) => {
    if (i) box.append('\n');
    box.append(line.startsWith(' ') ? line : h('span', { class: 'words' }, line));
  });
}

/** the table of variables with the shapes matdiff inferred */
export function renderShapes(tbody: HTMLElement, vars: readonly VariableView[]): void {
  tbody.replaceChildren(
    ...vars.map((v) =>
      h('tr', { 'data-name': v.name }, h('td', {}, h('code', {}, v.name)), h('td', { class: 'shape' }, v.shape), h('td', {}, v.facts.join(', ')), h('td', { class: 'muted' }, v.declared ? 'declared' : 'inferred')),
    ),
  );
}

const whereLine = (defs: readonly MathDef[]): HTMLElement | undefined =>
  defs.length ? h('p', { class: 'where math-line' }, 'where ', ...defs.flatMap((d, i) => [i ? ', ' : '', math(d.latex)])) : undefined;

/** The body of an HTML report (matdiff's self-contained page), its stylesheets dropped: the page has KaTeX's once. */
export function reportBody(html: string): HTMLElement {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const main = doc.querySelector('main') ?? doc.body;
  const box = h('div', { class: 'report' });
  for (const n of [...main.childNodes]) box.append(document.importNode(n, true));
  box.querySelectorAll('style, script').forEach((n) => n.remove());
  return box;
}

function copyButton(key: string, label: string, text: string, what: string, status: HTMLElement): HTMLElement {
  const b = h('button', { type: 'button', 'data-copy': key, 'data-text': text }, label);
  b.addEventListener('click', () => void copy(text).then((ok) => (status.textContent = ok ? `Copied as ${what}.` : `Could not reach the clipboard: select the text above and copy it.`)));
  return b;
}

/** the clipboard API where the page may use it, else the selection and execCommand */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h('textarea', { 'aria-hidden': 'true', class: 'offscreen' }) as HTMLTextAreaElement;
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

const WHAT_WORDS = { gradient: 'Gradient', jacobian: 'Jacobian', hessian: 'Hessian' } as const;

/** the result: closed form, names, shape, layout, check, forms, copy buttons and the derivation */
export function renderResult(box: HTMLElement, r: ResultView): void {
  const status = h('p', { class: 'copy-status muted', role: 'status' });
  const forms = r.forms.length
    ? h(
        'div',
        { class: 'forms' },
        h('h3', {}, 'Equivalent forms'),
        ...r.forms.map((f) => h('div', { class: 'form', 'data-form': f.label }, h('div', { class: 'form-label' }, f.label), math(`${r.lhs} = ${f.latex}`, true))),
        whereLine(r.formsWhere),
      )
    : undefined;
  const action = r.action
    ? h('div', { class: 'action' }, h('h3', {}, r.what === 'hessian' ? 'Applied to a direction' : 'The action form'), math(`${r.action.lhs} = ${r.action.latex}`, true), whereLine(r.action.where))
    : undefined;
  const details = h('details', { id: 'derivation' }, h('summary', {}, 'The derivation, step by step: every rule named and cited, every line checked'), reportBody(r.reportHtml));
  box.replaceChildren(
    h('p', { class: 'kind muted' }, `${WHAT_WORDS[r.what]} of ${r.fnName} with respect to ${r.wrt}`),
    math(`${r.lhs} = ${r.latex}`, true, 'closed-form'),
    whereLine(r.where) ?? '',
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'As matdiff syntax'),
      h('dd', {}, h('code', { id: 'result-pretty' }, r.prettyText)),
      ...(r.prettyText !== r.text ? [h('dt', {}, 'In full'), h('dd', {}, h('code', { id: 'result-text' }, r.text))] : []),
      h('dt', {}, 'Shape'),
      h('dd', { id: 'result-shape' }, r.shape),
      h('dt', {}, 'Layout'),
      h('dd', { id: 'result-layout' }, r.layout),
      h('dt', {}, 'Numeric check'),
      h('dd', { id: 'result-check', class: r.check.ok ? 'ok' : 'bad' }, `${r.check.ok ? '✓ ' : '✗ '}${r.check.words}`),
    ),
    h(
      'div',
      { class: 'buttons' },
      copyButton('syntax', 'Copy as matdiff syntax', r.copy.syntax, 'matdiff syntax', status),
      copyButton('latex', 'Copy as LaTeX', r.copy.latex, 'LaTeX', status),
      ...('error' in r.copy.code
        ? [h('button', { type: 'button', disabled: '', title: r.copy.code.error, 'data-copy': 'code' }, 'Copy as code (not for this result)')]
        : [copyButton('code', 'Copy as JavaScript', r.copy.code.js, 'a JavaScript module (f, fAndG, checkGradient)', status), copyButton('numpy', 'Copy as NumPy', r.copy.code.numpy, 'a NumPy module (f, fAndG, check_gradient)', status)]),
    ),
    status,
    action ?? '',
    forms ?? '',
    details,
  );
}

// "Your answer" judged: the verdict, the diagnosis and the counterexample beside the answer, from
// check() (src/verify/index.ts: verdict, diagnosis {kind, message}, counterexample {sizes, values,
// claimed, truth}); for a chain, each step's verdict and the first wrong step with its fix. The
// check's own HTML report follows in a <details>.
import type { ChainCheck, ClaimCheck, Counterexample, Diagnosis } from '../index.js';
import type { Judged } from './compute.js';
import { h, math, reportBody } from './render.js';
import { matrixTex, nameTex } from './tex.js';

const VERDICT_WORDS = { correct: 'CORRECT', wrong: 'WRONG', undecided: 'UNDECIDED' } as const;

const METHOD_WORDS: Record<string, string> = {
  symbolic: 'decided symbolically (the two reduce to the same term)',
  exact: 'decided by exact rational evaluation',
  float: 'decided by floating-point evaluation, with a rounding-aware tolerance',
};

function verdictBadge(v: keyof typeof VERDICT_WORDS): HTMLElement {
  return h('p', { class: `verdict ${v}`, id: 'verdict-word' }, VERDICT_WORDS[v]);
}

function diagnosisBlock(d: Diagnosis | undefined): HTMLElement | undefined {
  if (!d) return undefined;
  return h('div', { class: 'diagnosis', 'data-kind': d.kind }, h('h3', {}, `Diagnosis (${d.kinds.join(', ')})`), h('p', { id: 'diagnosis-message' }, d.message));
}

/** the counterexample: the sizes, each value, and the two sides there */
function counterexampleBlock(c: Counterexample | undefined): HTMLElement | undefined {
  if (!c) return undefined;
  const sizes = Object.entries(c.sizes).map(([k, v]) => `${k} = ${v}`).join(', ');
  const value = (name: string, differential: boolean) => (differential ? `\\mathrm{d}${nameTex(name.replace(/^d/, ''))}` : nameTex(name));
  return h(
    'div',
    { class: 'counterexample' },
    h('h3', {}, `Counterexample (${c.exact ? 'exact' : 'rounded'}${sizes ? `; ${sizes}` : ''})`),
    h('div', { class: 'values' }, ...c.values.map((v) => math(`${value(v.name, v.differential)} = ${matrixTex(v.value)}`, false, 'value'))),
    h('div', { class: 'values' }, math(`\\text{claimed} = ${matrixTex(c.claimed)}`, false, 'value'), math(`\\text{true} = ${matrixTex(c.truth)}`, false, 'value')),
  );
}

function claimBlocks(c: ClaimCheck): (HTMLElement | undefined)[] {
  return [
    verdictBadge(c.verdict),
    h('p', { class: 'muted' }, `${METHOD_WORDS[c.comparison.method] ?? c.comparison.method}${c.comparison.points ? `, at ${c.comparison.points} point${c.comparison.points === 1 ? '' : 's'}` : ''}.`),
    h('p', { class: 'math-line' }, 'Your claim: ', math(`\\frac{\\partial ${nameTex(c.fnName)}}{\\partial ${nameTex(c.wrt)}} = ${c.claim.latex}`), ` (${c.claim.shape})`),
    c.note ? h('p', { class: 'note' }, c.note) : undefined,
    c.undecided ? h('p', { class: 'note' }, c.undecided) : undefined,
    diagnosisBlock(c.diagnosis),
    counterexampleBlock(c.counterexample),
    h('p', { class: 'math-line' }, 'matdiff’s gradient: ', math(`${c.gradient.latex}`), ` (${c.gradient.shape})`),
  ];
}

function chainBlocks(c: ChainCheck): (HTMLElement | undefined)[] {
  const wrong = c.steps.find((s) => s.index === c.firstWrong);
  const id = c.identification;
  return [
    verdictBadge(c.verdict),
    h('p', { class: 'muted' }, `A chain of ${c.steps.length} step${c.steps.length === 1 ? '' : 's'}; varying: ${c.varying.join(', ') || '(none)'}.`),
    h(
      'ol',
      { class: 'steps' },
      ...c.steps.map((s) =>
        h('li', { class: `step ${s.verdict}`, 'data-verdict': s.verdict }, h('span', { class: 'step-verdict' }, VERDICT_WORDS[s.verdict]), ' ', s.toShown ? math(s.toShown.latex) : h('code', {}, s.to), s.error ? h('span', { class: 'bad' }, ` — ${s.error}`) : undefined),
      ),
    ),
    wrong ? h('h3', {}, `The first wrong step: ${wrong.index} (line ${wrong.line})`) : undefined,
    wrong?.fix ? h('p', { class: 'fix' }, `What makes it right: ${wrong.fix.words}${wrong.fix.rules.length ? ` (${wrong.fix.rules.map((r) => `${r.name}, ${r.source}`).join('; ')})` : ''}`) : undefined,
    diagnosisBlock(wrong?.diagnosis),
    counterexampleBlock(wrong?.counterexample),
    id ? h('h3', {}, `The gradient the chain ends in: ${VERDICT_WORDS[id.verdict]}`) : undefined,
    id ? h('p', { class: 'math-line' }, math(`\\frac{\\partial ${nameTex(id.fnName)}}{\\partial ${nameTex(id.wrt)}} = ${id.claimed.latex}`), id.verdict === 'correct' ? '' : h('span', {}, '; matdiff’s: ', math(id.gradient.latex))) : undefined,
    id?.note ? h('p', { class: 'note' }, id.note) : undefined,
    id && id.verdict !== 'correct' ? diagnosisBlock(id.diagnosis) : undefined,
    id && id.verdict !== 'correct' ? counterexampleBlock(id.counterexample) : undefined,
  ];
}

/** the judged answer (nothing when there is no answer) */
export function renderVerdict(box: HTMLElement, j: Judged | undefined): void {
  if (!j || !j.ok) {
    box.replaceChildren();
    box.dataset.verdict = '';
    return;
  }
  const blocks = j.kind === 'claim' ? claimBlocks(j.check) : chainBlocks(j.check);
  const details = h('details', { id: 'check-report' }, h('summary', {}, 'The check in full'), reportBody(j.reportHtml));
  box.replaceChildren(...blocks.filter((b): b is HTMLElement => b !== undefined), details);
  box.dataset.verdict = j.check.verdict;
}

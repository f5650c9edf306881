// The report of a Jacobian or a Hessian (`jacobian(...).report(format)`, `matdiff report
// --jacobian|--hessian`): the function and its differential, the differential rewritten by the vec
// rules until it reads d vec F = J d vec X (a Hessian: the second differential d²f = dG : dX, then
// dG = H dX), the identification theorem that reads the matrix off, the layout sentence, the action
// form, and the numeric check. It formats the stages the engine recorded (src/engine/jacobian.ts);
// it derives nothing itself. Text, Markdown, LaTeX and HTML share the gradient report's renderers;
// JSON has its own shape.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isVectorShape } from '../core/shape.js';
import type { Jacobian } from '../engine/jacobian.js';
import type { Step } from '../engine/steps.js';
import { CATALOGUE } from '../identities/catalogue.js';
import { chooseNames } from '../simplify/share.js';
import { opRecord } from '../ops/index.js';
import { latexName, unicodeName } from '../print/names.js';
import { ReportPrinter } from './print.js';
import { shapeText, type LineView, type MathStyle, type Prose, type ReportView, type RuleView, type SectionView } from './view.js';
import { REPORT_FORMATS, type ReportFormat } from '../engine/derive.js';
import { MatdiffError } from '../errors.js';
import { renderText } from './render-text.js';
import { renderMarkdown, renderLatex } from './render-tex.js';
import { renderHtml } from './render-html.js';

/** the catalogue entries a stage used, each once, in the order first used */
function rulesOf(steps: readonly Step[]): RuleView[] {
  const seen = new Set<string>();
  const out: RuleView[] = [];
  for (const s of steps) {
    const e = CATALOGUE.get(s.rule);
    if (!e || seen.has(e.id)) continue;
    seen.add(e.id);
    out.push({ id: e.id, name: e.name, source: e.source, explain: e.explain });
  }
  return out;
}

const ruleOf = (id: string): RuleView => {
  const e = CATALOGUE.get(id)!;
  return { id: e.id, name: e.name, source: e.source, explain: e.explain };
};

/** names for the results a report names (s = σ(Wx)), as the gradient report chooses them */
function reportNames(j: Jacobian, terms: readonly Term[]): Map<Term, string> {
  const taken = new Set([...j.vars.keys(), j.action.direction]);
  const all = chooseNames(terms, new Map(), taken);
  return new Map([...all].filter(([t]) => opRecord(t.op).named));
}

function view(j: Jacobian, style: MathStyle): ReportView {
  const x = j.variable;
  const F = j.fn;
  const dx = b.dvar(x.name!, x.shape);
  const L = j.stages.differential.term;
  const names = reportNames(j, [j.term, L, ...(j.stages.gradient ? [j.stages.gradient.term] : [])]);
  const p = new ReportPrinter(style, names);
  const m = (t: Term) => p.show(t);
  // the function's own definition is written out (f = softmax(z), not f = p)
  const own = (t: Term) => new ReportPrinter(style, new Map([...names].filter(([u]) => u !== t))).show(t);
  // a matrix followed by `vec dX` in a line: parenthesized unless it is one factor
  const mv = (t: Term) => (['kron', 'add', 'smul'].includes(t.op) ? (style === 'latex' ? `\\left(${m(t)}\\right)` : `(${m(t)})`) : m(t));
  const tex = style === 'latex';
  const name = (n: string) => (tex ? latexName(n) : unicodeName(n));
  const d = (n: string) => (tex ? `\\mathrm{d}${latexName(n)}` : `d${unicodeName(n)}`);
  const vec = (s: string) => (tex ? `\\operatorname{vec} ${s}` : `vec ${s}`);
  const T = tex ? '^{\\top}' : 'ᵀ';
  const f = j.fnName;
  const hess = j.kind === 'hessian';
  const matrixForm = j.form === 'matrix';
  const M = hess ? 'H' : 'J';
  // the identified matrix times the direction: J dx, or J vec dX
  const times = matrixForm ? `${M} ${d(x.name!)}` : `${M} ${vec(d(x.name!))}`;
  const lines: LineView[] = [];
  const setup = [];
  if (hess) {
    const G = j.stages.gradient!;
    setup.push({ lhs: name(f), rhs: own(F), dlhs: d(f), drhs: m(b.frob(G.term, dx)), rules: [ruleOf('identify')] });
    lines.push({ lhs: tex ? `\\mathrm{d}^2${latexName(f)}` : `d²${unicodeName(f)}`, rhs: m(b.frob(L, dx)), rules: rulesOf(j.stages.differential.steps) });
    const quad = matrixForm ? m(b.frob(b.mul(j.term, dx), dx)) : `(${vec(d(x.name!))})${T} H ${vec(d(x.name!))}`;
    lines.push({ lhs: '', rhs: quad, rules: rulesOf(j.stages.readOff.filter((s) => s.rule !== 'hess.identify')) });
  } else {
    setup.push({ lhs: name(f), rhs: own(F), dlhs: d(f), drhs: m(L), rules: rulesOf(j.stages.differential.steps) });
    const lhs = matrixForm && isVectorShape(F.shape) ? d(f) : vec(d(f));
    lines.push({ lhs, rhs: matrixForm ? m(b.mul(j.layout === 'numerator' ? j.term : b.transpose(j.term), dx)) : `${mv(j.layout === 'numerator' ? j.term : b.transpose(j.term))} ${vec(d(x.name!))}`, rules: rulesOf(j.stages.readOff.filter((s) => s.rule !== 'jac.identify')) });
  }
  const resultLhs = hess
    ? tex
      ? `H = \\frac{\\partial^2 ${latexName(f)}}{\\partial ${matrixForm ? latexName(x.name!) : `\\operatorname{vec} ${latexName(x.name!)}`}\\, \\partial ${matrixForm ? latexName(x.name!) : `(\\operatorname{vec} ${latexName(x.name!)})`}^{\\top}}`
      : `H = ∂²${unicodeName(f)}/∂${matrixForm ? unicodeName(x.name!) : `vec ${unicodeName(x.name!)}`}∂${matrixForm ? unicodeName(x.name!) : `(vec ${unicodeName(x.name!)})`}ᵀ`
    : tex
      ? `J = \\frac{\\partial ${matrixForm ? latexName(f) : `\\operatorname{vec} ${latexName(f)}`}}{\\partial ${matrixForm ? latexName(x.name!) : `(\\operatorname{vec} ${latexName(x.name!)})`}^{\\top}}${j.layout === 'denominator' ? '^{\\top}' : ''}`
      : `J = ∂${matrixForm ? unicodeName(f) : `vec ${unicodeName(f)}`}/∂${matrixForm ? unicodeName(x.name!) : `(vec ${unicodeName(x.name!)})`}ᵀ${j.layout === 'denominator' ? ', transposed' : ''}`;
  const factors = j.term.op === 'mul' ? j.term.args : [j.term];
  const action = j.action;
  const actionMath = `${tex ? action.lhs.replace(/^d/, '\\mathrm{d}') : action.lhs} = ${new ReportPrinter(style, names).show(action.term.term)}`;
  const section: SectionView = {
    wrt: j.wrt,
    wrtMath: name(j.wrt),
    title: `${M} of ${f} with respect to ${j.wrt}`,
    setup,
    chain: lines,
    result: { lhs: resultLhs, rhs: m(j.term), rules: [ruleOf(hess ? 'hess.identify' : 'jac.identify')] },
    forms: [{ label: matrixForm ? 'matrix' : 'vec form', math: m(j.term), factors: factors.map((t) => ({ math: m(t), shape: shapeText(t.shape) })) }],
    convention: [j.layoutSentence],
    why: ['The same map without vec, applied to a direction: ', { math: actionMath }, `. ${hess ? 'H is the Jacobian of the gradient, so H' : 'J'} is read off by the ${hess ? 'second' : 'first'} identification theorem once the differential reads ${hess ? 'dG = H dX' : 'dF = J dX'}, every rule above cited.`],
  };
  const c = j.check;
  const check: Prose = c
    ? [
        `The ${hess ? 'Hessian' : 'Jacobian'} as printed, parsed back, was checked numerically ${c.method === 'exact' ? 'exactly, with rational numbers' : 'in floating point against central differences'}: for a random constant C shaped like ${hess ? 'the gradient' : f}, the gradient of C : ${hess ? 'G' : f} with respect to ${j.wrt} must be unvec(${M}ᵀ vec C)${hess ? ', and the gradient G was itself checked against f' : ''}; ${c.trials} trial${c.trials === 1 ? '' : 's'}${c.method === 'float' ? `, largest relative error ${c.maxRelError.toExponential(1)}` : ''}.`,
      ]
    : ['The numeric check was turned off: nothing above is verified.'];
  const bare = new ReportPrinter(style);
  return {
    title: `${hess ? 'Hessian' : 'Jacobian'} of ${f} with respect to ${j.wrt}`,
    source: j.source,
    variables: [...j.vars.values()].map((v) => ({ name: name(v.name!), shape: shapeText(v.shape), facts: (v.data.facts ?? []).join(', ') })),
    names: [...names].map(([t, n]) => ({ name: name(n), expr: bare.show(t) })),
    sections: [section],
    check,
  };
}

function json(j: Jacobian): string {
  const steps = (ss: readonly Step[]) => ss.map((s) => s.rule);
  const printers = { text: new ReportPrinter('text'), latex: new ReportPrinter('latex') };
  return (
    JSON.stringify(
      {
        function: j.source,
        kind: j.kind,
        wrt: j.wrt,
        form: j.form,
        layout: j.layout,
        about: j.layoutSentence,
        ...(j.stages.gradient ? { gradient: j.stages.gradient.text } : {}),
        differential: { text: printers.text.show(j.stages.differential.term), rules: steps(j.stages.differential.steps) },
        readOff: { rules: steps(j.stages.readOff) },
        [j.kind]: { text: j.text, latex: j.latex, shape: [j.shape.rows, j.shape.cols] },
        action: `${j.action.lhs} = ${j.action.term.text}`,
        check: j.check ? { ok: j.check.ok, method: j.check.method, trials: j.check.trials, maxRelError: j.check.maxRelError } : null,
      },
      null,
      2,
    ) + '\n'
  );
}

/** The report of a Jacobian or Hessian in one format. */
export function jacobianReport(j: Jacobian, format: ReportFormat): string {
  const title = j.kind === 'hessian' ? `\\text{the Hessian of } ${latexName(j.fnName)}` : `\\text{the Jacobian of } ${latexName(j.fnName)}`;
  switch (format) {
    case 'text':
      return renderText(view(j, 'unicode'));
    case 'md':
      return renderMarkdown(view(j, 'latex'), title);
    case 'latex':
      return renderLatex(view(j, 'latex'), title);
    case 'html':
      return renderHtml(view(j, 'latex'), title);
    case 'json':
      return json(j);
  }
  throw new MatdiffError('parse', `unknown report format \`${String(format)}\``, { hint: `formats: ${REPORT_FORMATS.join(', ')}` });
}

// The report in words and math strings of one style (Unicode for the terminal, LaTeX for
// Markdown, LaTeX and HTML), shared by every format. Prose that mixes words and math is a list
// of segments, so each format escapes the words and typesets the math its own way.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import type { Shape } from '../core/shape.js';
import { latexName, unicodeName } from '../print/names.js';
import type { Report, RuleRef, Section, TransposeWhy } from './model.js';
import { ReportPrinter } from './print.js';
import { simplify } from '../engine/rewrite.js';
import { opRecord } from '../ops/index.js';
import { transposeOf } from '../simplify/canon.js';
import { identity } from '../identities/catalogue.js';

export type MathStyle = 'unicode' | 'latex';
/** words and math, in order */
export type Prose = readonly (string | { readonly math: string })[];

export interface RuleView {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly explain: string;
  /** the intermediate whose differential this rule gave, and that differential: "dv = dW x" */
  readonly substituted?: { readonly name: string; readonly equation: string };
}

export interface LineView {
  readonly lhs: string;
  readonly rhs: string;
  readonly rules: readonly RuleView[];
}

export interface SetupView {
  readonly lhs: string;
  readonly rhs: string;
  /** the differential, or undefined for a constant (with respect to the variable) */
  readonly dlhs?: string;
  readonly drhs?: string;
  readonly diag?: { readonly lhs: string; readonly rhs: string; readonly drhs: string };
  readonly rules: readonly RuleView[];
}

export interface SectionView {
  readonly wrt: string;
  /** the variable's name as math */
  readonly wrtMath: string;
  readonly title: string;
  readonly setup: readonly SetupView[];
  readonly chain: readonly LineView[];
  readonly result: LineView;
  readonly forms: readonly { readonly label: string; readonly math: string; readonly factors: readonly { readonly math: string; readonly shape: string }[] }[];
  readonly convention: Prose;
  readonly why: Prose;
}

export interface ReportView {
  readonly title: string;
  readonly source: string;
  readonly variables: readonly { readonly name: string; readonly shape: string; readonly facts: string }[];
  readonly names: readonly { readonly name: string; readonly expr: string }[];
  readonly sections: readonly SectionView[];
  readonly check: Prose;
}

export const shapeText = (s: Shape): string => (s.rows === '1' && s.cols === '1' ? 'scalar' : `${s.rows}×${s.cols}`);

const shapeWords = (s: Shape): string =>
  s.rows === '1' && s.cols === '1' ? 'scalar' : s.cols === '1' ? `${s.rows}×1 column` : s.rows === '1' ? `1×${s.cols} row` : `${s.rows}×${s.cols} matrix`;

function ruleView(r: RuleRef, m: (t: Term) => string, report: Section): RuleView {
  const e = r.entry;
  let substituted: RuleView['substituted'];
  if (r.substituted) {
    const def = report.setup.find((s) => s.name === r.substituted);
    const value = def?.diagForm && ['diag.polynomial', 'softmax.jacobian'].includes(r.id) ? def.diagForm : def?.differential;
    if (def && value) substituted = { name: def.name, equation: `${m(b.dvar(def.name, def.local.shape))} = ${m(value)}` };
  }
  return { id: e.id, name: e.name, source: e.source, explain: e.explain, substituted };
}

function why(w: TransposeWhy, s: Section, m: (t: Term) => string, grad: string, wrt: string): Prose {
  const shape = shapeText(s.wrtShape);
  const tail: Prose = [' has the shape ', shape, ' of ', { math: wrt }, '.'];
  if (w.kind === 'moved') {
    // the move itself, with a generic C: C : (A dX B) = (AᵀC Bᵀ) : dX
    const arg = w.product.args[w.index]!;
    const C = b.variable('C', w.product.shape);
    const after = simplify(opRecord('mul').adjoint!(w.product, C, w.index));
    const crossed = [w.left, w.right].filter((f): f is Term => f !== undefined && transposeOf(f) !== f);
    const sides = w.left && w.right ? 'the left and the right' : `the ${w.left ? 'left' : 'right'}`;
    return [
      ...crossed.flatMap((f, k) => [...(k ? [' and '] : []), { math: m(simplify(b.transpose(f))) }]),
      crossed.length > 1 ? ' appear because ' : ' appears because ',
      ...crossed.flatMap((f, k) => [...(k ? [' and '] : []), { math: m(f) }]),
      crossed.length > 1 ? ' multiply ' : ' multiplies ',
      { math: m(arg) },
      ` from ${sides}, and a factor crosses the Frobenius product transposed: `,
      { math: `${m(b.frob(C, w.product))} = ${m(b.frob(after, arg))}` },
      '. That is how ',
      { math: grad },
      ...tail,
    ];
  }
  if (w.kind === 'transposed') {
    const C = b.variable('C', { rows: s.wrtShape.cols, cols: s.wrtShape.rows });
    const dX = b.dvar(s.wrt, s.wrtShape);
    return ['The differential appeared transposed, and ', { math: `${m(b.frob(C, b.transpose(dX)))} = ${m(b.frob(b.transpose(C), dX))}` }, ' moves the transpose to the other side, so that ', { math: grad }, ...tail];
  }
  if (w.kind === 'symmetric') {
    const fs = w.factors.flatMap((f, k) => [...(k ? [', '] : []), { math: m(f) }]);
    return [...fs, ` crossed the Frobenius product, but ${w.factors.length > 1 ? 'each equals its' : 'it equals its'} transpose, so no transpose appears; `, { math: grad }, ...tail];
  }
  return ['No factor had to cross the Frobenius product, so no transpose appears; ', { math: grad }, ...tail];
}

function convention(s: Section, grad: string, name: (n: string) => string, d: (n: string) => string, style: MathStyle): Prose {
  const { rows, cols } = s.wrtShape;
  const head: Prose = ['The gradient has the shape of the variable: ', { math: grad }];
  if (rows === '1' && cols === '1') return [...head, ' is a scalar, like ', { math: name(s.wrt) }, '.'];
  const entry = rows === '1' || cols === '1' ? 'entry i' : 'entry (i, j)';
  // a symmetric or diagonal variable: why the gradient is the part of G its differential sees
  if (s.structure) {
    const tex = style === 'latex';
    const X = { math: name(s.wrt) };
    const f = name(s.fnName);
    const GdX = { math: `G : ${d(s.wrt)}` };
    const dfGdX = { math: `${d(s.fnName)} = G : ${d(s.wrt)}` };
    if (s.structure === 'symmetric') {
      const half = { math: tex ? '\\tfrac{1}{2}(G + G^{\\top})' : '½(G + Gᵀ)' };
      return [...head, ` is ${shapeText(s.wrtShape)} and symmetric, like `, X, '. ', X, ' moves only among symmetric matrices, so its differential is symmetric too, and ', GdX, ' sees only the symmetric part ', half, ' of any ', { math: 'G' }, ': the gradient is the one symmetric matrix with ', dfGdX, ' for every symmetric ', { math: d(s.wrt) }, '. Off the diagonal, its entry (i, j) is half the derivative of ', { math: f }, ' with respect to the entry that (i, j) and (j, i) share.'];
    }
    const idG = { math: tex ? 'I \\circ G' : 'I ∘ G' };
    return [...head, ` is ${shapeText(s.wrtShape)} and diagonal, like `, X, '. ', X, ' moves only among diagonal matrices, so ', GdX, ' sees only the diagonal of any ', { math: 'G' }, ': the gradient is ', idG, ', and its entry (i, i) is the derivative of ', { math: f }, ' with respect to entry (i, i) of ', X, '.'];
  }
  return [...head, ` is ${shapeText(s.wrtShape)}, like `, { math: name(s.wrt) }, `, and its ${entry} is the derivative of `, { math: name(s.fnName) }, ` with respect to ${entry} of `, { math: name(s.wrt) }, '.'];
}

export function buildView(r: Report, style: MathStyle): ReportView {
  const p = new ReportPrinter(style, r.names);
  const m = (t: Term) => p.show(t);
  const name = (n: string) => (style === 'latex' ? latexName(n) : unicodeName(n));
  const d = (n: string) => (style === 'latex' ? `\\mathrm{d}${latexName(n)}` : `d${unicodeName(n)}`);
  const partial = (f: string, w: string) => (style === 'latex' ? `\\frac{\\partial ${latexName(f)}}{\\partial ${latexName(w)}}` : `∂${unicodeName(f)}/∂${unicodeName(w)}`);
  const sections = r.sections.map((s): SectionView => {
    const setup = s.setup.map((x): SetupView => {
      const rules = x.rules.map((rr) => ruleView(rr, m, s));
      // the Diag form is one more identity: Diag(s − s∘s) = S − S² (or the softmax Jacobian)
      if (x.diagForm) rules.push(ruleView({ id: x.local.op === 'softmax' ? 'softmax.jacobian' : 'diag.polynomial', entry: identity(x.local.op === 'softmax' ? 'softmax.jacobian' : 'diag.polynomial') }, m, s));
      const diag = x.diagForm && x.diagNames.length
        ? { lhs: x.diagNames.map((n) => m(n.name)).join(', '), rhs: x.diagNames.map((n) => m(b.apply('Diag', [n.of]))).join(', '), drhs: m(x.diagForm) }
        : undefined;
      return { lhs: name(x.name), rhs: m(x.local), dlhs: x.active ? d(x.name) : undefined, drhs: x.differential ? m(x.differential) : undefined, diag, rules };
    });
    const chain = s.lines.map((l, i): LineView => ({ lhs: i === 0 ? d(s.fnName) : '', rhs: m(l.term), rules: l.rules.map((rr) => ruleView(rr, m, s)) }));
    const idRule = ruleView({ id: 'identify', entry: identity('identify') }, m, s);
    return {
      wrt: s.wrt,
      wrtMath: name(s.wrt),
      title: `∂${s.fnName}/∂${s.wrt}`,
      setup,
      chain,
      result: { lhs: partial(s.fnName, s.wrt), rhs: m(s.gradient), rules: [idRule] },
      forms: s.forms.map((f) => ({ label: f.label, math: m(f.term), factors: f.factors.map((x) => ({ math: x.term.op === 'add' && f.factors.length > 1 ? (style === 'latex' ? `\\left(${m(x.term)}\\right)` : `(${m(x.term)})`) : m(x.term), shape: shapeText(x.shape) })) })),
      convention: convention(s, partial(s.fnName, s.wrt), name, d, style),
      why: why(s.transpose, s, m, partial(s.fnName, s.wrt), name(s.wrt)),
    };
  });
  const c = r.check;
  const sizes = c.sizes.map((z) => Object.entries(z).map(([k, v]) => `${k}=${v}`).join(' ')).filter(Boolean);
  const method = c.method === 'exact' ? 'exactly, with rational numbers (dual numbers give the exact directional derivative)' : c.method === 'float' ? 'in floating point, against central differences' : 'exactly where every operation is rational, else in floating point against central differences';
  const check: Prose = [
    `Every line above was checked numerically (${c.claims} claims): both sides agree at random values of the variables and of the direction ${r.sections.map((s) => `d${s.wrt}`).join(', ')}, ${method}; sizes tried: ${sizes.join('; ') || 'fixed'}; largest relative error ${c.maxRelError === 0 ? '0' : c.maxRelError.toExponential(1)}.`,
    ...r.engineChecks.map((e) => ` The gradient with respect to ${e.wrt} passed the engine's own check (${e.method}, ${e.trials} trial${e.trials === 1 ? '' : 's'}${e.method === 'float' ? `, largest relative error ${e.maxRelError.toExponential(1)}` : ''}).`),
  ];
  const bare = new ReportPrinter(style);
  return {
    title: `Derivation of ${r.sections.map((s) => `∂${s.fnName}/∂${s.wrt}`).join(' and ')}`,
    source: r.source,
    variables: r.variables.map((v) => ({ name: name(v.name), shape: shapeWords(v.shape), facts: v.facts.join(', ') })),
    names: [...r.names].map(([t, n]) => ({ name: name(n), expr: bare.show(t) })),
    sections,
    check,
  };
}

/** The rules of a line, one item each; the rules that gave a substituted differential form one item. */
export function ruleItems(rules: readonly RuleView[]): { readonly head: Prose; readonly rules: readonly RuleView[] }[] {
  const out: { head: Prose; rules: RuleView[] }[] = [];
  const byName = new Map<string, { head: Prose; rules: RuleView[] }>();
  for (const r of rules) {
    const sub = r.substituted;
    if (!sub) {
      out.push({ head: [], rules: [r] });
      continue;
    }
    let item = byName.get(sub.name);
    if (!item) {
      item = { head: [], rules: [] };
      byName.set(sub.name, item);
      out.push(item);
    }
    item.rules.push(r);
    item.head = ['put in ', { math: sub.equation }];
  }
  return out;
}

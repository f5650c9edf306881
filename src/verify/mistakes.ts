// The catalogue of mistakes people make in a gradient, as data: each mistake is a kind, a
// transformation of the true gradient G that makes it (transposed, scaled, a Hadamard product for
// a matrix product, σ for σ′, a chain-rule factor or a term left out, …) and the words that name
// it. The search that tries them against a claim is src/verify/diagnose.ts.
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, sameShape, showShape, type Shape } from '../core/shape.js';
import { toText, toUnicode } from '../print/print.js';
import { elementwiseFns } from '../ops/elementwise.js';
import type { Leaves } from './points.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { attempt, nodes, replaceNode } from './term-edit.js';

export type DiagnosisKind =
  | 'transpose' // the layout mix-up
  | 'factor' // off by a constant factor (the lost 2, the ½)
  | 'sign' // the wrong sign
  | 'symmetric' // 2Ax where A is not symmetric and (A + Aᵀ)x is needed
  | 'sums-to-one' // right only where a variable's entries sum to 1 (sum(p) = 1), not declared prob
  | 'hadamard-for-product' // a Hadamard product where a matrix product belongs
  | 'product-for-hadamard' // a matrix product where a Hadamard product belongs
  | 'missing-derivative' // f(z) where the chain rule needs f′(z) (σ for σ′)
  | 'missing-factor' // a chain-rule factor left out (σ′, an inner derivative)
  | 'missing-term' // one term of a sum left out (one side of the product rule)
  | 'wrong-variable' // the gradient with respect to another variable
  | 'shape'; // a shape the gradient cannot have

export interface Diagnosis {
  /** the (first) mistake */
  readonly kind: DiagnosisKind;
  /** every mistake, `kind` first: two or more when they compose (transposed and off by 2) */
  readonly kinds: readonly DiagnosisKind[];
  /** one or two sentences in plain words */
  readonly message: string;
  /** the transformation of the gradient that equals the claim (matdiff syntax), when there is one */
  readonly as?: string;
  readonly factor?: string;
  readonly variable?: string;
  /** the declaration that makes the claim right, when a fact is what it lacks: `A: n x n symmetric`, `p: k prob` */
  readonly declaration?: string;
}

/** What the diagnosis needs to know about the function. */
export interface Problem {
  /** the claim and the true gradient (definitions put in) */
  readonly claim: Term;
  readonly truth: Term;
  /** the variable and the function's name, for the words */
  readonly wrt: string;
  readonly fnName: string;
  readonly variable: Term;
  /** every variable of the function */
  readonly vars: ReadonlyMap<string, Term>;
  /** the gradient with respect to each other variable (computed on demand) */
  readonly gradientOf: (name: string) => Term | undefined;
  readonly leaves: Leaves;
}

// the elementwise functions and the words of their derivatives, from their records (src/ops/)
const ELEMENTWISE = new Set(elementwiseFns.filter((r) => r.kind === 'elementwise').map((r) => r.op));
const NAMES: Record<string, [string, string]> = Object.fromEntries(
  elementwiseFns.flatMap((r) => (r.derivative ? [[r.op, [r.derivative.name, r.derivative.words]] as const] : [])),
);

export const shapeWords = (s: Shape): string => (isScalarShape(s) ? 'a scalar' : s.cols === '1' ? `a column (${s.rows}×1)` : s.rows === '1' ? `a row (1×${s.cols})` : showShape(s));

export function layoutWords(p: Problem): string {
  const s = p.variable.shape;
  return `The convention: ∂${p.fnName}/∂${p.wrt} has the shape of ${p.wrt} (${showShape(s)}), its entry (i, j) being ∂${p.fnName}/∂${p.wrt}ᵢⱼ (the gradient, or denominator, layout). The Jacobian (numerator) layout writes the transpose.`;
}

export function factorWords(c: Fraction): string {
  const s = c.toFraction();
  if (c.equals(new Fraction(1, 2))) return 'The claim is half the gradient: a factor 2 is lost — typically the 2 of a quadratic form (d(xᵀAx) and d‖r‖² each give two equal terms, so the gradient of ½‖r‖² has no ½ left and that of ‖r‖² has a 2).';
  if (c.equals(2)) return 'The claim is twice the gradient: a ½ was dropped — typically the ½ in front of ½‖r‖², which cancels the 2 that differentiating the square brings.';
  if (c.equals(-1)) return 'The claim has the wrong sign.';
  return `The claim is ${s} times the gradient: a constant factor is off.`;
}

/** the first elementwise application inside t: σ(v) in σ(v) − σ(v)² */
function elementwiseIn(t: Term): Term | undefined {
  return nodes(t).find((u) => ELEMENTWISE.has(u.op));
}

export interface Candidate {
  readonly kind: DiagnosisKind;
  readonly term: Term;
  readonly message: string;
  readonly factor?: string;
  readonly variable?: string;
}

/** the Hadamard ↔ product swaps of G, each with the words that name it */
export function* swaps(g: Term): Generator<Candidate> {
  for (const n of nodes(g)) {
    if (n.op === 'had' && n.args.length >= 2) {
      const [a, c] = [n.args[0]!, n.args.length === 2 ? n.args[1]! : mk('had', n.args.slice(1))];
      for (const prod of [() => b.mul(a, c), () => b.mul(b.transpose(a), c), () => b.mul(a, b.transpose(c)), () => b.mul(c, a)]) {
        const r = attempt(prod);
        const t = r && replaceNode(g, n, r);
        if (t) yield { kind: 'product-for-hadamard', term: t, message: `The claim has a matrix product where the gradient has a Hadamard (elementwise) product: ${toUnicode(n)} multiplies entry by entry, not as matrices.` };
      }
    }
    if (n.op === 'mul' && n.args.length >= 2) {
      for (let i = 0; i + 1 < n.args.length; i++) {
        const [a, c] = [n.args[i]!, n.args[i + 1]!];
        for (const h of [() => b.had(a, c), () => b.had(b.transpose(a), c), () => b.had(a, b.transpose(c))]) {
          const r = attempt(() => {
            const hh = h();
            const rest = [...n.args.slice(0, i), hh, ...n.args.slice(i + 2)];
            return rest.length === 1 ? rest[0]! : b.chain(rest);
          });
          const t = r && replaceNode(g, n, r);
          if (t) yield { kind: 'hadamard-for-product', term: t, message: `The claim has a Hadamard (elementwise) product where the gradient has a matrix product: ${toUnicode(b.chain([a, c]))} is a matrix product.` };
        }
      }
    }
  }
}

/** G with one factor of a product (Hadamard, matrix or scalar) left out, or an f′ factor replaced by f */
export function* dropped(g: Term): Generator<Candidate> {
  // the gradient is itself f′(z) (the bias of a single neuron): f(z) in its place
  const root = elementwiseIn(g);
  if (root && root !== g && sameShape(root.shape, g.shape)) {
    const nm = NAMES[root.op];
    yield { kind: 'missing-derivative', term: root, message: `The claim has ${toUnicode(root)} where the chain rule needs the derivative of ${nm?.[0] ?? root.op}${nm ? ` (${nm[1]})` : ''}: the gradient is ${toUnicode(g)}.` };
  }
  for (const n of nodes(g)) {
    const factors: Term[] = n.op === 'had' || n.op === 'mul' ? [...n.args] : n.op === 'smul' ? [n.args[0]!] : [];
    for (let i = 0; i < factors.length; i++) {
      const f = factors[i]!;
      const without = attempt(() => {
        if (n.op === 'smul') return n.args[1]!;
        const rest = n.args.filter((_, k) => k !== i);
        return n.op === 'had' ? rest.reduce((x, y) => b.had(x, y)) : b.chain(rest);
      });
      const e = elementwiseIn(f);
      const nm = e ? NAMES[e.op] : undefined;
      if (e && f !== e) {
        // the function where its derivative belongs: σ(v) for σ(v) − σ(v)²
        const swapped = attempt(() => {
          if (n.op === 'smul') return b.smul(isScalarShape(e.shape) ? e : f, n.args[1]!);
          const args = n.args.map((x, k) => (k === i ? (sameShape(e.shape, f.shape) ? e : f) : x));
          return n.op === 'had' ? args.reduce((x, y) => b.had(x, y)) : b.chain(args);
        });
        const t = swapped && replaceNode(g, n, swapped);
        if (t) {
          const fn = nm?.[0] ?? e.op;
          yield { kind: 'missing-derivative', term: t, message: `The claim has ${toUnicode(e)} where the chain rule needs the derivative of ${fn}${nm ? ` (${nm[1]})` : ''}: the factor should be ${toUnicode(f)}.` };
        }
      }
      const t = without && replaceNode(g, n, without);
      if (!t) continue;
      // σ(z)(1 − σ(z)) with the 1 − σ(z) left out: the function where its derivative belongs
      if (e && nm && factors.some((x, k) => k !== i && x === e)) {
        yield { kind: 'missing-derivative', term: t, message: `The claim has ${toUnicode(e)} where the chain rule needs the derivative of ${nm[0]} (${nm[1]}): the factor ${toUnicode(f)} is missing.` };
        continue;
      }
      const what = nm ? `the ${nm[0]}′ factor ${toUnicode(f)} (${nm[1]})` : `the factor ${toUnicode(f)}`;
      yield { kind: 'missing-factor', term: t, message: `A chain-rule factor is missing: the gradient has ${what}, which the claim leaves out.` };
    }
  }
}

/** G with one term of a sum left out */
export function* missingTerms(g: Term): Generator<Candidate> {
  for (const n of nodes(g)) {
    if (n.op !== 'add') continue;
    for (let i = 0; i < n.args.length; i++) {
      const rest = n.args.filter((_, k) => k !== i);
      const t = replaceNode(g, n, rest.length === 1 ? rest[0]! : b.add(...rest));
      if (t) yield { kind: 'missing-term', term: t, message: `A term is missing: the gradient is a sum and the claim leaves out ${toUnicode(n.args[i]!)} (the product rule gives one term for each place the variable occurs).` };
    }
  }
}

/** What is done to a mistaken form T on top of the mistake: transposed, scaled by c (or both). */
export interface Wrap {
  readonly term: Term;
  readonly transposed: boolean;
  readonly c?: Fraction;
}

/** The further mistakes a wrap stands for: transpose, sign, factor. */
export function wrapKinds(w: Wrap): DiagnosisKind[] {
  const out: DiagnosisKind[] = [];
  if (w.transposed) out.push('transpose');
  if (w.c && w.c.s < 0) out.push('sign');
  if (w.c && !w.c.abs().equals(1)) out.push('factor');
  return out;
}

export function transposeWords(p: Problem, g: Term, claimShape: Shape): string {
  const vec = g.shape.cols === '1' || g.shape.rows === '1';
  const what = vec ? `a ${g.shape.cols === '1' ? 'row' : 'column'} where the gradient is a ${g.shape.cols === '1' ? 'column' : 'row'}` : `${showShape(claimShape)} where the gradient is ${showShape(g.shape)}`;
  return `(${what}): the layout mix-up. ${layoutWords(p)}`;
}

/** The sentences of a wrap, one per mistake, for a composed diagnosis. */
export function wrapWords(p: Problem, w: Wrap, g: Term): string[] {
  const out: string[] = [];
  if (w.transposed) out.push(`It is transposed ${transposeWords(p, g, p.claim.shape)}`);
  if (w.c && w.c.s < 0) out.push('It has the wrong sign.');
  if (w.c && !w.c.abs().equals(1)) {
    const a = w.c.abs();
    out.push(
      a.equals(new Fraction(1, 2))
        ? 'It is half what it should be: a factor 2 is lost — typically the 2 of a quadratic form (d(xᵀAx) and d‖r‖² each give two equal terms).'
        : a.equals(2)
          ? 'It is twice what it should be: a ½ was dropped — typically the ½ in front of ½‖r‖², which cancels the 2 that differentiating the square brings.'
          : `It is ${a.toFraction()} times what it should be: a constant factor is off.`,
    );
  }
  return out;
}

const COUNT = ['', 'One mistake', 'Two mistakes', 'Three mistakes', 'Four mistakes'];

/** One diagnosis naming several mistakes: each sentence, and the form that they make together. */
export function composed(kinds: DiagnosisKind[], sentences: string[], term: Term, extra: { factor?: string; variable?: string } = {}, note = '', when = ''): Diagnosis {
  const body = sentences.map((x, i) => `(${i + 1}) ${x}`).join(' ');
  return {
    kind: kinds[0]!,
    kinds,
    message: `${COUNT[kinds.length] ?? `${kinds.length} mistakes`}, which together give exactly the claim (checked numerically${when ? ` ${when}` : ''}: the claim equals ${toUnicode(tidy(canon(term)))}): ${body}${note}`,
    as: toText(term),
    ...extra,
  };
}

/** The words of 2Ax for (A + Aᵀ)x: right only were the square variable A symmetric. */
export const symWords = (A: string, v: Term) =>
  `The claim holds only when ${A} is symmetric, and ${A} is not declared symmetric: where the claim has 2${A} (or ${A} twice), the gradient needs ${A} + ${A}ᵀ — for xᵀ${A}x, d(xᵀ${A}x) = dxᵀ${A}x + xᵀ${A}dx = ((${A} + ${A}ᵀ)x) : dx. If ${A} is symmetric, declare it: \`${A}: ${v.shape.rows} x ${v.shape.cols} symmetric\`.`;

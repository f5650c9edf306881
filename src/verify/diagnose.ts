// What is wrong with a wrong claim, in plain words. The catalogue is a table of the mistakes
// people make, each a transformation of the true gradient G: the claim is diagnosed as the first
// mistake whose transformation of G equals the claim numerically (src/verify/equal.ts). A
// diagnosis is only given when that equality holds; otherwise the verdict stands without one.
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, sameShape, showShape, transposeShape, type Shape } from '../core/shape.js';
import { toText, toUnicode } from '../print/print.js';
import { elementwiseFns } from '../ops/elementwise.js';
import { Rng } from '../check/sample.js';
import { compare, evalExact, evalFloat, isRational } from './equal.js';
import { drawSizes, exactPoint, floatPoint, type Leaves } from './points.js';
import { NotExact, Undefined } from '../numeric/field.js';
import { replaceLeaves } from '../core/substitute.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';

export type DiagnosisKind =
  | 'transpose' // the layout mix-up
  | 'factor' // off by a constant factor (the lost 2, the ½)
  | 'sign' // the wrong sign
  | 'symmetric' // 2Ax where A is not symmetric and (A + Aᵀ)x is needed
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

const ELEMENTWISE = new Set(elementwiseFns.map((r) => r.op));
const NAMES: Record<string, [string, string]> = {
  sigmoid: ['σ', 'σ′ = σ(1 − σ)'],
  tanh: ['tanh', 'tanh′ = 1 − tanh²'],
  relu: ['relu', 'relu′ = step'],
  exp: ['exp', 'exp′ = exp'],
  log: ['log', 'log′(x) = 1/x'],
};

const same = (p: Problem, t: Term): boolean => sameShape(t.shape, p.claim.shape) && compare(p.claim, t, p.leaves, { points: 5, numericOnly: true }).equal;
const shapeWords = (s: Shape): string => (isScalarShape(s) ? 'a scalar' : s.cols === '1' ? `a column (${s.rows}×1)` : s.rows === '1' ? `a row (1×${s.cols})` : showShape(s));

function layoutWords(p: Problem): string {
  const s = p.variable.shape;
  return `The convention: ∂${p.fnName}/∂${p.wrt} has the shape of ${p.wrt} (${showShape(s)}), its entry (i, j) being ∂${p.fnName}/∂${p.wrt}ᵢⱼ (the gradient, or denominator, layout). The Jacobian (numerator) layout writes the transpose.`;
}

/** c with claim = c·G, when the claim is a constant multiple of G */
function ratio(p: Problem, g: Term): Fraction | undefined {
  if (!sameShape(g.shape, p.claim.shape)) return undefined;
  const rng = new Rng(99);
  for (let draw = 0; draw < 20; draw++) {
    const sizes = drawSizes(p.leaves, rng, 2, 3, [g, p.claim]);
    try {
      let c: Fraction | undefined;
      if (isRational(g, p.claim)) {
        const pt = exactPoint(p.leaves, sizes, rng, 5);
        const x = evalExact(p.claim, pt).data;
        const y = evalExact(g, pt).data;
        const k = y.findIndex((v) => !v.equals(0));
        if (k < 0) continue;
        c = x[k]!.div(y[k]!);
      } else {
        const pt = floatPoint(p.leaves, sizes, rng);
        const x = evalFloat(p.claim, pt).data;
        const y = evalFloat(g, pt).data;
        let k = 0;
        y.forEach((v, i) => (Math.abs(v) > Math.abs(y[k]!) ? (k = i) : 0));
        if (!(Math.abs(y[k]!) > 0)) continue; // relative: a gradient of size 1e-10 has its ratio too
        const r = x[k]! / y[k]!;
        if (!Number.isFinite(r)) return undefined;
        c = new Fraction(r).simplify(1e-6);
      }
      if (c.equals(0) || c.equals(1) || c.d > 24n || c.abs().n > 24n) return undefined;
      return c;
    } catch (e) {
      if (e instanceof Undefined || e instanceof NotExact) continue;
      throw e;
    }
  }
  return undefined;
}

function factorWords(c: Fraction): string {
  const s = c.toFraction();
  if (c.equals(new Fraction(1, 2))) return 'The claim is half the gradient: a factor 2 is lost — typically the 2 of a quadratic form (d(xᵀAx) and d‖r‖² each give two equal terms, so the gradient of ½‖r‖² has no ½ left and that of ‖r‖² has a 2).';
  if (c.equals(2)) return 'The claim is twice the gradient: a ½ was dropped — typically the ½ in front of ½‖r‖², which cancels the 2 that differentiating the square brings.';
  if (c.equals(-1)) return 'The claim has the wrong sign.';
  return `The claim is ${s} times the gradient: a constant factor is off.`;
}

/** every node of t (each once), parents before children (also used by test/verify-mutation.test.ts) */
export function nodes(t: Term): Term[] {
  const out: Term[] = [];
  const seen = new Set<Term>();
  const go = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    out.push(u);
    u.args.forEach(go);
  };
  go(t);
  return out;
}

/** t with the node `at` replaced by `by` (undefined when a shape no longer fits) */
function replaceNode(t: Term, at: Term, by: Term): Term | undefined {
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    if (u === at) return by;
    const hit = memo.get(u);
    if (hit) return hit;
    const args = u.args.map(go);
    const r = args.every((a, i) => a === u.args[i]) ? u : rebuild(u, args);
    memo.set(u, r);
    return r;
  };
  try {
    return go(t);
  } catch {
    return undefined;
  }
}

function rebuild(u: Term, args: readonly Term[]): Term {
  switch (u.op) {
    case 'add':
      return b.add(...args);
    case 'mul':
      return b.chain(args);
    case 'had':
      return args.reduce((x, y) => b.had(x, y));
    case 'smul':
      return b.smul(args[0]!, args[1]!);
    case 'T':
      return b.transpose(args[0]!);
    default:
      return mk(u.op, args, u.data);
  }
}

const attempt = (f: () => Term): Term | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

/** the first elementwise application inside t: σ(v) in σ(v) − σ(v)² */
function elementwiseIn(t: Term): Term | undefined {
  return nodes(t).find((u) => ELEMENTWISE.has(u.op));
}

interface Candidate {
  readonly kind: DiagnosisKind;
  readonly term: Term;
  readonly message: string;
  readonly factor?: string;
  readonly variable?: string;
}

/** the Hadamard ↔ product swaps of G, each with the words that name it */
function* swaps(g: Term): Generator<Candidate> {
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
function* dropped(g: Term): Generator<Candidate> {
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
function* missingTerms(g: Term): Generator<Candidate> {
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
interface Wrap {
  readonly term: Term;
  readonly transposed: boolean;
  readonly c?: Fraction;
}

/** The claim as T transposed, c·T or c·Tᵀ for a simple constant c (each checked numerically). */
function wrapped(p: Problem, t: Term, plainToo = false): Wrap | undefined {
  for (const transposed of [false, true]) {
    const base = transposed ? (isScalarShape(t.shape) ? undefined : b.transpose(t)) : t;
    if (!base || !sameShape(base.shape, p.claim.shape)) continue;
    if ((transposed || plainToo) && same(p, base)) return { term: base, transposed };
    const c = ratio(p, base);
    if (!c) continue;
    const cand = b.smul(b.num(c), base);
    if (same(p, cand)) return { term: cand, transposed, c };
  }
  return undefined;
}

/** The further mistakes a wrap stands for: transpose, sign, factor. */
function wrapKinds(w: Wrap): DiagnosisKind[] {
  const out: DiagnosisKind[] = [];
  if (w.transposed) out.push('transpose');
  if (w.c && w.c.s < 0) out.push('sign');
  if (w.c && !w.c.abs().equals(1)) out.push('factor');
  return out;
}

function transposeWords(p: Problem, g: Term, claimShape: Shape): string {
  const vec = g.shape.cols === '1' || g.shape.rows === '1';
  const what = vec ? `a ${g.shape.cols === '1' ? 'row' : 'column'} where the gradient is a ${g.shape.cols === '1' ? 'column' : 'row'}` : `${showShape(claimShape)} where the gradient is ${showShape(g.shape)}`;
  return `(${what}): the layout mix-up. ${layoutWords(p)}`;
}

/** The sentences of a wrap, one per mistake, for a composed diagnosis. */
function wrapWords(p: Problem, w: Wrap, g: Term): string[] {
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
function composed(kinds: DiagnosisKind[], sentences: string[], term: Term, extra: { factor?: string; variable?: string } = {}, note = '', when = ''): Diagnosis {
  const body = sentences.map((x, i) => `(${i + 1}) ${x}`).join(' ');
  return {
    kind: kinds[0]!,
    kinds,
    message: `${COUNT[kinds.length] ?? `${kinds.length} mistakes`}, which together give exactly the claim (checked numerically${when ? ` ${when}` : ''}: the claim equals ${toUnicode(tidy(canon(term)))}): ${body}${note}`,
    as: toText(term),
    ...extra,
  };
}

/** A square variable A, not declared symmetric, replaced by (A + Aᵀ)/2 in a term: the term as it is for a symmetric A. */
function symmetrize(t: Term, v: Term): Term {
  const sym = b.smul(b.num(new Fraction(1, 2)), b.add(v, b.transpose(v)));
  return replaceLeaves(t, (u) => (u === v ? sym : undefined));
}

/** The diagnosis of a wrong claim, or undefined when no mistake in the catalogue explains it. */
export function diagnose(p: Problem): Diagnosis | undefined {
  const g = p.truth;
  const gT = b.transpose(g);
  const claimShape = p.claim.shape;
  const shapeOk = sameShape(claimShape, g.shape);
  const shapeNote = shapeOk ? '' : ` (So the claim is ${shapeWords(claimShape)}, while ∂${p.fnName}/∂${p.wrt} has the shape of ${p.wrt}: ${shapeWords(g.shape)}.)`;
  const out = (c: Candidate): Diagnosis => ({ kind: c.kind, kinds: [c.kind], message: c.kind === 'transpose' ? c.message : c.message + shapeNote, as: toText(c.term), factor: c.factor, variable: c.variable });

  // 1. the layout mix-up
  if (sameShape(claimShape, transposeShape(g.shape)) && !isScalarShape(g.shape) && same(p, gT)) {
    return out({ kind: 'transpose', term: gT, message: `The claim is the transpose of the gradient ${transposeWords(p, g, claimShape)}` });
  }
  // 2. the sign, 3. a constant factor
  if (shapeOk) {
    const c = ratio(p, g);
    const cand = c && b.smul(b.num(c), g);
    if (c && cand && same(p, cand)) {
      if (c.equals(-1)) return out({ kind: 'sign', term: cand, message: `The claim has the wrong sign: it is −∂${p.fnName}/∂${p.wrt}.` });
      if (c.s > 0) return out({ kind: 'factor', term: cand, factor: c.toFraction(), message: factorWords(c) });
      return composed(['sign', 'factor'], [`It has the wrong sign.`, `It is ${c.abs().toFraction()} times the gradient in size: a constant factor is off.`], cand, { factor: c.toFraction() });
    }
  }
  // 4. 2Ax for (A + Aᵀ)x: right only if some square variable were symmetric
  const square = shapeOk || sameShape(claimShape, transposeShape(g.shape)) ? [...p.vars.values()].filter((v) => v.shape.rows === v.shape.cols && !isScalarShape(v.shape) && !v.hasFact('symmetric') && !v.hasFact('spd') && !v.hasFact('diagonal')) : [];
  const symWords = (A: string, v: Term) =>
    `The claim holds only when ${A} is symmetric, and ${A} is not declared symmetric: where the claim has 2${A} (or ${A} twice), the gradient needs ${A} + ${A}ᵀ — for xᵀ${A}x, d(xᵀ${A}x) = dxᵀ${A}x + xᵀ${A}dx = ((${A} + ${A}ᵀ)x) : dx. If ${A} is symmetric, declare it: \`${A}: ${v.shape.rows} x ${v.shape.cols} symmetric\`.`;
  if (shapeOk) {
    for (const v of square) {
      if (compare(p.claim, g, p.leaves, { points: 5, assume: new Map([[v.name!, 'symmetric']]) }).equal) {
        return { kind: 'symmetric', kinds: ['symmetric'], variable: v.name!, message: symWords(v.name!, v) };
      }
    }
  }
  // 5. the right answer for the wrong variable
  const others: Candidate[] = [];
  for (const [name, v] of p.vars) {
    if (name === p.wrt) continue;
    const other = p.gradientOf(name);
    if (!other) continue;
    const cand: Candidate = { kind: 'wrong-variable', term: other, variable: name, message: `The claim is the gradient with respect to ${name}, ∂${p.fnName}/∂${name} (${showShape(v.shape)}), not with respect to ${p.wrt}.` };
    if (same(p, other)) return out(cand);
    others.push(cand);
  }
  // 6. Hadamard ↔ product, 7. σ for σ′ and missing chain factors, 8. a missing term
  const singles: Candidate[] = [];
  for (const gen of [swaps, dropped, missingTerms]) {
    for (const c of gen(g)) {
      if (same(p, c.term)) return out(c);
      singles.push(c);
    }
  }
  // 9. two mistakes (or three): one of the above, and transposed and/or off by a constant factor.
  // The first explanation with the fewest mistakes wins; each is checked numerically.
  let best: Diagnosis | undefined;
  const consider = (d: Diagnosis | undefined): boolean => {
    if (d && (!best || d.kinds.length < best.kinds.length)) best = d;
    return best !== undefined && best.kinds.length <= 2;
  };
  const factorOf = (w: Wrap, other?: string) => (w.c && !w.c.abs().equals(1) ? w.c.abs().toFraction() : other);
  const w = !isScalarShape(g.shape) ? wrapped(p, g) : undefined;
  if (w && w.transposed && consider(composed(['transpose', ...wrapKinds(w).filter((k) => k !== 'transpose')], wrapWords(p, w, g), w.term, { factor: factorOf(w) }))) return best;
  for (const v of square) {
    const q: Problem = { ...p, claim: symmetrize(p.claim, v), truth: symmetrize(g, v) };
    const sw = wrapped(q, q.truth);
    if (!sw) continue;
    // shown with the gradient itself: for a symmetric A the claim equals c·G (or c·Gᵀ)
    const t = sw.transposed ? gT : g;
    const shownAs = sw.c ? b.smul(b.num(sw.c), t) : t;
    if (consider(composed(['symmetric', ...wrapKinds(sw)], [symWords(v.name!, v), ...wrapWords(p, sw, g)], shownAs, { variable: v.name!, factor: factorOf(sw) }, '', `for a symmetric ${v.name!}`))) return best;
  }
  for (const c of [...others, ...singles]) {
    if (best && best.kinds.length <= 2) break;
    const cw = wrapped(p, c.term);
    if (!cw) continue;
    const note = cw.transposed || shapeOk ? '' : shapeNote;
    if (consider(composed([c.kind, ...wrapKinds(cw)], [c.message, ...wrapWords(p, cw, g)], cw.term, { variable: c.variable, factor: factorOf(cw, c.factor) }, note))) return best;
  }
  if (best) return best;
  // 10. a shape the gradient cannot have
  if (!shapeOk) {
    return {
      kind: 'shape',
      kinds: ['shape'],
      message: `The claim is ${shapeWords(claimShape)}, but ∂${p.fnName}/∂${p.wrt} has the shape of ${p.wrt}: ${shapeWords(g.shape)}. A gradient always has the shape of its variable.`,
    };
  }
  return undefined;
}

// What is wrong with a wrong claim, in plain words: the search. The mistakes are a catalogue
// (src/verify/mistakes.ts), each a transformation of the true gradient G; the claim is diagnosed as
// the first mistake whose transformation of G equals the claim numerically (src/verify/equal.ts),
// then as two or three composed (one of them, transposed and/or off by a constant factor), the
// fewest first. A diagnosis is only given when that equality holds; otherwise the verdict stands
// without one.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, sameShape, showShape, transposeShape } from '../core/shape.js';
import { Rng } from '../check/sample.js';
import { compare, evalExact, evalFloat, isRational } from './equal.js';
import { drawSizes, exactPoint, floatPoint } from './points.js';
import { NotExact, Undefined } from '../numeric/field.js';
import { replaceLeaves } from '../ops/substitute.js';
import { toText } from '../print/print.js';
import { sumsToOne } from './diagnose-facts.js';
import { composed, dropped, factorWords, missingTerms, shapeWords, swaps, symWords, transposeWords, wrapKinds, wrapWords, type Candidate, type Diagnosis, type Problem, type Wrap } from './mistakes.js';

export type { DiagnosisKind, Diagnosis, Problem } from './mistakes.js';
export { nodes } from './term-edit.js';

const same = (p: Problem, t: Term): boolean => sameShape(t.shape, p.claim.shape) && compare(p.claim, t, p.leaves, { points: 5, numericOnly: true }).equal;

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
  if (shapeOk) {
    for (const v of square) {
      if (compare(p.claim, g, p.leaves, { points: 5, assume: new Map([[v.name!, 'symmetric']]) }).equal) {
        return { kind: 'symmetric', kinds: ['symmetric'], variable: v.name!, declaration: `${v.name!}: ${v.shape.rows} x ${v.shape.cols} symmetric`, message: symWords(v.name!, v) };
      }
    }
    // 4b. right only where a variable's entries sum to 1 (or it is one-hot), and it is not declared so
    const fact = sumsToOne(p);
    if (fact) return fact;
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

// Printing of the arithmetic operators (sums with `a - b`, products with fractions, powers), kept
// apart from their records in src/ops/arith.ts.
import type { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { PREC, wrap, paren, type Printed, type Style } from '../print/style.js';

/** a negative numeric coefficient in front of a term, if any: -2*x → [2, x] */
export function negativePart(t: Term): { mag: Fraction; rest: Term | undefined } | undefined {
  if (t.op === 'num' && t.value!.compare(0) < 0) return { mag: t.value!.neg(), rest: undefined };
  if (t.op === 'smul' && t.args[0]!.op === 'num' && t.args[0]!.value!.compare(0) < 0) return { mag: t.args[0]!.value!.neg(), rest: t.args[1]! };
  if (t.op === 'smul' && t.args[0]!.op === 'mul' && t.args[0]!.args[0]!.op === 'num' && t.args[0]!.args[0]!.value!.compare(0) < 0) {
    const s = t.args[0]!;
    const restScalar = s.args.length === 2 ? s.args[1]! : b.chain(s.args.slice(1));
    return { mag: s.args[0]!.value!.neg(), rest: b.smul(restScalar, t.args[1]!) };
  }
  if (t.op === 'mul' && t.args[0]!.op === 'num' && t.args[0]!.value!.compare(0) < 0) {
    return { mag: t.args[0]!.value!.neg(), rest: t.args.length === 2 ? t.args[1]! : b.chain(t.args.slice(1)) };
  }
  return undefined;
}

/** The positive version of a negative term, as a term (for printing `a - b`). */
function positive(t: Term): Term | undefined {
  const n = negativePart(t);
  if (!n) return undefined;
  if (!n.rest) return b.num(n.mag);
  return n.mag.equals(1) ? n.rest : b.isScalar(n.rest) ? b.mul(b.num(n.mag), n.rest) : b.smul(b.num(n.mag), n.rest);
}

const SYM = {
  minus: { text: ' - ', unicode: ' − ', latex: ' - ' },
  plus: { text: ' + ', unicode: ' + ', latex: ' + ' },
};

/**
 * The operand a broadcast summand spreads, if it is one: a scalar (bcast), a column b of b·𝟏ᵀ, a
 * row r of 𝟏·r, or a multiple of one of these. The language's sum broadcasts it back (each summand
 * on its own, src/core/build.ts), so `W*X + b` prints W X + b 𝟏ᵀ and parses back to it. Only a
 * named vector (b, bᵀ) is printed bare: any other stays spread out, `(b + c)*ones(1,N)` (written
 * `W*X + (b + c)` it would be read as W X + b 𝟏ᵀ + c 𝟏ᵀ, equal but another term) and the
 * Jacobian I − 𝟏pᵀ of log softmax `I(n) - ones(n)*softmax(z)'`.
 */
export function broadcastOperand(t: Term): Term | undefined {
  if (t.op === 'bcast') return t.args[0]!;
  if (t.op === 'smul') {
    const v = broadcastOperand(t.args[1]!);
    return v && !b.isScalar(v) ? b.smul(t.args[0]!, v) : undefined;
  }
  return spreadVector(t);
}

/** the vector of a column broadcast b·𝟏ᵀ (b*ones(1,N)) or a row broadcast 𝟏·r, but a sum */
function spreadVector(t: Term): Term | undefined {
  if (t.op !== 'mul' || t.args.length < 2) return undefined;
  const first = t.args[0]!;
  const last = t.args[t.args.length - 1]!;
  let v: Term | undefined;
  if (last.op === 'ones' && last.shape.rows === '1' && last.shape.cols !== '1') v = b.chain(t.args.slice(0, -1));
  else if (first.op === 'ones' && first.shape.cols === '1' && first.shape.rows !== '1') v = b.chain(t.args.slice(1));
  // a named vector only (b, bᵀ): `W*X + b` as written, but I − 𝟏pᵀ keeps its outer product; and
  // never onto a square matrix, where a reader (and numpy, for a 1-D x) could take it along either
  // axis: the Jacobian sum(x)·I + x𝟏ᵀ prints `sum(x)*I(n) + x*ones(1,n)`
  const named = (u: Term): boolean => u.op === 'var' || (u.op === 'T' && named(u.args[0]!));
  return v && !b.isScalar(v) && named(v) && t.shape.rows !== t.shape.cols ? v : undefined;
}

export function printSum(t: Term, args: readonly Printed[], style: Style, sub: (t: Term) => Printed): Printed {
  let s = '';
  // a broadcast summand prints as what it spreads (`1 - s`, `W*X + b`): the sum of the language
  // broadcasts it; only when some summand is not a broadcast, else the printed sum would be smaller
  const unwrap = t.args.some((a) => !broadcastOperand(a));
  t.args.forEach((a0, i) => {
    const a = (unwrap && broadcastOperand(a0)) || a0;
    const pos = positive(a);
    if (pos) {
      const p = sub(pos);
      s += (i === 0 ? (style === 'unicode' ? '−' : '-') : SYM.minus[style]) + wrap(p, PREC.product, style);
    } else {
      s += (i === 0 ? '' : SYM.plus[style]) + wrap(a === a0 ? args[i]! : sub(a), PREC.frob, style);
    }
  });
  return { s, prec: PREC.sum };
}

/** Split scalar-product factors into numerator and denominator (x^-k goes below the line). */
function splitFraction(t: Term, elementwise: boolean): { top: Term[]; bottom: Term[] } {
  const top: Term[] = [];
  const bottom: Term[] = [];
  for (const f of t.args) {
    // `/` divides by a scalar and `./` elementwise: a matrix factor A^-1 (an inverse) or B.^-1
    // in a matrix product stays a factor, and so does A^-1 in a Hadamard product
    const below = elementwise ? f.op === 'epow' : (f.op === 'pow' || f.op === 'epow') && b.isScalar(f);
    const e = below ? f.args[1]! : undefined;
    if (e && e.op === 'num' && e.value!.compare(0) < 0) {
      const k = e.value!.neg();
      bottom.push(k.equals(1) ? f.args[0]! : f.op === 'pow' ? b.pow(f.args[0]!, b.num(k)) : b.epow(f.args[0]!, b.num(k)));
    } else top.push(f);
  }
  return { top, bottom };
}

function joinProduct(parts: readonly Printed[], style: Style, sep: { text: string; unicode: string; latex: string }): string {
  return parts.map((p) => wrap(p, PREC.product + (p.prec === PREC.product ? 0 : 0), style)).join(sep[style]);
}

const MATMUL_SEP = { text: '*', unicode: '', latex: ' ' };
const HAD_SEP = { text: ' .* ', unicode: ' ∘ ', latex: ' \\circ ' };
export const EDIV_SEP = { text: ' ./ ', unicode: ' ⊘ ', latex: ' \\oslash ' };

/** juxtaposition in Unicode, with a middle dot where two names would run together */
function unicodeJoin(parts: readonly string[]): string {
  let out = parts[0]!;
  parts.slice(1).forEach((p, i) => {
    const prev = parts[i]!;
    // single letters (with their marks: xᵀ, W₁, X⁻¹) juxtapose; longer names need a dot
    // (ᵀ is itself a letter to Unicode, and ₁ a digit: they are marks here, not part of the name)
    const lastName = /((?:(?![ᵀ⁻¹²³⁰-⁹₀-₉])[\p{L}\p{N}_])+)[ᵀ⁻¹²³⁰-⁹₀-₉]*$/u.exec(prev)?.[1] ?? '';
    const firstName = /^((?:(?![ᵀ⁻¹²³⁰-⁹₀-₉])[\p{L}\p{N}_])+)/u.exec(p)?.[1] ?? '';
    // an integer coefficient juxtaposes with a single letter (3ab², as 2Aᵀx); a fraction does not (1/2·a)
    const integerLead = /^\p{N}+$/u.test(prev);
    const runTogether =
      lastName !== '' &&
      firstName !== '' &&
      (integerLead ? firstName.length > 1 || /^\p{N}/u.test(firstName) : lastName.length > 1 || firstName.length > 1 || /\p{N}/u.test(lastName + firstName));
    out += runTogether ? '·' + p : p;
  });
  return out;
}

export function printProduct(t: Term, style: Style, sub: (t: Term) => Printed, elementwise: boolean): Printed {
  const split = splitFraction(t, elementwise);
  // a broadcast vector factor prints as the vector (`X .* b`, `X ./ r`), which `.*` and `./`
  // broadcast back, where some factor is a full matrix
  const unwrap = elementwise && [...split.top, ...split.bottom].some((f) => !spreadVector(f));
  const plain = (f: Term) => (unwrap && spreadVector(f)) || f;
  const top = split.top.map(plain);
  const bottom = split.bottom.map(plain);
  const ps = top.map(sub);
  // a leading -1 prints as a sign
  let sign = '';
  if (top[0]?.op === 'num' && top[0].value!.equals(-1) && top.length > 1) {
    sign = style === 'unicode' ? '−' : '-';
    ps.shift();
  }
  const sep = elementwise ? HAD_SEP : MATMUL_SEP;
  // every factor that is itself a product gets parentheses: ((a .* b))*x' reads unambiguously
  const wrapped = ps.map((p, i) => (i === 0 && top[0]!.op === 'num' ? wrap(p, PREC.product, style) : wrap(p, PREC.product + 1, style)));
  let s = ps.length === 0 ? '1' : style === 'unicode' && !elementwise ? unicodeJoin(wrapped) : wrapped.join(sep[style]);
  if (bottom.length) {
    const den = bottom.map(sub);
    if (style === 'latex') {
      const dens = den.map((d) => d.s).join(elementwise ? ' \\circ ' : ' ');
      s = elementwise ? `${wrap({ s, prec: PREC.product }, PREC.product, style)} \\oslash ${den.length > 1 ? paren({ s: dens, prec: 0 }, style).s : wrap(den[0]!, PREC.power, style)}` : `\\frac{${s}}{${dens}}`;
      if (!elementwise) return { s: sign + s, prec: sign ? PREC.neg : PREC.atom };
    } else {
      const dsep = elementwise ? HAD_SEP : MATMUL_SEP;
      const div = elementwise ? EDIV_SEP[style] : '/';
      // matdiff syntax divides by each factor in turn (a/b/c), which parses back to the same factors
      if (style === 'text') s += den.map((d) => div + wrap(d, PREC.product + 1, style)).join('');
      else s = `${s}${div}${den.length > 1 ? `(${den.map((d) => wrap(d, PREC.product + 1, style)).join(dsep[style])})` : wrap(den[0]!, PREC.product + 1, style)}`;
    }
  }
  // `-a*b` parses as (-a)*b: a signed product binds like a product, only `-x` like a negation
  return { s: sign + s, prec: sign && ps.length === 1 && !bottom.length ? PREC.neg : PREC.product };
}

export function printPower(base: Printed, p: Term, style: Style, sub: (t: Term) => Printed, elementwise: boolean): Printed {
  const e = sub(p);
  // a base that already carries a superscript (Xᵀ, X⁻¹) is parenthesized: X^{\top}^{2} is not TeX
  if (style === 'latex') return { s: `${wrap(base, PREC.atom, style)}^{${elementwise ? '\\circ ' : ''}${e.s}}`, prec: PREC.power };
  if (style === 'unicode') {
    const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
    const txt = p.op === 'num' && p.value!.d === 1n ? p.value!.toString() : undefined;
    if (txt !== undefined) return { s: `${wrap(base, PREC.postfix, style)}${elementwise ? '∘' : ''}${[...txt].map((c) => SUP[c]).join('')}`, prec: PREC.postfix };
    return { s: `${wrap(base, PREC.postfix, style)}${elementwise ? '.^' : '^'}${wrap(e, PREC.atom, style)}`, prec: PREC.power };
  }
  return { s: `${wrap(base, PREC.postfix, style)}${elementwise ? '.^' : '^'}${wrap(e, PREC.atom, style)}`, prec: PREC.power };
}

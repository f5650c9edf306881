// A scaled matrix c·X whose scalar c is a product with scalar reciprocals among its factors (and
// maybe a number) prints as a division, as on paper: -(x - mu)/s2, 3*x/(a*b), -\frac{x - \mu}{s_2}.
// The text form must parse back to the very term: each way of writing it (grouped denominator
// a/(b*c), or one division per factor a/b/c in either order) is built here with the parser's own
// constructors (a / b is b.ediv), and the first that rebuilds the term is printed; none: undefined.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { PREC, wrap, type Printed, type Style } from './style.js';

const negativePower = (f: Term): boolean => f.op === 'pow' && f.args[1]!.op === 'num' && f.args[1]!.value!.compare(0) < 0;

export function printScaledDivision(t: Term, style: Style, sub: (t: Term) => Printed): Printed | undefined {
  const [s, x] = t.args as [Term, Term];
  if (t.op !== 'smul' || s.op !== 'mul') return undefined;
  const dens = s.args.filter(negativePower).map((f) => b.pow(f.args[0]!, b.num(f.args[1]!.value!.neg())));
  const others = s.args.filter((f) => !negativePower(f));
  if (dens.length === 0) return undefined;
  // a numeric coefficient p/q: its sign and p go above the line, q below it
  const c = others[0]?.op === 'num' ? others[0].value! : undefined;
  const rest = c ? others.slice(1) : others;
  const forms: { top: Term; pos: Term; neg: boolean; below: Term[] }[] = [];
  const variant = (p: Term | undefined, below: Term[]) => {
    const negative = c !== undefined && c.compare(0) < 0;
    const factors = [...(p ? [p] : []), ...rest];
    const pos = factors.length === 0 ? x : b.smul(b.chain(factors), x);
    forms.push({ top: negative ? b.neg(pos) : pos, pos, neg: negative, below });
  };
  if (c && c.d !== 1n) variant(c.n === 1n || c.n === -1n ? undefined : b.num(c.abs().mul(c.d.toString())), [b.num(c.d.toString()), ...dens]);
  variant(c && !c.abs().equals(1) ? b.num(c.abs()) : undefined, dens);
  for (const f of forms) {
    const grouped = b.chain(f.below);
    const ways: [Term, 'grouped' | 'each' | 'reversed'][] = [
      [b.ediv(f.top, grouped), 'grouped'],
      [f.below.reduce((a, d) => b.ediv(a, d), f.top), 'each'],
      [[...f.below].reverse().reduce((a, d) => b.ediv(a, d), f.top), 'reversed'],
    ];
    const way = ways.find(([u]) => u === t)?.[1];
    if (!way) continue;
    if (style === 'latex') {
      const frac = `\\frac{${sub(f.pos).s}}{${sub(grouped).s}}`;
      return f.neg ? { s: `-${frac}`, prec: PREC.neg } : { s: frac, prec: PREC.atom };
    }
    const num = wrap(sub(f.top), PREC.product, style);
    const below = way === 'reversed' ? [...f.below].reverse() : f.below;
    // text divides as it parses back; Unicode shows the whole denominator (as print.ts does)
    const den =
      style === 'text' && way !== 'grouped' ? below.map((d) => '/' + wrap(sub(d), PREC.product + 1, style)).join('') : '/' + wrap(sub(grouped), PREC.product + 1, style);
    return { s: num + den, prec: PREC.product };
  }
  return undefined;
}

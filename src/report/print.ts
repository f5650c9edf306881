// Printing for reports: the operator records print every term, except that a Frobenius product
// parenthesizes a sum or a Hadamard product on either side — `(s − y) : (s − s²) ∘ dv` would
// make a reader guess which binds tighter — and a 1×1 `c : x` prints as the product `c x`.
// Named subterms (p = softmax(z)) print as their names.
import type { Term } from '../core/term.js';
import { opRecord } from '../ops/index.js';
import { atom, paren, PREC, type Printed, type Style } from '../print/style.js';
import { latexName, unicodeName } from '../print/names.js';
import { lineTerm, type Summand } from '../engine/rewrite.js';
import { MatdiffError } from '../errors.js';
import { MAX_PRINTED } from '../limits.js';

export type MathStyle = Exclude<Style, 'text'> | 'text';

export function namePrinted(name: string, style: Style): string {
  return style === 'latex' ? latexName(name) : style === 'unicode' ? unicodeName(name) : name;
}

export class ReportPrinter {
  private readonly memo = new Map<Term, Printed>();
  constructor(
    readonly style: Style,
    private readonly names: ReadonlyMap<Term, string> = new Map(),
  ) {}

  /** a term as a string */
  show(t: Term): string {
    return this.go(t).s;
  }

  /** a term as a string with its precedence (to decide parentheses around it) */
  printed(t: Term): Printed {
    return this.go(t);
  }

  private frobSide(t: Term): string {
    const p = this.go(t);
    const loose = p.prec < PREC.product || (t.op === 'had' && !this.names.has(t));
    return loose ? paren(p, this.style).s : p.s;
  }

  private readonly go = (t: Term): Printed => {
    const n = this.names.get(t);
    if (n !== undefined) return atom(namePrinted(n, this.style));
    const hit = this.memo.get(t);
    if (hit) return hit;
    let p: Printed;
    if (t.op === 'frob') p = { s: `${this.frobSide(t.args[0]!)} : ${this.frobSide(t.args[1]!)}`, prec: PREC.frob };
    else p = opRecord(t.op).print(t, t.args.map(this.go), this.style, this.go);
    // a differential juxtaposes with a space, as on paper (dW x), not with the dot the Unicode
    // printer puts between multi-letter names
    if (this.style === 'unicode' && (t.op === 'mul' || t.op === 'smul') && t.hasDiff) p = { s: p.s.replace(/·(?=d\p{L})/gu, ' ').replace(/(d\p{L}[\p{L}\p{N}_]*ᵀ?)·/gu, '$1 '), prec: p.prec };
    // and with a thin space in LaTeX (dW\, x), where juxtaposition alone would read dWx
    if (this.style === 'latex' && (t.op === 'mul' || t.op === 'smul') && t.hasDiff) p = { s: p.s.replace(/(\\mathrm\{d\}[^\s,]*) (?=[^\s\\:=])/g, '$1\\, ').replace(/([\w})\]]) (?=\\mathrm\{d\})/g, '$1\\, '), prec: p.prec };
    // a term shared many times over prints as a tree that can double with every definition
    // (v2 = sin(v1) + v1, …): stop at the limit on printed sizes instead of writing megabytes
    if (p.s.length > MAX_PRINTED) {
      throw new MatdiffError('limit', `the report would print an expression longer than ${MAX_PRINTED} characters (the limit on printed sizes): its terms repeat shared parts that a report writes out in full`, {
        hint: '`matdiff derive` prints this gradient with its shared parts named; a report is for derivations that fit on a page',
      });
    }
    this.memo.set(t, p);
    return p;
  };

  /** one line of a chain: Σ C : R, with 1 : R as R and scalar c : r as c r */
  line(ss: readonly Summand[]): string {
    if (ss.length === 0) return '0';
    return this.show(lineTerm(ss));
  }
}

export { lineTerm, type Summand };

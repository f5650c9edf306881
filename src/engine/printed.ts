// A result term as people read it: matdiff syntax that parses back, Unicode, LaTeX, and the form
// with shared subterms named once. Gradients, Jacobians and Hessians print through it.
import type { Term } from '../core/term.js';
import { chooseNames, prettyPrint, type Pretty } from '../simplify/share.js';
import { show, type Shown } from '../print/print.js';
import type { Style } from '../print/style.js';

/** each result's printed forms, made once (off the object, so it serializes as its fields) */
const shownMemo = new WeakMap<PrintedTerm, Map<Style, Shown>>();

export class PrintedTerm {
  constructor(
    readonly term: Term,
    private readonly userNames: ReadonlyMap<Term, string>,
    private readonly taken: ReadonlySet<string>,
  ) {}
  /** matdiff syntax, self-contained: parses back to the same term */
  toString(): string {
    return this.text;
  }
  /**
   * matdiff syntax, self-contained: parses back to the same term. Written out in full up to 20000
   * characters (MAX_PRINTED); past that (`expanded` is false) as statements that name the shared
   * subterms, `s = …; u = …; G`, so the text grows with the term's DAG, never with its tree.
   */
  get text(): string {
    return this.shown('text').s;
  }
  /** `text` is the term written out in full (false: as statements naming shared subterms) */
  get expanded(): boolean {
    return this.shown('text').expanded;
  }
  get unicode(): string {
    return this.shown('unicode').s;
  }
  get latex(): string {
    return this.shown('latex').s;
  }
  private shown(style: Style): Shown {
    let memo = shownMemo.get(this);
    if (!memo) shownMemo.set(this, (memo = new Map()));
    let s = memo.get(style);
    if (!s) memo.set(style, (s = show(this.term, style, { userNames: this.userNames, taken: this.taken })));
    return s;
  }
  /** shared subterms named once: `((s - s.^2) .* (s - y))*x'` with `s = sigmoid(W*x)` */
  pretty(style: 'text' | 'unicode' | 'latex' = 'text'): Pretty {
    const names = chooseNames([this.term], this.userNames, this.taken);
    return prettyPrint(this.term, names, style);
  }
}

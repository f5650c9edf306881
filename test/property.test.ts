// Property test: a seeded generator builds well-shaped scalar functions of several matrix, vector
// and scalar variables, prints them as matdiff source text (with the fewest parentheses the
// precedence allows, and sometimes with definitions `q1 = …;`), and derives each with respect to
// a random variable in it. Every derivation must succeed with its numeric check passing; every
// 5th gradient is also compared with an independent entrywise finite-difference gradient
// (test/helpers/numeric.ts) and its printed text is parsed back and evaluated.
// The generator keeps every function defined and smooth where it is evaluated: log and sqrt only
// of positive expressions (exp, sigmoid, 1 + E.^2, a positive variable), ./ only by those, inv and
// logdet only of SPD expressions (S, S + G Gᵀ, G Gᵀ + I), non-smooth functions (abs, relu, norm2)
// only where the argument cannot cancel to zero, det only of G + A (never singular by construction).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, MatdiffError } from '../src/index.js';
import { Rand, randomPoint, fdGradientChecked, evalAt, relError, variablesOf, type Point, type Matrix } from './helpers/numeric.js';
import { Undefined } from '../src/numeric/field.js';

type Dim = 'n' | 'm' | '1';
interface Sh {
  r: Dim;
  c: Dim;
}
/** printed text and its binding strength (higher binds tighter) */
interface Ex {
  s: string;
  p: number;
}
const P = { sum: 1, frob: 2, prod: 3, neg: 4, pow: 5, post: 6, atom: 7 } as const;

const VARS: { name: string; r: Dim; c: Dim; facts?: string }[] = [
  { name: 'W', r: 'n', c: 'm' },
  { name: 'V', r: 'n', c: 'm' },
  { name: 'P', r: 'n', c: 'm', facts: 'positive' },
  { name: 'x', r: 'm', c: '1' },
  { name: 'u', r: 'm', c: '1' },
  { name: 'y', r: 'n', c: '1' },
  { name: 'z', r: 'n', c: '1' },
  { name: 'A', r: 'n', c: 'n' },
  { name: 'B', r: 'n', c: 'n' },
  { name: 'S', r: 'n', c: 'n', facts: 'spd' },
  { name: 'M', r: 'm', c: 'm' },
  { name: 'r', r: '1', c: 'n' },
  { name: 'a', r: '1', c: '1' },
  { name: 'c', r: '1', c: '1' },
];
const DECLS = VARS.map((v) => `${v.name}: ${v.r === '1' && v.c === '1' ? 'scalar' : v.c === '1' ? v.r : `${v.r} x ${v.c}`}${v.facts ? ' ' + v.facts : ''}`).join('; ');

const T = (s: Sh): Sh => ({ r: s.c, c: s.r });
const isScalar = (s: Sh) => s.r === '1' && s.c === '1';
const isSquare = (s: Sh) => s.r === s.c && s.r !== '1';
const isVector = (s: Sh) => (s.r === '1') !== (s.c === '1');
const dims = (s: Sh) => (s.c === '1' ? s.r : `${s.r},${s.c}`);
const SHAPES: Sh[] = [
  { r: 'n', c: 'm' }, { r: 'm', c: 'n' }, { r: 'n', c: 'n' }, { r: 'm', c: 'm' },
  { r: 'n', c: '1' }, { r: 'm', c: '1' }, { r: '1', c: 'n' }, { r: '1', c: 'm' }, { r: '1', c: '1' },
];

class Generator {
  readonly used = new Set<string>();
  readonly defs: string[] = [];
  constructor(private readonly rand: Rand) {}

  private wrap(e: Ex, min: number): string {
    return e.p >= min ? e.s : `(${e.s})`;
  }
  private sp(): string {
    return this.rand.chance(0.8) ? ' ' : '';
  }

  leaf(sh: Sh): Ex {
    const opts: Ex[] = [];
    for (const v of VARS) {
      if (v.r === sh.r && v.c === sh.c) opts.push({ s: v.name, p: P.atom }, { s: v.name, p: P.atom });
      else if (v.c === sh.r && v.r === sh.c) opts.push({ s: `${v.name}'`, p: P.post });
    }
    if (isScalar(sh)) opts.push({ s: String(this.rand.int(2, 3)), p: P.atom }, { s: '1/2', p: P.prod });
    const pick = this.rand.pick(opts);
    for (const v of VARS) if (pick.s === v.name || pick.s === `${v.name}'`) this.used.add(v.name);
    return pick;
  }

  /** a constant of the shape, for sums with it */
  constant(sh: Sh): Ex {
    if (isScalar(sh)) return { s: '1', p: P.atom };
    if (isSquare(sh) && this.rand.chance(0.5)) return { s: `I(${sh.r})`, p: P.atom };
    return { s: `ones(${dims(sh)})`, p: P.atom };
  }

  /** an expression with positive entries */
  pos(sh: Sh, d: number, divisor = false): Ex {
    const k = this.rand.int(0, 4);
    if (k === 0) return { s: `exp(${this.expArg(sh, d).s})`, p: P.atom };
    // a divisor is bounded below: 1/sigmoid(−30) = 1e13 would swamp the rest of f (see expArg)
    if (k === 1) return divisor ? { s: `1 + sigmoid(${this.gen(sh, d).s})`, p: P.sum } : { s: `sigmoid(${this.gen(sh, d).s})`, p: P.atom };
    if (k === 2 && sh.r === 'n' && sh.c === 'm') return this.use('P', { s: 'P', p: P.atom });
    if (k === 2 && sh.r === 'm' && sh.c === 'n') return this.use('P', { s: "P'", p: P.post });
    const e = this.gen(sh, d);
    return { s: `1 + ${this.wrap(e, P.post)}${isScalar(sh) ? '^' : '.^'}2`, p: P.sum };
  }

  /**
   * The argument of exp, sin and cos: a variable, or bounded (tanh or sigmoid of something). exp of a
   * Frobenius product or of S^3 reaches e³⁰…e¹⁰⁰, and where such a term is added to the part of f
   * that depends on the variable, f(X ± hV) cancel in doubles and the engine's float check rejects
   * a correct gradient (exp(M:M) + diag(A)'*… wrt A; det(exp(S^3) + B) wrt B).
   */
  expArg(sh: Sh, d: number): Ex {
    if (this.rand.chance(0.3)) return this.leaf(sh);
    return { s: `${this.rand.pick(['tanh', 'sigmoid'])}(${this.gen(sh, d).s})`, p: P.atom };
  }

  /** a symmetric positive definite k×k expression */
  spd(k: Dim, d: number): Ex {
    const j = this.rand.pick<Dim>(['n', 'm', '1']);
    const g = this.gen({ r: k, c: j }, d);
    const gs = this.wrap(g, P.post);
    const choice = this.rand.int(0, 2);
    if (k === 'n' && choice === 0) return this.use('S', { s: 'S', p: P.atom });
    if (k === 'n' && choice === 1) return this.use('S', { s: `S + ${this.wrap(g, P.prod)}*${gs}'`, p: P.sum });
    return { s: `${this.wrap(g, P.prod)}*${gs}' + I(${k})`, p: P.sum };
  }

  private use(name: string, e: Ex): Ex {
    this.used.add(name);
    return e;
  }

  gen(sh: Sh, d: number): Ex {
    if (d <= 0 || this.rand.chance(0.2)) return this.leaf(sh);
    const r = this.rand;
    const sub = (s: Sh = sh) => this.gen(s, d - 1);
    const prods: (() => Ex)[] = [];
    const add = (w: number, f: () => Ex) => {
      for (let i = 0; i < w; i++) prods.push(f);
    };
    add(3, () => {
      const x = sub();
      let y = sub();
      const minus = r.chance(0.4);
      if (minus && y.s === x.s) y = this.constant(sh); // never E - E: it can leave a non-smooth function at 0
      return { s: `${this.wrap(x, P.sum)}${this.sp()}${minus ? '-' : '+'}${this.sp()}${this.wrap(y, P.frob)}`, p: P.sum };
    });
    add(1, () => ({ s: `${this.wrap(sub(), P.sum)} + ${this.wrap(this.constant(sh), P.frob)}`, p: P.sum }));
    // a matrix product; an inner dimension of 1 makes outer products and scalings
    add(4, () => {
      const k = r.pick<Dim>(['n', 'm', '1']);
      return { s: `${this.wrap(sub({ r: sh.r, c: k }), P.prod)}*${this.wrap(sub({ r: k, c: sh.c }), P.neg)}`, p: P.prod };
    });
    add(2, () => ({ s: `${this.wrap(sub(T(sh)), P.post)}'`, p: P.post }));
    add(3, () => {
      const f = r.pick(['exp', 'sigmoid', 'tanh', 'sin', 'cos', 'sigmoid', 'tanh']);
      // exp, sin and cos of a large argument are too steep (or too large) for any float check
      return { s: `${f}(${f === 'exp' || f === 'sin' || f === 'cos' ? this.expArg(sh, d - 1).s : sub().s})`, p: P.atom };
    });
    add(2, () => ({ s: `${r.pick(['log', 'sqrt'])}(${this.pos(sh, d - 1).s})`, p: P.atom }));
    // a cube only of a variable: towers such as det((B^3).^3 + B) are polynomials of degree 28,
    // too steep for any finite difference in doubles
    add(1, () => {
      const e = sub();
      return { s: `${this.wrap(e, P.post)}${isScalar(sh) ? '^' : '.^'}${/^[A-Za-z]$/.test(e.s) ? r.pick(['2', '3']) : '2'}`, p: P.pow };
    });
    add(1, () => ({ s: `-${this.wrap(sub(), P.pow)}`, p: P.neg }));
    add(2, () => ({ s: `${this.wrap(sub(), P.prod)}${isScalar(sh) ? ' / ' : ' ./ '}${this.wrap(this.pos(sh, d - 1, true), P.neg)}`, p: P.prod }));
    if (!isScalar(sh)) {
      add(3, () => ({ s: `${this.wrap(sub(), P.prod)} .* ${this.wrap(sub(), P.neg)}`, p: P.prod }));
      add(2, () => ({ s: `${this.wrap(sub({ r: '1', c: '1' }), P.prod)}*${this.wrap(sub(), P.neg)}`, p: P.prod }));
      add(1, () => ({ s: `${this.wrap(sub(), P.prod)}/${this.wrap(this.pos({ r: '1', c: '1' }, d - 1, true), P.neg)}`, p: P.prod }));
      add(1, () => ({ s: `${this.wrap(sub(), P.sum)} + ${this.wrap(sub({ r: '1', c: '1' }), P.frob)}`, p: P.sum }));
    }
    if (isScalar(sh)) {
      const anyShape = () => r.pick(SHAPES);
      const sq = () => r.pick<Dim>(['n', 'm']);
      add(3, () => ({ s: `tr(${sub({ r: 'n', c: 'n' }).s})`, p: P.atom }));
      add(3, () => ({ s: `sum(${sub(anyShape()).s})`, p: P.atom }));
      add(3, () => {
        const s = anyShape();
        return { s: `${this.wrap(sub(s), P.prod)} : ${this.wrap(sub(s), P.prod)}`, p: P.frob };
      });
      add(2, () => {
        // ‖G + V‖ with a variable V of the shape: nowhere identically zero
        const s = r.pick(SHAPES.filter((x) => VARS.some((v) => v.r === x.r && v.c === x.c)));
        const v = r.pick(VARS.filter((x) => x.r === s.r && x.c === s.c)).name;
        this.used.add(v);
        return { s: `norm2(${this.wrap(sub(s), P.sum)} + ${v})`, p: P.atom };
      });
      add(1, () => {
        // det(G + A) with a variable A: never singular by construction (det(z*z') is: its
        // gradient det(X)·X⁻ᵀ needs an inverse and cannot be evaluated; see the note in the report)
        const v = r.pick(['A', 'B']);
        this.used.add(v);
        return { s: `det(${this.wrap(sub({ r: 'n', c: 'n' }), P.sum)} + ${v})`, p: P.atom };
      });
      add(2, () => ({ s: `logdet(${this.spd(sq(), d - 1).s})`, p: P.atom }));
      // vec and kron: vec(E)'*vec(F), logsumexp(vec(E)), sum(kron(E, F)), kron(E, F) : kron(G, H)
      add(1, () => {
        const s = anyShape();
        return { s: `vec(${sub(s).s})'*vec(${sub(s).s})`, p: P.prod };
      });
      add(1, () => ({ s: `logsumexp(vec(${sub(anyShape()).s}))`, p: P.atom }));
      add(1, () => ({ s: `sum(kron(${sub(anyShape()).s}, ${sub(anyShape()).s}))`, p: P.atom }));
      add(1, () => {
        const [s1, s2] = [anyShape(), anyShape()];
        return { s: `kron(${sub(s1).s}, ${sub(s2).s}) : kron(${sub(s1).s}, ${sub(s2).s})`, p: P.frob };
      });
      add(2, () => {
        const v = r.pick<Sh>([{ r: 'n', c: '1' }, { r: 'm', c: '1' }, { r: '1', c: 'n' }]);
        return { s: `logsumexp(${sub(v).s})`, p: P.atom };
      });
      add(2, () => {
        const k = r.pick<Dim>(['n', 'm']);
        return r.chance(0.5)
          ? { s: `${this.wrap(sub({ r: '1', c: k }), P.prod)}*softmax(${sub({ r: k, c: '1' }).s})`, p: P.prod }
          : { s: `softmax(${sub({ r: '1', c: k }).s})*${this.wrap(sub({ r: k, c: '1' }), P.neg)}`, p: P.prod };
      });
      add(1, () => {
        // ‖x‖₁ and relu of a sum with a variable: the kinks are crossed with probability 0
        const f = r.pick(['norm1', 'sum(abs', 'sum(relu']);
        const e = `${this.wrap(sub({ r: 'n', c: '1' }), P.sum)} + ${this.use('y', { s: 'y', p: P.atom }).s}`;
        return { s: f.startsWith('sum(') ? `${f}(${e}))` : `${f}(${e})`, p: P.atom };
      });
    }
    if (isSquare(sh)) {
      add(2, () => ({ s: `Diag(${sub(r.chance(0.7) ? { r: sh.r, c: '1' } : { r: '1', c: sh.r }).s})`, p: P.atom }));
      add(2, () => ({ s: `inv(${this.spd(sh.r, d - 1).s})`, p: P.atom }));
      add(1, () => {
        const e = sub();
        return { s: `${this.wrap(e, P.post)}^${/^[A-Za-z]$/.test(e.s) ? r.pick(['2', '3']) : '2'}`, p: P.pow };
      });
    }
    if (isVector(sh)) {
      add(2, () => ({ s: `softmax(${sub().s})`, p: P.atom }));
      const k = sh.c === '1' ? sh.r : sh.c;
      add(1, () => (sh.c === '1' ? { s: `diag(${sub({ r: k, c: k }).s})`, p: P.atom } : { s: `diag(${sub({ r: k, c: k }).s})'`, p: P.post }));
    }
    const e = r.pick(prods)();
    // now and then name a subexpression: q1 = …; and use the name
    if (d >= 2 && r.chance(0.12)) {
      const name = `q${this.defs.length + 1}`;
      this.defs.push(`${name} = ${e.s}`);
      return { s: name, p: P.atom };
    }
    return e;
  }

  /** a scalar function as a program: definitions, then the function */
  program(depth: number): string {
    const f = this.gen({ r: '1', c: '1' }, depth);
    return [...this.defs, f.s].join(this.rand.chance(0.5) ? '; ' : '\n');
  }
}

interface Case {
  expr: string;
  wrt: string;
}

function generate(count: number, seed: number): Case[] {
  const out: Case[] = [];
  const rand = new Rand(seed);
  while (out.length < count) {
    const g = new Generator(rand);
    const expr = g.program(rand.int(2, 4));
    // the variables that really occur (the generator may draw a subexpression and discard it)
    const vars = [...variablesOf(parse(expr, DECLS)).keys()].sort();
    if (vars.length === 0) continue; // a constant function: nothing to differentiate
    out.push({ expr, wrt: rand.pick(vars) });
  }
  return out;
}

// PROPERTY_COUNT and PROPERTY_SEED explore further (npx tsx test/run.ts property); the suite runs the default
const COUNT = Number(process.env.PROPERTY_COUNT ?? 1000);
const SEED = Number(process.env.PROPERTY_SEED ?? 20240601);
const CASES = generate(COUNT, SEED);

test('property: the generator is deterministic, prints parseable text and covers the language', () => {
  assert.equal(generate(20, SEED), CASES.slice(0, 20));
  const all = CASES.map((c) => c.expr).join('\n');
  for (const tok of ['+', ' - ', ':', '*', './', '.*', "'", '.^', '^', '/', 'tr(', 'Diag(', 'diag(', 'sum(', 'exp(', 'log(', 'sqrt(', 'sigmoid(', 'tanh(', 'sin(', 'cos(', 'relu(', 'abs(', 'inv(', 'det(', 'logdet(', 'softmax(', 'logsumexp(', 'norm2(', 'norm1(', 'ones(', 'I(', 'vec(', 'kron(', 'q1 =']) {
    const n = all.split(tok).length - 1;
    assert.ok(n >= 5, `the generator produced \`${tok}\` only ${n} times`);
  }
  const wrts = new Set(CASES.map((c) => c.wrt));
  for (const v of VARS) assert.ok(wrts.has(v.name), `no case differentiates with respect to ${v.name}`);
});

test(`property: ${COUNT} random scalar functions derive with their check passing; every 5th matches finite differences`, () => {
  const t0 = Date.now();
  const failures: string[] = [];
  const unsupported: string[] = [];
  let compared = 0;
  const noPoint: string[] = [];
  let exact = 0;
  CASES.forEach((c, i) => {
    const where = `#${i}: derive(${JSON.stringify(c.expr)}, { wrt: '${c.wrt}' })`;
    let d;
    try {
      d = derive(c.expr, { wrt: c.wrt, vars: DECLS });
    } catch (e) {
      if (e instanceof MatdiffError && e.kind === 'unsupported') unsupported.push(`${where}: ${e.message}`);
      else failures.push(`${where}: ${e instanceof MatdiffError ? `${e.kind} error: ` : ''}${(e as Error).message}`);
      return;
    }
    const g = d.gradient;
    if (!g.check?.ok) failures.push(`${where}: the check did not pass`);
    if (g.check?.method === 'exact') exact++;
    const v = VARS.find((x) => x.name === c.wrt)!;
    if (g.shape.rows !== v.r || g.shape.cols !== v.c) failures.push(`${where}: the gradient is ${g.shape.rows}×${g.shape.cols}, not ${v.r}×${v.c}`);
    if (i % 5 !== 0) return;
    // the independent oracle: entrywise finite differences of f through evaluate()
    const f = parse(c.expr, DECLS);
    // a point where f is defined and the finite differences are self-consistent (no kink within
    // reach, not too steep); the oracle says so itself, before it sees the engine's answer
    let p: Point | undefined;
    let FD: Matrix = [];
    for (let k = 0; k < 6 && !p; k++) {
      const q = randomPoint(f, new Rand(1000 + 7919 * k + i), { hi: 3 });
      try {
        const r = fdGradientChecked(f, c.wrt, q);
        if (r.reliable) [p, FD] = [q, r.fd];
      } catch (e) {
        if (!(e instanceof Undefined)) throw e;
      }
    }
    if (!p) {
      noPoint.push(where);
      return;
    }
    compared++;
    const G = evalAt(g.term, p);
    const err = relError(G, FD);
    if (!(err < 1e-6)) failures.push(`${where}: ∂f/∂${c.wrt} = ${g.text} differs from finite differences by ${err.toExponential(2)}\n    G  = ${JSON.stringify(G)}\n    FD = ${JSON.stringify(FD)}`);
    // the printed gradient is matdiff syntax: it parses back to the same values
    try {
      const back = evalAt(parse(g.text, DECLS), p);
      const e2 = relError(back, G);
      if (!(e2 < 1e-9)) failures.push(`${where}: the text ${g.text} evaluates to ${JSON.stringify(back)}, the term to ${JSON.stringify(G)}`);
    } catch (e) {
      failures.push(`${where}: the text ${g.text} does not parse back: ${(e as Error).message}`);
    }
  });
  const secs = (Date.now() - t0) / 1000;
  console.log(`  property: ${COUNT} functions, ${exact} checked exactly, ${compared} compared with finite differences (${noPoint.length} without a reliable point), ${unsupported.length} unsupported, ${secs.toFixed(1)} s`);
  assert.ok(noPoint.length <= COUNT / 5 / 50, `${noPoint.length} functions had no point where finite differences are reliable:\n${noPoint.slice(0, 8).join('\n')}`);
  assert.ok(failures.length === 0, `${failures.length} of ${COUNT} failed:\n${failures.slice(0, 12).join('\n')}`);
  // nothing the generator builds is documented as unsupported
  assert.ok(unsupported.length <= COUNT / 50, `${unsupported.length} unsupported:\n${unsupported.slice(0, 8).join('\n')}`);
});

test.run();

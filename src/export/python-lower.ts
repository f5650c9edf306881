// One function body of an exported NumPy or PyTorch module, written by walking the lowered term
// DAG once from its roots. Each node is an array expression (`W @ x`, `np.outer(h, x)`), named
// `s = …` on a line of its own when it is shared, named by the user, or a result; the rest is
// written inline where it is used. Elementwise functions and masks are written as their operator
// records say (`code`, read through src/export/op-code.ts).
//
// The convention (said in the file's header): a scalar is a Python float (a 0-d tensor in torch),
// a vector — column or row — a 1-D array of its length, a matrix a 2-D array. Each product is
// written for the shapes matdiff knows its factors have: a column times a row is an outer
// product, a row times a column a dot product (`a @ b`), and a row times a matrix `r @ M`; a
// transpose of a vector is the same 1-D array; a vector broadcast over the columns of a matrix
// (b𝟏ᵀ) is `b[:, None]` where a full matrix beside it gives the shape.
import type { Term } from '../core/term.js';
import { isScalarShape, type Dim, type Shape } from '../core/shape.js';
import type { Fraction } from '../core/fraction.js';
import { useCounts } from './plan.js';
import type { PyLib } from './python-runtime.js';
import { entryCode, helpersOf, instantiate, maskCode, maskOnVector, type Syntax } from './op-code.js';

export interface PyExpr {
  readonly e: string;
  readonly p: number;
}
/** Python's binding strengths: an operand weaker than its operator is parenthesized */
export const Q = { cond: 2, cmp: 6, add: 11, mul: 12, unary: 13, pow: 14, atom: 16 } as const;
/** Python's operators as an operator record's template uses them (src/export/op-code.ts) */
export const PY_SYNTAX: Syntax = {
  atom: Q.atom,
  ops: [
    [' if ', Q.cond], [' else ', Q.cond], ['==', Q.cmp], ['!=', Q.cmp], ['>=', Q.cmp], ['<=', Q.cmp], ['>', Q.cmp], ['<', Q.cmp],
    ['+', Q.add], ['-', Q.add], ['*', Q.mul], ['/', Q.mul], ['//', Q.mul], ['%', Q.mul], ['@', Q.mul], ['**', Q.pow],
  ],
};
export const py = (e: string, p: number = Q.atom): PyExpr => ({ e, p });
const wrap = (x: PyExpr, min: number) => (x.p >= min ? x.e : `(${x.e})`);

export function pyNum(v: Fraction): PyExpr {
  const neg = v.compare(0) < 0;
  const a = v.abs();
  const [n, d] = [BigInt(a.n as unknown as bigint), BigInt(a.d as unknown as bigint)];
  const safe = (x: bigint) => x <= BigInt(Number.MAX_SAFE_INTEGER);
  const decimal = String(a.valueOf());
  const terminating = (x: bigint): boolean => (x % 2n === 0n ? terminating(x / 2n) : x % 5n === 0n ? terminating(x / 5n) : x === 1n);
  let s: PyExpr;
  if (d === 1n && safe(n)) s = py(String(n));
  else if (terminating(d) && decimal.length <= 8 && !decimal.includes('e')) s = py(decimal);
  else if (safe(n) && safe(d)) s = py(`${n} / ${d}`, Q.mul);
  else s = py(decimal);
  return neg ? py(`-${wrap(s, Q.pow)}`, Q.unary) : s;
}

const add = (xs: readonly { x: PyExpr; minus: boolean }[]): PyExpr => {
  const [first, ...rest] = xs;
  let e = first!.minus ? `-${wrap(first!.x, Q.unary)}` : wrap(first!.x, Q.add);
  for (const t of rest) e += t.minus ? ` - ${wrap(t.x, Q.mul)}` : ` + ${wrap(t.x, Q.add)}`;
  return xs.length === 1 && !first!.minus ? first!.x : py(e, Q.add);
};
const bin = (a: PyExpr, op: string, b: PyExpr): PyExpr => {
  if (op === '*' && a.e === '1') return b;
  if (op === '*' && b.e === '1') return a;
  if (op === '*' && a.e === '-1') return py(`-${wrap(b, Q.unary)}`, Q.unary);
  return py(`${wrap(a, Q.mul)} ${op} ${wrap(b, Q.mul + 1)}`, Q.mul);
};
const pow = (a: PyExpr, b: PyExpr): PyExpr => py(`${wrap(a, Q.pow + 1)} ** ${wrap(b, Q.unary)}`, Q.pow);
const callE = (fn: string, ...args: PyExpr[]) => py(`${fn}(${args.map((x) => x.e).join(', ')})`);
const attr = (x: PyExpr, name: string) => py(`${wrap(x, Q.atom)}${name}`);

/** scalar, column vector, row vector, matrix */
type Kind = 'S' | 'C' | 'R' | 'M';
const kindOf = (s: Shape): Kind => (isScalarShape(s) ? 'S' : s.cols === '1' ? 'C' : s.rows === '1' ? 'R' : 'M');

export interface PyContext {
  readonly lib: PyLib;
  nodeName(t: Term): string;
  inputName(t: Term): string;
  userNamed(t: Term): boolean;
  dim(d: Dim): PyExpr;
  use(helper: string): void;
  /** torch: the tensor whose dtype and device new tensors take */
  readonly like: string;
}

const TRIVIAL = new Set(['var', 'num', 'zero', 'ones', 'eye']);
const negativeNum = (t: Term): boolean => t.op === 'num' && t.value!.compare(0) < 0;

export class PyBody {
  readonly lines: string[] = [];
  private readonly memo = new Map<Term, PyExpr>();
  private readonly uses: Map<Term, number>;
  constructor(
    private readonly c: PyContext,
    roots: readonly Term[],
  ) {
    this.uses = useCounts(roots);
  }
  emit(line: string): void {
    this.lines.push(`    ${line}`);
  }
  private get L(): string {
    return this.c.lib === 'torch' ? 'torch' : 'np';
  }
  /** the node as an expression; shared, user-named and `force`d nodes get a line of their own */
  value(t: Term, force = false): PyExpr {
    const hit = this.memo.get(t);
    if (hit) return hit;
    let x = this.compute(t);
    // cheap to write again: a leaf, a transposed variable, a broadcast number, −y
    const leaf = (u: Term) => u.op === 'var' || u.op === 'num';
    const trivial = TRIVIAL.has(t.op) || ((t.op === 'T' || t.op === 'bcast') && leaf(t.args[0]!)) || (t.op === 'smul' && t.args[0]!.op === 'num' && leaf(t.args[1]!));
    const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(x.e);
    if (!trivial && !bare && (force || (this.uses.get(t) ?? 0) > 1 || this.c.userNamed(t))) {
      const name = this.c.nodeName(t);
      this.emit(`${name} = ${x.e}`);
      x = py(name);
    }
    this.memo.set(t, x);
    return x;
  }
  /** an array the caller may keep: a copy where the expression is an input or a view of one */
  result(t: Term): PyExpr {
    const x = this.value(t);
    if (isScalarShape(t.shape)) return x;
    // an input, or a view of one (a transpose, a diagonal, a reshape), is copied
    if (!['var', 'T', 'diag', 'vec', 'unvec'].includes(t.op)) return x;
    return this.c.lib === 'torch' ? py(`${wrap(x, Q.atom)}.clone()`) : callE('np.array', x);
  }

  private ones(s: Shape): PyExpr {
    const k = kindOf(s);
    const dims = (k === 'C' ? [s.rows] : k === 'R' ? [s.cols] : [s.rows, s.cols]).map((d) => this.c.dim(d).e);
    if (this.c.lib === 'torch') return py(`torch.ones(${dims.join(', ')}, dtype=${this.c.like}.dtype, device=${this.c.like}.device)`);
    return py(`np.ones(${dims.length === 1 ? dims[0] : `(${dims.join(', ')})`})`);
  }
  private zeros(s: Shape): PyExpr {
    const o = this.ones(s);
    return py(o.e.replace(/^(np|torch)\.ones/, '$1.zeros'));
  }

  /** a summand or factor of an elementwise operation; where `spread`, a broadcast may stay compact */
  private operand(t: Term, spread: boolean): PyExpr {
    if (spread && t.op === 'bcast' && (t.args[0]!.op === 'num' || t.args[0]!.op === 'var')) return this.value(t.args[0]!);
    if (spread && t.op === 'ones') return py('1.0');
    if (spread && !this.memo.has(t) && (this.uses.get(t) ?? 0) < 2 && !this.c.userNamed(t)) {
      if (t.op === 'bcast') return this.value(t.args[0]!);
      if (t.op === 'mul' && t.args.length === 2 && t.args[0]!.shape.cols === '1' && !isScalarShape(t.args[0]!.shape)) {
        const [a, b] = t.args as [Term, Term];
        // b𝟏ᵀ and 𝟏rᵀ: a column over the columns, a row over the rows
        if (b.op === 'ones') return py(`${wrap(this.value(a), Q.atom)}[:, None]`);
        if (a.op === 'ones') return py(`${wrap(this.value(b), Q.atom)}[None, :]`);
      }
    }
    return this.value(t);
  }
  private isSpread(t: Term): boolean {
    return t.op === 'bcast' || t.op === 'ones' || (t.op === 'mul' && t.args.length === 2 && t.args[0]!.shape.cols === '1' && (t.args[0]!.op === 'ones' || t.args[1]!.op === 'ones'));
  }

  private compute(t: Term): PyExpr {
    const a = t.args;
    const L = this.L;
    const k = kindOf(t.shape);
    const v = (u: Term) => this.value(u);
    const lib = this.c.lib;
    switch (t.op) {
      case 'var':
        return py(this.c.inputName(t));
      case 'num':
        return pyNum(t.value!);
      case 'zero':
        return k === 'S' ? py('0.0') : this.zeros(t.shape);
      case 'ones':
        return k === 'S' ? py('1.0') : this.ones(t.shape);
      case 'eye':
        return k === 'S' ? py('1.0') : lib === 'torch' ? py(`torch.eye(${this.c.dim(t.shape.rows).e}, dtype=${this.c.like}.dtype, device=${this.c.like}.device)`) : callE('np.eye', this.c.dim(t.shape.rows));
      case 'bcast':
        return k === 'S' ? v(a[0]!) : bin(v(a[0]!), '*', this.ones(t.shape));
      case 'add': {
        const spread = k !== 'S' && a.some((u) => !this.isSpread(u));
        return add(
          a.map((u) => {
            if (u.op === 'smul' && negativeNum(u.args[0]!) && !this.c.userNamed(u) && (u.args[1]!.op === 'var' || (!this.memo.has(u) && (this.uses.get(u) ?? 0) < 2))) {
              const c = u.args[0]!.value!.neg();
              const x = this.operand(u.args[1]!, spread);
              return { x: c.equals(1) ? x : bin(pyNum(c), '*', x), minus: true };
            }
            return { x: this.operand(u, spread), minus: false };
          }),
        );
      }
      case 'had': {
        const spread = k !== 'S' && a.some((u) => !this.isSpread(u));
        let num: PyExpr | undefined;
        const den: PyExpr[] = [];
        for (const u of a) {
          if (u.op === 'epow' && negativeNum(u.args[1]!) && !this.memo.has(u) && (this.uses.get(u) ?? 0) < 2 && !this.c.userNamed(u)) {
            const p = u.args[1]!.value!.neg();
            const b = this.operand(u.args[0]!, spread);
            den.push(p.equals(1) ? b : this.power(b, p));
          } else num = num ? bin(num, '*', this.operand(u, spread)) : this.operand(u, spread);
        }
        let x = num ?? py('1.0');
        for (const d of den) x = bin(x, '/', d);
        return x;
      }
      case 'smul':
        return bin(v(a[0]!), '*', v(a[1]!));
      case 'epow':
      case 'pow': {
        const p = a[1]!;
        if (p.op === 'num') return this.power(v(a[0]!), p.value!);
        return pow(v(a[0]!), v(p));
      }
      case 'T':
        return k === 'M' ? attr(v(a[0]!), '.T') : v(a[0]!);
      case 'frob': {
        const ka = kindOf(a[0]!.shape);
        if (ka === 'S') return bin(v(a[0]!), '*', v(a[1]!));
        if (ka !== 'M') return bin(v(a[0]!), '@', v(a[1]!));
        return callE(`${L}.sum`, bin(v(a[0]!), '*', v(a[1]!)));
      }
      case 'mul':
        return this.product(t);
      case 'sum':
      case 'mean':
        return kindOf(a[0]!.shape) === 'S' ? v(a[0]!) : callE(`${L}.${t.op}`, v(a[0]!));
      case 'norm2':
        return kindOf(a[0]!.shape) === 'S' ? callE('abs', v(a[0]!)) : callE(`${L}.linalg.norm`, v(a[0]!));
      case 'norm1':
        return kindOf(a[0]!.shape) === 'S' ? callE('abs', v(a[0]!)) : callE(`${L}.sum`, callE(`${L}.abs`, v(a[0]!)));
      case 'tr':
        return kindOf(a[0]!.shape) === 'S' ? v(a[0]!) : callE(`${L}.trace`, v(a[0]!));
      case 'det':
        return kindOf(a[0]!.shape) === 'S' ? v(a[0]!) : callE(`${L}.linalg.det`, v(a[0]!));
      case 'logdet':
        if (kindOf(a[0]!.shape) === 'S') return callE(`${L}.log`, v(a[0]!));
        if (lib === 'torch') return callE('torch.logdet', v(a[0]!));
        this.c.use('_logdet');
        return callE('_logdet', v(a[0]!));
      case 'inv':
        return k === 'S' ? bin(py('1.0'), '/', v(a[0]!)) : callE(`${L}.linalg.inv`, v(a[0]!));
      case 'adj':
        if (k === 'S') return py('1.0');
        this.c.use('_adj');
        return callE('_adj', v(a[0]!));
      case 'Diag':
        return k === 'S' ? v(a[0]!) : callE(`${L}.diag`, v(a[0]!));
      case 'diag':
        return k === 'S' ? v(a[0]!) : callE(`${L}.diag`, v(a[0]!));
      case 'vec':
        if (kindOf(a[0]!.shape) !== 'M') return v(a[0]!);
        return lib === 'torch' ? py(`${wrap(v(a[0]!), Q.atom)}.T.reshape(-1)`) : py(`${wrap(v(a[0]!), Q.atom)}.reshape(-1, order="F")`);
      case 'unvec': {
        if (k !== 'M') return v(a[0]!);
        const [n, m] = [this.c.dim(t.shape.rows).e, this.c.dim(t.shape.cols).e];
        return lib === 'torch' ? py(`${wrap(v(a[0]!), Q.atom)}.reshape(${m}, ${n}).T`) : py(`${wrap(v(a[0]!), Q.atom)}.reshape((${n}, ${m}), order="F")`);
      }
      case 'kron':
      case 'blocksum':
      case 'blockfrob':
        return this.blocks(t);
      case 'commutation': {
        if (k === 'S') return py('1.0');
        this.c.use('_commutation');
        const [m, n] = t.data.dims!.map((d) => this.c.dim(d).e);
        return py(`_commutation(${m}, ${n}${lib === 'torch' ? `, ${this.c.like}` : ''})`);
      }
      case 'softmax':
      case 'log_softmax':
      case 'logsumexp': {
        const z = a[0]!;
        if (isScalarShape(z.shape)) return t.op === 'logsumexp' ? v(z) : py(t.op === 'softmax' ? '1.0' : '0.0');
        if (lib === 'torch') return py(`torch.${t.op}(${v(z).e}, dim=0)`);
        this.c.use(`_${t.op}`);
        return callE(`_${t.op}`, v(z));
      }
    }
    const mask = maskCode(t.op);
    if (mask) {
      // a 2-D function; kept as it is where the mask keeps every entry (a column, for the lower triangle)
      const on = maskOnVector(mask, t.shape);
      if (k === 'S') return on!.first ? v(a[0]!) : py('0.0');
      if (on?.first && on.rest) return v(a[0]!);
      return this.from2d(callE(mask[lib], this.as2d(v(a[0]!), k)), k);
    }
    const code = entryCode(t.op);
    if (!code) throw new Error(`matdiff internal: the Python export has no rule for '${t.op}'`);
    for (const h of helpersOf(code, lib)) this.c.use(h);
    return instantiate(code[lib], v(a[0]!), PY_SYNTAX);
  }

  private power(x: PyExpr, p: Fraction): PyExpr {
    const L = this.L;
    const pv = p.valueOf();
    if (pv === 1) return x;
    if (pv === 0.5) return callE(`${L}.sqrt`, x);
    if (pv === -1) return bin(py('1.0'), '/', x);
    return pow(x, pyNum(p));
  }

  /** a vector or matrix as 2-D (a column n×1, a row 1×n) */
  private as2d(x: PyExpr, k: Kind): PyExpr {
    return k === 'C' ? py(`${wrap(x, Q.atom)}[:, None]`) : k === 'R' ? py(`${wrap(x, Q.atom)}[None, :]`) : x;
  }
  /** a 2-D result in the file's convention: 1-D for a vector, a number for a scalar */
  private from2d(x: PyExpr, k: Kind): PyExpr {
    return k === 'C' || k === 'R' ? py(`${wrap(x, Q.atom)}.reshape(-1)`) : k === 'S' ? py(`${wrap(x, Q.atom)}[0, 0]`) : x;
  }

  /** a product of two factors (lowered), or of scalars */
  private product(t: Term): PyExpr {
    const a = t.args;
    if (isScalarShape(a[0]!.shape)) return a.map((u) => this.value(u)).reduce((x, y) => bin(x, '*', y));
    const [A, B] = a as [Term, Term];
    const [ka, kb] = [kindOf(A.shape), kindOf(B.shape)];
    const L = this.L;
    // a diagonal factor scales rows (Diag(d)*B) or columns (B*Diag(d))
    if (A.op === 'Diag' && !isScalarShape(A.shape)) {
      const d = this.value(A.args[0]!);
      return kb === 'M' ? bin(py(`${wrap(d, Q.atom)}[:, None]`), '*', this.value(B)) : bin(d, '*', this.value(B));
    }
    if (B.op === 'Diag' && !isScalarShape(B.shape)) return bin(this.value(A), '*', this.value(B.args[0]!));
    if (ka === 'C' && kb === 'R') return callE(`${L}.outer`, this.value(A), this.value(B));
    return bin(this.value(A), '@', this.value(B));
  }

  /** kron, blocksum, blockfrob: a scalar side scales, else in two dimensions */
  private blocks(t: Term): PyExpr {
    const [A, B] = t.args as [Term, Term];
    const [ka, kb, k] = [kindOf(A.shape), kindOf(B.shape), kindOf(t.shape)];
    if (ka === 'S' || kb === 'S') return bin(this.value(A), '*', this.value(B));
    if (k === 'S' && t.op !== 'kron') return ka === 'M' ? callE(`${this.L}.sum`, bin(this.value(A), '*', this.value(B))) : bin(this.value(A), '@', this.value(B));
    const [x, y] = [this.as2d(this.value(A), ka), this.as2d(this.value(B), kb)];
    if (t.op === 'kron') return this.from2d(callE(`${this.L}.kron`, x, y), k);
    this.c.use(`_${t.op}`);
    return this.from2d(callE(`_${t.op}`, x, y), k);
  }
}

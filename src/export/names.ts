// Names in generated code. Every identifier of an exported module comes from one Namer, so a
// user's variable, a dimension, a helper, a loop index and a shared subterm never collide: the
// user's names are claimed first and kept where the target language allows them (W, x, mu), a
// Greek letter becomes its name (α → alpha), anything else an ASCII spelling; later claims of a
// taken name get a suffix (s, s2, s3).

const GREEK: Readonly<Record<string, string>> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ϵ: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ϑ: 'theta',
  ι: 'iota', κ: 'kappa', ϰ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ϖ: 'pi', ρ: 'rho', ϱ: 'rho',
  σ: 'sigma', ς: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', ϕ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega', ℓ: 'ell',
  Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Υ: 'Upsilon', Φ: 'Phi', Ψ: 'Psi', Ω: 'Omega',
};

/** the reserved words and built-in names of JavaScript (and TypeScript) a generated name avoids */
export const JS_RESERVED: readonly string[] = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'await', 'async', 'of', 'as', 'any', 'type', 'number', 'string', 'boolean', 'declare', 'keyof',
  'readonly', 'unknown', 'never', 'object', 'symbol', 'bigint', 'undefined', 'NaN', 'Infinity', 'arguments', 'eval', 'Math',
  'Number', 'Object', 'Array', 'Float64Array', 'Error', 'RangeError', 'TypeError', 'String', 'JSON', 'globalThis', 'console',
];

/** Python's keywords and the built-ins and module names generated Python code uses */
export const PY_RESERVED: readonly string[] = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'abs', 'all', 'any', 'float', 'int', 'len', 'max', 'min', 'range',
  'sum', 'tuple', 'list', 'dict', 'isinstance', 'ValueError', 'TypeError', 'np', 'torch', 'math', 'print', 'round', 'pow', 'map',
  'zip', 'iter', 'next', 'type', 'object', 'str', 'id', 'input', 'open', 'format', 'vars', 'dir', 'hash',
];

/**
 * A name of the user's (a variable, a definition, a dimension) as an ASCII identifier: kept when
 * it is one already, Greek letters spelled out, other characters as uXXXX.
 */
export function asciiIdentifier(name: string): string {
  let out = '';
  for (const ch of name) {
    if (/[A-Za-z0-9_]/.test(ch)) out += ch;
    else if (GREEK[ch]) out += (out && !out.endsWith('_') ? '_' : '') + GREEK[ch];
    else out += `u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  }
  return /^[0-9]/.test(out) ? `_${out}` : out || '_';
}

export class Namer {
  private readonly used: Set<string>;
  constructor(reserved: readonly string[]) {
    this.used = new Set(reserved);
  }
  /** a free identifier from `base` (made ASCII), now taken */
  claim(base: string): string {
    const b = asciiIdentifier(base);
    let name = b;
    for (let i = 2; this.used.has(name); i++) name = `${b}${/\d$/.test(b) ? '_' : ''}${i}`;
    this.used.add(name);
    return name;
  }
  /** `name` is taken from now on (a helper the module defines) */
  reserve(name: string): void {
    this.used.add(name);
  }
}

/** a string literal both JavaScript and Python read the same way */
export const literal = (s: string): string => JSON.stringify(s);

// How variable names look in Unicode and LaTeX: trailing digits become subscripts (W1 → W₁),
// Greek names become letters, other multi-letter names stay upright in LaTeX.
const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega'];
const SUB = '₀₁₂₃₄₅₆₇₈₉';

export function unicodeName(name: string): string {
  const m = /^([A-Za-z\u0370-\u03ff]+)_?(\d+)$/.exec(name);
  if (m) return m[1]! + [...m[2]!].map((c) => SUB[Number(c)]).join('');
  return name;
}

export function latexName(name: string): string {
  const m = /^([A-Za-z]+)_?(\d*)$/.exec(name);
  if (m) {
    const base = GREEK.includes(m[1]!) ? `\\${m[1]}` : m[1]!.length > 1 ? `\\mathrm{${m[1]}}` : m[1]!;
    return m[2] ? `${base}_{${m[2]}}` : base;
  }
  const parts = name.split('_');
  const head = parts[0]!.length > 1 ? `\\mathrm{${parts[0]}}` : parts[0]!;
  return parts.length > 1 ? `${head}_{\\mathrm{${parts.slice(1).join('\\_')}}}` : head.replace(/[^A-Za-z0-9\\{}]/g, '');
}

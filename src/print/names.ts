// How variable names look in Unicode and LaTeX: trailing digits become subscripts (W1 → W₁),
// Greek names become letters, other multi-letter names stay upright in LaTeX.
const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega'];
const SUB = '₀₁₂₃₄₅₆₇₈₉';

export function unicodeName(name: string): string {
  const m = /^([A-Za-z\u0370-\u03ff]+)_?(\d+)$/.exec(name);
  if (m) return m[1]! + [...m[2]!].map((c) => SUB[Number(c)]).join('');
  return name;
}

/** Greek letters a name may hold (those that look Latin are refused by the lexer), as LaTeX */
const GREEK_LETTERS: Readonly<Record<string, string>> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\varepsilon', ϵ: '\\epsilon', ζ: '\\zeta', η: '\\eta', θ: '\\theta', ϑ: '\\vartheta',
  ι: '\\iota', κ: '\\kappa', ϰ: '\\varkappa', λ: '\\lambda', μ: '\\mu', ν: '\\nu', ξ: '\\xi', π: '\\pi', ϖ: '\\varpi', ρ: '\\rho', ϱ: '\\varrho',
  σ: '\\sigma', ς: '\\varsigma', τ: '\\tau', υ: '\\upsilon', φ: '\\varphi', ϕ: '\\phi', χ: '\\chi', ψ: '\\psi', ω: '\\omega', ℓ: '\\ell',
  Γ: '\\Gamma', Δ: '\\Delta', Θ: '\\Theta', Λ: '\\Lambda', Ξ: '\\Xi', Π: '\\Pi', Σ: '\\Sigma', Υ: '\\Upsilon', Φ: '\\Phi', Ψ: '\\Psi', Ω: '\\Omega',
};

/**
 * A name with characters beyond ASCII letters, digits and `_`: Greek letters as their LaTeX
 * commands, any other character inside \text{}, digits as a subscript: never a character dropped.
 */
function latexUnicodeName(name: string): string {
  const m = /^(.*?)_?(\d*)$/u.exec(name)!;
  const base = [...m[1]!]
    .map((c) => GREEK_LETTERS[c] ?? (/[A-Za-z]/.test(c) ? c : `\\text{${c.replace(/_/g, '\\_')}}`))
    .join(' ')
    .replace(/ (?=[A-Za-z])/g, (sp, i: number, all: string) => (all[i - 1] === '}' ? '' : sp));
  return m[2] ? `{${base}}_{${m[2]}}` : base;
}

export function latexName(name: string): string {
  if (/[^\x00-\x7f]/.test(name)) return latexUnicodeName(name);
  const m = /^([A-Za-z]+)_?(\d*)$/.exec(name);
  if (m) {
    const base = GREEK.includes(m[1]!) ? `\\${m[1]}` : m[1]!.length > 1 ? `\\mathrm{${m[1]}}` : m[1]!;
    return m[2] ? `${base}_{${m[2]}}` : base;
  }
  const parts = name.split('_');
  const head = parts[0]!.length > 1 ? `\\mathrm{${parts[0]}}` : parts[0]!;
  return parts.length > 1 ? `${head}_{\\mathrm{${parts.slice(1).join('\\_')}}}` : head.replace(/[^A-Za-z0-9\\{}]/g, '');
}

// The sizes matdiff bounds before it starts work, so that no input can make it run for long or use
// much memory before it answers or refuses: each crossing is a MatdiffError of kind 'limit' that
// names the limit and says how to change the input. docs/limits.md lists every limit, these and
// the ones that live next to the code they guard (input length and nesting in src/parse/, term
// depth in src/core/term.ts, summands and factors in src/core/build.ts, files in src/cli/io.ts).

// ---- numbers ------------------------------------------------------------------------------------

/** A number literal is at most this in magnitude (`1e15`)… */
export const MAX_LITERAL_EXP10 = 15;
/** …and, unless it is 0, at least 10^-this (`1e-15`). */
export const MIN_LITERAL_EXP10 = -15;
/** significant digits of a number literal (leading and trailing zeros do not count) */
export const MAX_LITERAL_DIGITS = 30;
/** decimal digits of the numerator and of the denominator of a constant once folded (2^1000 has 302) */
export const MAX_CONSTANT_DIGITS = 1000;

// ---- powers -------------------------------------------------------------------------------------

/** |p| of a scalar or elementwise power a^p, x.^p with a constant exponent, as written */
export const MAX_EXPONENT = 1000;
/**
 * |k| of a matrix power X^k (X^-k is inv(X)^k), as written and once products and nested powers are
 * multiplied out (X^10*X^10 is X^20, (X^4)^5 is X^20). Low, because the report and the checks
 * of a derivation compute X^k and its chain exactly: their cost grows faster than k^2.
 */
export const MAX_MATRIX_POWER = 16;
/**
 * the power any one quantity reaches in a scalar or elementwise power once nested powers and
 * products are multiplied out (`(x.^1000).^20` is x.^20000; `a^600*a^600` is a^1200)
 */
export const MAX_DEGREE = 10000;

// ---- dimensions ---------------------------------------------------------------------------------

/** a numeric dimension (declared, `ones(n)`, or the numeric part of a product from kron/vec) */
export const MAX_DIM = 1_000_000;
/** factors of a product dimension (`n*m*p` has 3): kron and vec nest at most this deep */
export const MAX_DIM_FACTORS = 8;

// ---- printing -----------------------------------------------------------------------------------

/**
 * characters of a fully expanded printed term; a longer one is printed with its shared subterms
 * named instead (`s1 = …; s2 = …; G` in matdiff syntax, which parses back to the same term)
 */
export const MAX_PRINTED = 20000;

// ---- evaluate() -----------------------------------------------------------------------------------

/** entries of any one matrix evaluate() computes (values given, and every intermediate) */
export const MAX_EVAL_ENTRIES = 10_000_000;

// ---- the command line ---------------------------------------------------------------------------

/** arguments of one command */
export const MAX_ARGS = 1000;
/** times one option may be given (`--wrt W --wrt b`); identical repeats count too */
export const MAX_OPTION_REPEATS = 100;
/** characters of one argument (the expression itself is bounded by the input length, 20000) */
export const MAX_ARG_LENGTH = 100_000;

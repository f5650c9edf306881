// The derive() cases of npm run bench: the worked examples and L-layer network losses. Each takes
// a tag that renames its variables, so no run reuses a cached term of an earlier one.

export interface Case {
  name: string;
  expr: (tag: string) => string;
  wrt: (tag: string) => string;
  vars: (tag: string) => string;
}

export const examples: Case[] = [
  { name: 'seed 003: ½‖σ(Wx) − y‖²', expr: (t) => `v = W${t}*x${t}; s = sigmoid(v); E = 1/2*(s - y${t}):(s - y${t})`, wrt: (t) => `W${t}`, vars: (t) => `W${t}: n x m; x${t}: m; y${t}: n` },
  { name: "x'Ax", expr: (t) => `x${t}'*A${t}*x${t}`, wrt: (t) => `x${t}`, vars: (t) => `x${t}: n; A${t}: n x n` },
  { name: 'tr(AXB)', expr: (t) => `tr(A${t}*X${t}*B${t})`, wrt: (t) => `X${t}`, vars: (t) => `A${t}: k x n; X${t}: n x m; B${t}: m x k` },
  { name: 'logdet(X)', expr: (t) => `logdet(X${t})`, wrt: (t) => `X${t}`, vars: (t) => `X${t}: n x n spd` },
  { name: 'softmax cross-entropy', expr: (t) => `-y${t}'*log(softmax(z${t}))`, wrt: (t) => `z${t}`, vars: (t) => `y${t}: n onehot; z${t}: n` },
  { name: 'Gaussian log-likelihood', expr: (t) => `1/2*logdet(S${t}) + 1/2*(x${t} - u${t})'*inv(S${t})*(x${t} - u${t})`, wrt: (t) => `S${t}`, vars: (t) => `S${t}: n x n spd; x${t}: n; u${t}: n` },
];

export function network(L: number): Case {
  return {
    name: `${L}-layer network`,
    expr: (t) => {
      const lines = [`a0 = x${t}`];
      for (let l = 1; l <= L; l++) lines.push(`a${l} = sigmoid(W${l}${t}*a${l - 1} + b${l}${t})`);
      lines.push(`E = 1/2*(a${L} - y${t}):(a${L} - y${t})`);
      return lines.join('; ');
    },
    wrt: (t) => `W1${t}`,
    vars: (t) => [`x${t}: n`, `y${t}: n`, ...Array.from({ length: L }, (_, i) => `W${i + 1}${t}: n x n; b${i + 1}${t}: n`)].join('; '),
  };
}

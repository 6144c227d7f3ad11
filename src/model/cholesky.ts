// Solving a small symmetric positive definite system (a Newton step's Hessian) by Cholesky factorisation.

/**
 * Solves A x = b for a symmetric positive definite A (n × n, row-major; only the lower triangle is read).
 * A matrix that is not numerically positive definite gets a small ridge on its diagonal, growing until the
 * factorisation succeeds: a Newton step in a flat direction is then a short gradient step, never a NaN.
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  let jitter = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]));
  for (let attempt = 0; ; attempt++) {
    if (factor(a, l, n, jitter)) break;
    jitter = jitter === 0 ? Math.max(scale, 1) * 1e-12 : jitter * 100;
    if (attempt > 20) throw new Error("solveSpd: matrix is not positive definite");
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

function factor(a: Float64Array, l: Float64Array, n: number, jitter: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return false;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  return true;
}

// Stratified, seeded k-fold cross-validation: each fold holds the same share of won and lost rows, the folds
// are drawn from a seeded sequence (the same seed, the same folds), and every row is predicted by a fit that
// never saw it (out of fold).
import { seededRandom, shuffleInPlace } from "./random";

/** The fold (0 … k − 1) of each row: won rows and lost rows each dealt round the folds after a seeded shuffle. */
export function stratifiedFolds(won: ArrayLike<number>, k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const fold = new Int32Array(won.length);
  const wonRows: number[] = [];
  const lostRows: number[] = [];
  for (let i = 0; i < won.length; i++) (won[i] ? wonRows : lostRows).push(i);
  let next = 0;
  for (const group of [wonRows, lostRows]) {
    shuffleInPlace(group, random);
    // The lost rows continue round the folds where the won rows stopped, so fold sizes differ by one at most.
    for (const i of group) fold[i] = next++ % k;
  }
  return fold;
}

/**
 * Out-of-fold predictions: for each fold, `fit` is given the other folds' rows and returns a predictor, which
 * predicts the fold's own rows.
 */
export function outOfFold(
  n: number,
  fold: Int32Array,
  k: number,
  fit: (train: Int32Array) => (row: number) => number,
): Float64Array {
  const out = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    const predict = fit(Int32Array.from(train));
    for (const i of test) out[i] = predict(i);
  }
  return out;
}

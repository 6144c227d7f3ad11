// How well a score separates won from lost: the area under the ROC curve (the chance that a random won deal
// scores above a random lost one, ties counting half) and the curve's points for a chart.

/** AUC of `score` against `won` (1/0), NaN when either class is empty. Ties count half (midranks). */
export function auc(score: ArrayLike<number>, won: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const midrank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (won[order[k]]) {
        pos++;
        rankSum += midrank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** The ROC curve: [false positive rate, true positive rate] at every distinct threshold, from (0,0) to (1,1). */
export function rocPoints(score: ArrayLike<number>, won: ArrayLike<number>): [number, number][] {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += won[i] ? 1 : 0;
  const neg = n - pos;
  const points: [number, number][] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && score[order[j]] === score[order[i]]) {
      if (won[order[j]]) tp++;
      else fp++;
      j++;
    }
    points.push([neg ? fp / neg : 0, pos ? tp / pos : 0]);
    i = j;
  }
  return points;
}

/**
 * AUC when rows come in groups sharing one score (a field's levels scored by their win rate): from the groups'
 * won and lost counts, without a row-by-row sort. Equal to auc() over the rows.
 */
export function groupedAuc(
  score: readonly number[],
  won: readonly number[],
  lost: readonly number[],
): number {
  const order = score.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  let totalWon = 0;
  let totalLost = 0;
  for (let i = 0; i < score.length; i++) {
    totalWon += won[i];
    totalLost += lost[i];
  }
  if (totalWon === 0 || totalLost === 0) return NaN;
  let below = 0; // lost rows scored lower than the current group
  let s = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    let w = 0;
    let l = 0;
    while (j < order.length && score[order[j]] === score[order[i]]) {
      w += won[order[j]];
      l += lost[order[j]];
      j++;
    }
    s += w * (below + l / 2);
    below += l;
    i = j;
  }
  return s / (totalWon * totalLost);
}

// Whether predicted win probabilities mean what they say: the Brier score, and predicted against observed win
// rate per tenth of the rows (deciles by predicted probability).

/** Mean squared difference between probability and outcome (0 is perfect; always guessing 50 % gives 0.25). */
export function brier(p: ArrayLike<number>, won: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - (won[i] ? 1 : 0)) ** 2;
  return p.length ? s / p.length : NaN;
}

export interface CalibrationBin {
  rows: number;
  predicted: number; // mean predicted probability
  observed: number; // share won
  from: number; // lowest predicted probability in the bin
  to: number; // highest
}

/**
 * Rows sorted by predicted probability and cut into `bins` groups of (nearly) equal size; ties in prediction
 * never straddle two groups' order because the sort is stable on the row index.
 */
export function calibrationTable(p: ArrayLike<number>, won: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    if (end <= start) continue;
    let sp = 0;
    let sw = 0;
    for (let k = start; k < end; k++) {
      sp += p[order[k]];
      sw += won[order[k]] ? 1 : 0;
    }
    out.push({
      rows: end - start,
      predicted: sp / (end - start),
      observed: sw / (end - start),
      from: p[order[start]],
      to: p[order[end - 1]],
    });
  }
  return out;
}

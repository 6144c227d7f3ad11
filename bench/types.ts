// What every benchmark reports: a measured value, and where it has one, the baseline measured in the same run.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number; // value relative to the baseline, as the benchmark explains in `target`
  target?: string;
}

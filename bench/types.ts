// What every benchmark reports: a measured value, and where it has one, the baseline measured in the same run.
// A value that is not a finite number (NaN) was not measured in this run; `note` says why.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number; // value relative to the baseline, as the benchmark explains in `target`
  target?: string;
  note?: string; // why the value was not measured
}

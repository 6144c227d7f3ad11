// Closed deals drawn from a known logistic law, for the learning tests: financing, competitors, deal size and
// customisation move the chance of winning by set amounts; a tenth of the cells are blank; some deals are open.
import type { Cell } from "../../src/model";
import { seededRandom } from "../../src/model/random";

export const LAW = {
  intercept: -0.2,
  financing: { Secured: 1.0, Partial: 0.2, Unsecured: -0.8 } as Record<string, number>,
  perCompetitor: -0.35,
  perTenfoldValue: -0.6, // larger deals are lost more often
  customization: {
    Standard: 0.4,
    Configured: 0.1,
    "Partially bespoke": -0.2,
    "Wholly bespoke": -0.6,
  } as Record<string, number>,
};

export interface History {
  headers: Cell[];
  rows: Cell[][];
  truth: number[]; // each row's true win probability
}

export function syntheticHistory(
  n: number,
  seed: number,
  options: { outcomeHeader?: string; won?: Cell; lost?: Cell; open?: number; lawSign?: number } = {},
): History {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const headers: Cell[] = [
    "Opportunity",
    "Deal Value",
    "Financing",
    "Competition",
    "Customization",
    options.outcomeHeader ?? "Status",
  ];
  const rows: Cell[][] = [];
  const truth: number[] = [];
  const sign = options.lawSign ?? 1;
  for (let i = 0; i < n; i++) {
    const value = Math.round(10 ** (4 + random() * 3)); // 10k … 10M
    const fin = pick(Object.keys(LAW.financing));
    const comp = Math.floor(random() * 6);
    const cust = pick(Object.keys(LAW.customization));
    const blank = () => random() < 0.1;
    const cells: Cell[] = [`Deal ${i + 1}`, value, fin, comp, cust];
    let eta = LAW.intercept + LAW.perTenfoldValue * Math.log10(value / 1e5);
    if (blank()) cells[2] = null;
    else eta += sign * LAW.financing[fin];
    if (blank()) cells[3] = null;
    else eta += LAW.perCompetitor * comp;
    eta += LAW.customization[cust];
    const p = 1 / (1 + Math.exp(-eta));
    const won = random() < p;
    const isOpen = random() < (options.open ?? 0.05);
    cells.push(isOpen ? "Open" : won ? (options.won ?? "Won") : (options.lost ?? "Lost"));
    rows.push(cells);
    truth.push(p);
  }
  return { headers, rows, truth };
}

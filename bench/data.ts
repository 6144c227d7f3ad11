// Generated pipelines for benchmarks: realistic cells (numbers and the texts analysts type), seeded.
import { FIELDS, type Cell } from "../src/model";

export const HEADERS = FIELDS.map((f) => f.header);

export function rows(count: number, seed = 1): Cell[][] {
  let s = seed >>> 0;
  const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: Cell[][] = [];
  for (let i = 0; i < count; i++) {
    out.push([
      `OPP-${i + 1}`,
      pick(["5G core", "BSS", "SD-WAN", "IoT platform", "Edge cloud"]),
      pick(["Nordlicht", "Atlas", "Iberia", "Baltic", "Helios"]),
      r() < 0.3 ? `€${Math.round(r() * 3000)}k` : Math.round(r() * 5_000_000),
      r() < 0.5 ? Math.round(r() * 40) / 100 : `${Math.round(r() * 40)}%`,
      pick(["Strategic", "Key", "Standard", "New"]),
      1 + Math.floor(r() * 5),
      pick(["Low", "Medium", "High"]),
      pick(["Standard", "Configured", "Partially bespoke", "Wholly bespoke"]),
      pick(["Available", "Capacity constrained", "On roadmap", "Not available"]),
      r() < 0.4 ? 46000 + Math.floor(r() * 700) : null,
      Math.round(r() * 500),
      pick(["High", "Medium", "Low"]),
      pick(["Secured", "Partial", "Unsecured"]),
      pick([12, 24, 36, "3 years", "18m"]),
      pick(["High", "Medium", "Low"]),
      Math.floor(r() * 6),
      pick(["Yes", "No"]),
      Math.round(r() * 300),
      1 + Math.floor(r() * 8),
      Math.floor(r() * 3),
      46000 + Math.floor(r() * 200),
    ]);
  }
  return out;
}

// Generated pipelines for benchmarks, seeded, under the headers an analyst's sheet has:
//   rows      — typed cells, as a workbook holds them: numbers where the analyst typed numbers, words elsewhere,
//               and a few values that repeat (products, regions, level words);
//   textRows  — the same kind of pipeline with every cell as text, as a CSV reader hands it over, with the
//               cardinality of a real export: ids, names and customers unique per row, a different deal value
//               and dates on every row in the formats people type, level words with case and spacing variety.
import type { Cell } from "./engine-api";

export const HEADERS = [
  "Opportunity ID",
  "Opportunity",
  "Customer",
  "Deal Value",
  "Margin %",
  "Customer Importance",
  "Strategic Importance",
  "Wider Application",
  "Customization",
  "Solution Availability",
  "Roadmap Date",
  "Development Size (pd)",
  "Resources",
  "Financing",
  "Commitment (months)",
  "Requirements Clarity",
  "Competition",
  "RFP",
  "RFP Questions",
  "Interactions",
  "Solution Alternatives",
  "Response Due",
];

function random(seed: number) {
  let s = seed >>> 0;
  const r = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return { r, pick };
}

export function rows(count: number, seed = 1): Cell[][] {
  const { r, pick } = random(seed);
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

/** An Excel serial date as ISO text ("2027-03-15"). */
function iso(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** "31 Mar 2027" */
function spelled(serial: number): string {
  const [y, m, d] = iso(serial).split("-");
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][+m - 1];
  return `${+d} ${month} ${y}`;
}

const grouped = (n: number, mark: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, mark);

export function textRows(count: number, seed = 1): string[][] {
  const { r, pick } = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  // A word as different analysts type it: as listed, lower case, upper case, or with stray spaces.
  const typed = (word: string) => {
    const k = r();
    if (k < 0.55) return word;
    if (k < 0.75) return word.toLowerCase();
    if (k < 0.85) return word.toUpperCase();
    if (k < 0.95) return ` ${word} `;
    return word.replace(" ", "  ");
  };
  const word = (xs: readonly string[]) => typed(pick(xs));
  // Now and then a cell nobody filled in, or filled in with a placeholder.
  const maybe = (text: () => string, blank = 0.03) =>
    r() < blank ? pick(["", "", "", "TBD", "n/a", "?", "see notes"]) : text();
  const products = ["5G core", "BSS stack", "SD-WAN", "IoT platform", "Edge cloud", "OSS", "Private LTE"];
  const phases = ["rollout", "renewal", "pilot", "expansion", "migration", "phase 2", "refresh"];
  const syllables = [
    "nor",
    "dli",
    "cht",
    "at",
    "las",
    "ibe",
    "ria",
    "bal",
    "tic",
    "he",
    "li",
    "os",
    "ve",
    "ra",
  ];
  const forms = ["Telecom", "Networks", "Mobile", "Group", "Utilities", "Rail", "Energy", "Media"];
  const suffixes = ["GmbH", "S.A.", "plc", "AB", "Oy", "Ltd", "Inc.", "SpA"];
  const out: string[][] = [];
  for (let i = 0; i < count; i++) {
    const brand = Array.from({ length: int(2, 3) }, () => pick(syllables)).join("");
    const customer = `${brand[0].toUpperCase()}${brand.slice(1)} ${pick(forms)} ${pick(suffixes)} #${int(1, 99_999)}`;
    const value = int(20, 8_000) * 1000 + int(0, 999);
    const dealValue = pick<() => string>([
      () => String(value),
      () => `$${(value / 1e6).toFixed(2)}M`,
      () => `€${Math.round(value / 1000)}k`,
      () => grouped(value, ","),
      () => `EUR ${grouped(value, ".")}`,
      () => `£${(value / 1e6).toFixed(1)}m`,
      () => `${grouped(Math.round(value / 1000), " ")} k`,
    ])();
    const due = 45_900 + int(0, 700);
    const roadmap = 46_000 + int(0, 1_100);
    out.push([
      `OPP-${2026 + (i % 3)}-${String(i + 1).padStart(6, "0")}`,
      `${pick(products)} ${pick(phases)} for ${brand} (${int(1, 999)})`,
      customer,
      maybe(() => dealValue),
      maybe(() =>
        pick<() => string>([
          () => `${int(0, 45)}%`,
          () => `${int(0, 450) / 10} %`,
          () => `0.${String(int(0, 45)).padStart(2, "0")}`,
          () => String(int(0, 45)),
        ])(),
      ),
      maybe(() => word(["Strategic", "Key", "Standard", "New", "Tier 1", "Tier 2", "3", "4/5"])),
      maybe(() => word(["Low", "Medium", "High", "Critical", "Very high", "none", "4"])),
      maybe(() => word(["Low", "Medium", "High", "None", "Moderate", "2"]), 0.08),
      maybe(() =>
        word(["Standard", "Configured", "Partially bespoke", "Wholly bespoke", "off-the-shelf", "Custom"]),
      ),
      maybe(() =>
        word(["Available", "Capacity constrained", "On roadmap", "Not available", "Planned", "GA"]),
      ),
      r() < 0.6
        ? ""
        : pick<() => string>([() => iso(roadmap), () => String(roadmap), () => spelled(roadmap)])(),
      maybe(() =>
        pick<() => string>([
          () => String(int(0, 500)),
          () => `${int(5, 400)} pd`,
          () => `${int(1, 12)} weeks`,
          () => grouped(int(500, 2500), ","),
        ])(),
      ),
      maybe(() => pick<() => string>([() => word(["High", "Medium", "Low"]), () => `${int(0, 10) * 10}%`])()),
      maybe(() => word(["Secured", "Partial", "Unsecured", "Approved", "Pending", "Not secured"])),
      maybe(() =>
        pick<() => string>([
          () => String(pick([12, 24, 36, 48, 60])),
          () => `${int(6, 60)} months`,
          () => `${int(1, 5)} years`,
          () => `${int(6, 48)}m`,
        ])(),
      ),
      maybe(() =>
        pick<() => string>([
          () => word(["Clear", "High", "Medium", "Vague", "Low"]),
          () => `${int(2, 10) * 10}%`,
        ])(),
      ),
      maybe(() =>
        pick<() => string>([() => String(int(0, 6)), () => word(["none", "Low", "High", "intense"])])(),
      ),
      maybe(() => word(["Yes", "No", "Y", "N", "TRUE", "FALSE"])),
      maybe(() => pick<() => string>([() => String(int(0, 400)), () => `${int(10, 400)} questions`])()),
      maybe(() => pick<() => string>([() => String(int(1, 8)), () => `${int(1, 8)} workshops`])()),
      maybe(() => String(int(0, 3))),
      maybe(() => pick<() => string>([() => iso(due), () => iso(due), () => String(due)])()),
    ]);
  }
  return out;
}

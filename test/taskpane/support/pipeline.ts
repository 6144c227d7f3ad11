// A deterministic sales pipeline for the pane, adapter and workbench tests: realistic headers and a spread of
// opportunities from clearly qualified to knocked out, some with blanks, words and odd text.
import type { Cell } from "../../../src/model";

export const PIPELINE_HEADERS = [
  "Opportunity ID",
  "Opportunity",
  "Customer",
  "Deal Value",
  "Margin %",
  "Customer Importance",
  "Strategic Importance",
  "Customization",
  "Solution Availability",
  "Financing",
  "Requirements Clarity",
  "Competition",
  "RFP",
  "RFP Questions",
  "Response Due",
  "Owner",
];

const CUSTOMERS = ["Acme Telco", "Northwind Mobile", "Contoso Fibre", "Fabrikam Cable", "Tailspin Wireless"];
const CUSTOMIZATION = ["Standard", "Configured", "Partially bespoke", "Wholly bespoke"];
const AVAILABILITY = ["Available", "Available", "On roadmap", "Capacity constrained", "Not available"];
const FINANCING = ["Secured", "Partial", "Unsecured", "Secured"];
const CLARITY = ["High", "Medium", "Low", 0.8, 0.4];
const IMPORTANCE = ["Strategic", "Key", "Standard", "New logo", 3];
const STRATEGIC = ["High", "Medium", "Low", "Critical", 2];

/** Row i of the pipeline; every 17th row is blank, so empty rows are exercised too. */
export function pipelineRow(i: number): Cell[] {
  if (i % 17 === 16) return PIPELINE_HEADERS.map(() => "");
  const pick = <T>(list: readonly T[], salt: number): T =>
    list[(i * 7 + salt * 13 + ((i * salt) % 5)) % list.length];
  return [
    `OPP-${String(i + 1).padStart(5, "0")}`,
    `${pick(["Core network", "5G slice", "IoT fleet", "SD-WAN", "Billing"], 1)} upgrade ${i + 1}`,
    pick(CUSTOMERS, 2),
    [40_000, 180_000, 650_000, 1_200_000, 3_500_000][(i * 3) % 5],
    [0.35, 0.22, 0.12, -0.05, 0.3, 0.18][(i * 5) % 6],
    pick(IMPORTANCE, 3),
    pick(STRATEGIC, 4),
    pick(CUSTOMIZATION, 5),
    pick(AVAILABILITY, 6),
    pick(FINANCING, 7),
    pick(CLARITY, 8),
    [0, 1, 2, 3, 5][(i * 2) % 5],
    i % 3 === 0 ? "Yes" : "No",
    i % 3 === 0 ? 40 + (i % 90) : "",
    46_100 + (i % 60),
    `Owner ${i % 9}`,
  ];
}

export function pipelineRows(n: number): Cell[][] {
  return Array.from({ length: n }, (_, i) => pipelineRow(i));
}

/** 2026-03-02: a fixed "today" so results do not depend on the day the tests run. */
export const AS_OF = 46_083;

// `npm run learn-eval`: learning from the real won/lost data sets in ../shared/real-data/ (never copied into the
// repository, never needed by `npm test`). Prints, per data set: rows, won/lost, the default model's AUC, the
// learned win probability's out-of-fold AUC, an unconstrained L2 logistic regression's out-of-fold AUC on the
// same fields and folds, and the Brier score; then the proposed minimum win probability and what it changes.
// Columns are mapped to fields with an explicit header → field mapping below (the table service's `mapping`
// option), because the vocabulary for these exports lands in a separate change; values are read through the
// product's own vocabulary (a value it does not know is missing).
import { existsSync } from "node:fs";
import path from "node:path";
import {
  defaultModel,
  describeProblem,
  todaySerial,
  type Cell,
  type FieldKey,
  type HeaderMapping,
} from "../src/model";
import { learnFromHistory } from "../src/model/learn";
import { minWinLines } from "../src/model/learn-words";
import { proposeMinWin } from "../src/model/min-win-proposal";
import { readHistory } from "../src/cli/learn";

const ROOT = path.join(__dirname, "..", "..", "shared", "real-data");

interface DataSet {
  name: string;
  file: string;
  outcome: string;
  mapping: Record<string, FieldKey>; // header → field
}

const SETS: DataSet[] = [
  {
    name: "IBM sales win/loss (10k sample)",
    file: "ibm_sales_win_loss/sales_win_loss_sample10k.csv",
    outcome: "Opportunity Result",
    mapping: {
      "Opportunity Amount USD": "dealValue",
      "Client Size By Revenue": "customerImportance",
      "Competitor Type": "competition",
    },
  },
  {
    name: "IBM sales win/loss (all 78k)",
    file: "ibm_sales_win_loss/WA_Fn-UseC_-Sales-Win-Loss.csv.zip",
    outcome: "Opportunity Result",
    mapping: {
      "Opportunity Amount USD": "dealValue",
      "Client Size By Revenue": "customerImportance",
      "Competitor Type": "competition",
    },
  },
  {
    name: "Salvirt B2B",
    file: "salvirt_b2b/b2b_sales_salvirt.csv",
    outcome: "Status",
    mapping: {
      Competitors: "competition",
      Budgt_alloc: "financing",
      RFP: "rfp",
      Scope: "requirementsClarity",
      Strat_deal: "strategicImportance",
      Att_t_client: "customerImportance",
    },
  },
  {
    name: "Contractor bid log (bid_data.csv)",
    file: "contractor_bidlog/bid_data.csv",
    outcome: "Bid Status",
    mapping: { "Base Bid": "dealValue" },
  },
  {
    name: "Salesforce export",
    file: "sfdc_cloudapps/preprocessed_opportunities.csv",
    outcome: "IsWon",
    mapping: { Amount: "dealValue" },
  },
  {
    name: "Maven CRM (fictitious; close_value leaks)",
    file: "maven_crm/sales_pipeline.csv",
    outcome: "deal_stage",
    mapping: { close_value: "dealValue" },
  },
];

function mappingOf(headers: Cell[], wanted: Record<string, FieldKey>): HeaderMapping {
  const columns: HeaderMapping["columns"] = {};
  const text = headers.map((h) => String(h ?? "").trim());
  for (const [header, field] of Object.entries(wanted)) {
    const i = text.indexOf(header);
    if (i < 0) throw new Error(`no column '${header}'`);
    columns[field] = i;
  }
  return { columns, unmatched: [], outputColumns: {} };
}

const f2 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(3);

function main(): void {
  if (!existsSync(ROOT)) {
    console.log(`learn-eval: ${ROOT} is not here; nothing to measure (it is never needed by npm test).`);
    return;
  }
  const asOf = todaySerial(new Date());
  const notes: string[] = [];
  const table: string[][] = [
    [
      "data set",
      "rows",
      "won/lost",
      "open",
      "fields used",
      "AUC default",
      "AUC learned",
      "AUC unconstr. L2",
      "Brier",
      "learned − L2",
      "s",
    ],
  ];
  for (const set of SETS) {
    if (!existsSync(path.join(ROOT, set.file))) {
      table.push([set.name, "missing"]);
      continue;
    }
    const csv = readHistory(path.join(ROOT, set.file)); // as `qualify learn` reads it, a .zip's CSV too
    const mapping = mappingOf(csv.headers, set.mapping);
    const t0 = performance.now();
    const r = learnFromHistory(csv.headers, csv.rows, {
      model: defaultModel,
      asOf,
      mapping,
      outcome: set.outcome,
    });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    if (!r.ok) {
      table.push([set.name, String(csv.rows.length), "", "", "refused (below)"]);
      notes.push(`${set.name}: refused: ${r.problems.map(describeProblem).join("; ")}`);
      continue;
    }
    const x = r.report;
    // The proposed minimum win probability to qualify, and what it would change (min-win-proposal.ts).
    const proposal = proposeMinWin(csv.headers, csv.rows, r.model, { asOf, mapping, outcome: set.outcome });
    if (proposal.ok) notes.push(`${set.name}: ${minWinLines(proposal.proposal).join(". ")}.`);
    for (const w of x.warnings) console.log(`  ${set.name}: warning: ${describeProblem(w)}`);
    table.push([
      set.name,
      String(x.rows),
      `${x.won}/${x.lost}`,
      String(x.open),
      x.fields
        .filter((f) => f.used)
        .map((f) => f.field)
        .join(" "),
      f2(x.currentAuc),
      f2(x.auc),
      f2(x.unconstrainedAuc),
      f2(x.brier),
      (x.auc - x.unconstrainedAuc >= 0 ? "+" : "") + (x.auc - x.unconstrainedAuc).toFixed(3),
      s,
    ]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length)));
  for (const row of table)
    console.log(
      row
        .map((cell, c) => (cell ?? "").padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    );
  for (const note of notes) console.log(note);
}

main();

// `npm run real-data`: the CLI's scoring path over the real CRM exports and bid logs in ../shared/real-data/ (see
// its README), exactly as exported (no column renamed), and a table of what it made of each: rows, the columns it
// recognised, the verdicts, and the values it did not recognise. The folder is not part of the project: without it
// this says so and exits 0. Nothing is written: the scored file stays in memory.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { nodeCodec } from "../src/cli/codec";
import { notesText } from "../src/cli/report";
import { scoreCsv, scoreWorkbook, type Scored } from "../src/cli/score";
import { defaultModel, fieldLabel, partsToSerial } from "../src/model";

const ROOT = path.resolve(__dirname, "../../shared/real-data");
const SETS: [name: string, file: string][] = [
  ["bid log 2019 (xlsx)", "contractor_bidlog/2019 Bid Log.xlsx"],
  ["bid log 2020 (xlsx)", "contractor_bidlog/2020 Bid Log.xlsx"],
  ["bid_data.csv", "contractor_bidlog/bid_data.csv"],
  ["IBM 10k sample", "ibm_sales_win_loss/sales_win_loss_sample10k.csv"],
  ["Salvirt (;)", "salvirt_b2b/b2b_sales_salvirt.csv"],
  ["Salesforce export", "sfdc_cloudapps/preprocessed_opportunities.csv"],
  ["Maven sales_pipeline", "maven_crm/sales_pipeline.csv"],
];
// A fixed day, so the figures can be compared from one run to the next.
const AS_OF = partsToSerial(2026, 12, 1)!;

function main(): number {
  if (!existsSync(ROOT)) {
    console.log(`No real data at ${ROOT}: nothing to run (see the project's notes on ../shared/real-data/).`);
    return 0;
  }
  const opts = { model: defaultModel, asOf: AS_OF, codec: nodeCodec };
  for (const [name, file] of SETS) {
    const full = path.join(ROOT, file);
    console.log(`\n== ${name}: ${file}`);
    if (!existsSync(full)) {
      console.log("   (not there)");
      continue;
    }
    let scored: Scored;
    try {
      scored = file.endsWith(".csv")
        ? scoreCsv(readFileSync(full, "utf8"), opts)
        : scoreWorkbook(new Uint8Array(readFileSync(full)), opts);
    } catch (e) {
      console.log(`   fails: ${(e as Error).message}`);
      continue;
    }
    const s = scored.summary;
    const closed = s.closed.won + s.closed.lost + s.closed.other;
    console.log(
      `   rows ${s.count + closed}: ${s.count} open, ${closed} closed (${s.closed.won} won, ${s.closed.lost} lost)`,
    );
    console.log(`   confidence ${s.confidence}% on average (open rows); pipeline ${s.valueText}`);
    console.log(
      `   recognised ${scored.recognised.length}: ${scored.recognised.map((r) => `${r.header.trim()} → ${fieldLabel(r.field)}`).join("; ")}`,
    );
    console.log(`   verdicts (open rows): ${s.totals.map((t) => `${t.verdict} ${t.count}`).join(", ")}`);
    const notes = notesText(scored.notes, 12);
    if (notes) console.log(notes.replace(/^/gm, "   "));
  }
  return 0;
}

process.exitCode = main();

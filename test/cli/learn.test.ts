// `qualify learn` end to end: a history file in, a learned model and its evidence out, which `qualify score
// --model` then uses; a history too short is refused with the counts, in one line, exit code 2.
import { expect } from "chai";
import { zipSync } from "fflate";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { defaultModel, loadModel, qualifyTable, type Cell } from "../../src/model";
import { writeCsv } from "../../src/files/csv";
import { newWorkbook } from "../../src/files/xlsx";
import { syntheticHistory } from "../model/synthetic-history";
import { AS_OF, GOOD } from "../model/helpers";
import { fieldLabel, type FieldKey } from "../../src/model";

const ROOT = path.join(__dirname, "..", "..");
const json = (file: string) => JSON.parse(readFileSync(file, "utf8"));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "qualify.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
  });
}

describe("qualify learn", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "qualify-learn-"));
  const history = syntheticHistory(800, 21);

  it("learns from a CSV history, prints the evidence in plain words, and writes a model score can use", async () => {
    const file = path.join(dir, "history.csv");
    writeFileSync(file, writeCsv(history.headers, history.rows));
    const out = path.join(dir, "learned.json");
    const report = path.join(dir, "report.xlsx");
    const r = cli("learn", file, "--out", out, "--report", report, "--seed", "3", "--as-of", "2026-11-28");
    expect(r.stderr).to.equal("");
    expect(r.status).to.equal(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).to.equal(`${file} (CSV):`);
    const open = history.rows.filter((row) => row[5] === "Open").length;
    const won = history.rows.filter((row) => row[5] === "Won").length;
    expect(lines[1]).to.equal(
      `  Learned from ${800 - open} closed deals (${won} won, ${800 - open - won} lost), outcome column 'Status'; ${open} rows still open or without an outcome were left out.`,
    );
    expect(lines[2]).to.match(
      /^ {2}Of the deals you won, \d+ % would have been Qualified by the current model; of those you lost, \d+ %\.$/,
    );
    expect(lines[3]).to.match(
      /^ {2}Win rate by the current model's verdict: Qualified (\d+ %|—) of \d+, Conditional (\d+ %|—) of \d+, Needs information (\d+ %|—) of \d+, Not qualified (\d+ %|—) of \d+\.$/,
    );
    expect(lines[4]).to.match(
      /^ {2}Out of fold \(5 folds, seed 3\), the learned win probability ranks a won deal above a lost one \d+ % of the time \(AUC 0\.\d\d, Brier 0\.\d{3}\); the current score 0\.\d\d \(0\.50 is chance\)\.$/,
    );
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.winModel.validation.seed).to.equal(3);

    // The same history saved by Excel as "Unicode Text" (UTF-16 with its BOM, tab-separated) is read as
    // `qualify score` reads it: the same words, the same learned model.
    const utf16 = path.join(dir, "history-utf16.csv");
    const tabbed = writeCsv(history.headers, history.rows, { delimiter: "\t" });
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, "utf16le")]));
    const out16 = path.join(dir, "learned-utf16.json");
    const r16 = cli("learn", utf16, "--out", out16, "--seed", "3", "--as-of", "2026-11-28");
    expect(r16.status, r16.stderr).to.equal(0);
    const lines16 = r16.stdout.trim().split("\n");
    expect(lines16[0]).to.equal(`${utf16} (CSV, utf-16le):`);
    expect(lines16.slice(1, 8)).to.deep.equal(lines.slice(1, 8));
    expect(JSON.parse(readFileSync(out16, "utf8")).winModel).to.deep.equal(json.winModel);

    // And zipped, as data sets ship: the CSV inside is read, and the model lands beside the archive.
    writeFileSync(path.join(dir, "history.csv.zip"), zipSync({ "history.csv": readFileSync(file) }));
    const rz = cli("learn", path.join(dir, "history.csv.zip"), "--seed", "3", "--as-of", "2026-11-28");
    expect(rz.status, rz.stderr).to.equal(0);
    expect(rz.stdout.split("\n")[0]).to.equal(
      `${path.join(dir, "history.csv.zip")} (CSV, history.csv in the zip archive):`,
    );
    expect(JSON.parse(readFileSync(path.join(dir, "history.learned.json"), "utf8")).winModel).to.deep.equal(
      json.winModel,
    );
    expect(json.winModel.history.outcomeColumn).to.equal("Status");

    // The model loads as `score --model` loads it, and gives each open deal a win probability.
    const model = loadModel(json, defaultModel);
    const pipeline = {
      headers: history.headers.slice(0, 5),
      rows: history.rows.slice(0, 3).map((row) => row.slice(0, 5)),
    };
    const { results } = qualifyTable(pipeline, { model, asOf: AS_OF });
    for (const p of results.winProbability!) expect(p).to.be.within(0.01, 0.99);
    const pipelineFile = path.join(dir, "pipeline.csv");
    writeFileSync(pipelineFile, writeCsv(pipeline.headers, pipeline.rows));
    const scored = cli("score", pipelineFile, "--model", out, "--as-of", "2026-11-28");
    expect(scored.status, scored.stderr).to.equal(0);
    // The summary adds up the expected value; JSON Lines carry each deal's win probability and its words.
    expect(scored.stdout).to.match(/^Expected value \(learned win % × deal value − bid cost\): /m);
    const lines3 = cli("score", pipelineFile, "--model", out, "--as-of", "2026-11-28", "--json")
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { win: { probability: number; text: string } });
    expect(lines3.map((l) => l.win.probability)).to.deep.equal(Array.from(results.winProbability!));
    expect(lines3[0].win.text).to.match(/^Win \d+ %/);

    // The report workbook: its sheets, and the figures beside their names.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal([
      "Summary",
      "Fields",
      "Calibration",
      "ROC",
      "Verdicts",
    ]);
    const summary = wb.getWorksheet("Summary")!;
    const figures = new Map<string, unknown>();
    summary.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get("Won")).to.equal(won);
    expect(figures.get("AUC learned (out of fold)")).to.equal(json.winModel.validation.auc);
    const fields = wb.getWorksheet("Fields")!;
    expect(fields.getRow(1).values).to.deep.equal([
      undefined,
      "Field",
      "Level",
      "Deals",
      "Won",
      "Win rate",
      "Learned points (log-odds)",
      "Used",
      "AUC alone",
    ]);
    const secured = fields
      .getRows(2, fields.rowCount - 1)!
      .find((row) => row.getCell(1).value === "Financing" && row.getCell(2).value === "Secured")!;
    expect(secured.getCell(6).value).to.equal(json.winModel.fields.financing.levels.secured);
    expect(wb.getWorksheet("Calibration")!.rowCount).to.equal(11);
    // Native charts on the Calibration and ROC sheets.
    const parts = unzipSync(new Uint8Array(readFileSync(report)));
    expect(
      Object.keys(parts)
        .filter((p) => p.startsWith("xl/charts/"))
        .sort(),
    ).to.deep.equal(["xl/charts/chart1.xml", "xl/charts/chart2.xml"]);
    expect(strFromU8(parts["xl/charts/chart2.xml"])).to.include("<c:f>'ROC'!$A$2:$A$");
  });

  it("proposes a minimum win probability, shows what it changes, and sets it only when asked", async () => {
    // The history with every other field as GOOD's, so that the model qualifies some of the deals.
    const keys = (Object.keys(GOOD) as FieldKey[]).filter(
      (k) => !["name", "dealValue", "financing", "competition", "customization", "responseDue"].includes(k),
    );
    const headers = [...history.headers.slice(0, 5), ...keys.map(fieldLabel), "Status"];
    const rows = history.rows.map((r) => [...r.slice(0, 5), ...keys.map((k) => GOOD[k] ?? null), r[5]]);
    const file = path.join(dir, "full.csv");
    writeFileSync(file, writeCsv(headers, rows));
    const out = path.join(dir, "full.json");
    const plain = cli("learn", file, "--out", out, "--as-of", "2026-11-28");
    expect(plain.status, plain.stderr).to.equal(0);
    const lines = plain.stdout.trim().split("\n");
    const proposed = lines.find((l) => l.startsWith("  Proposed minimum"))!;
    const m =
      /^ {2}Proposed minimum win probability to qualify: (\d+) %; among the closed deals the model qualifies \((\d+) won, (\d+) lost\), it keeps (\d+) % of the won and (\d+) % of the lost, the best separation of any whole percentage\.$/.exec(
        proposed,
      );
    expect(m, proposed).to.not.equal(null);
    const min = Number(m![1]) / 100;
    expect(JSON.parse(readFileSync(out, "utf8")).winModel).to.not.have.property("minWinProbability");
    expect(lines.at(-2)).to.equal(
      `  Not set; to set it, run again with --min-win auto (or a value of your own, e.g. --min-win ${min}).`,
    );

    // Asked for: the model carries it, and scoring the history with that model moves the verdicts as printed.
    const auto = cli("learn", file, "--out", out, "--as-of", "2026-11-28", "--min-win", "auto");
    expect(auto.status, auto.stderr).to.equal(0);
    const learned = loadModel(JSON.parse(readFileSync(out, "utf8")), defaultModel);
    expect(learned.winModel!.minWinProbability).to.equal(min);
    const closed = rows.filter((r) => r.at(-1) === "Won" || r.at(-1) === "Lost");
    const table = { headers: headers.slice(0, -1), rows: closed.map((r) => r.slice(0, -1)) };
    const before = qualifyTable(table, {
      model: { ...learned, winModel: { ...learned.winModel!, minWinProbability: undefined } },
      asOf: AS_OF,
    }).results.verdict;
    const after = qualifyTable(table, { model: learned, asOf: AS_OF }).results.verdict;
    const count = (vs: typeof after, v: string) => vs.filter((x) => x === v).length;
    const leaving = (y: string) =>
      closed.filter((r, i) => before[i] === "Qualified" && after[i] !== "Qualified" && r.at(-1) === y).length;
    const n = (x: number) => x.toLocaleString("en-US");
    expect(auto.stdout).to.include(
      `  With a minimum of ${m![1]} %, of the ${n(closed.length)} closed deals: ` +
        `Qualified ${n(count(before, "Qualified"))} → ${n(count(after, "Qualified"))}, ` +
        `Conditional ${n(count(before, "Conditional"))} → ${n(count(after, "Conditional"))}; ` +
        `${leaving("Won")} won and ${leaving("Lost")} lost deals would no longer be Qualified.\n`,
    );
    expect(count(before, "Qualified")).to.be.above(count(after, "Qualified"));
    expect(Number(m![2]) + Number(m![3])).to.equal(count(before, "Qualified"));
    expect(auto.stdout).to.include(
      `  Set in the learned model: minimum win probability ${m![1]} % (winModel.minWinProbability ${min}).\n`,
    );

    // The report's Summary sheet shows it.
    const report = path.join(dir, "full.xlsx");
    expect(cli("learn", file, "--out", out, "--report", report, "--as-of", "2026-11-28").status).to.equal(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const figures = new Map<string, unknown>();
    wb.getWorksheet("Summary")!.eachRow((row) =>
      figures.set(String(row.getCell(1).value), row.getCell(2).value),
    );
    expect(figures.get("Proposed minimum win probability")).to.equal(min);
    expect(figures.get("Minimum win probability set in the model")).to.equal("not set");
    expect(figures.get("Won deals no longer Qualified")).to.equal(leaving("Won"));
    expect(figures.has(proposed.trim().replace(/\.$/, ""))).to.equal(true);

    // Learning again from a model that sets a minimum keeps it, unless --min-win says otherwise.
    const withMin = path.join(dir, "with-min.json");
    writeFileSync(
      withMin,
      JSON.stringify({ ...json(out), winModel: { ...json(out).winModel, minWinProbability: 0.3 } }),
    );
    const again = cli("learn", file, "--model", withMin, "--out", out, "--as-of", "2026-11-28");
    expect(again.status, again.stderr).to.equal(0);
    expect(json(out).winModel.minWinProbability).to.equal(0.3);
    expect(again.stdout).to.include("  With a minimum of 30 %, of the ");
    expect(again.stdout).to.include(
      "  Kept from the base model: minimum win probability 30 % (winModel.minWinProbability 0.3); --min-win auto sets the proposed one instead.\n",
    );

    const bad = cli("learn", file, "--min-win", "lots");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.equal(
      "qualify: --min-win: expected auto, a share from 0 to 1 (0.3) or a percentage (30%) as the minimum win probability, received 'lots'\n",
    );
  });

  it("reads a sheet of a workbook", () => {
    const file = path.join(dir, "history.xlsx");
    writeFileSync(
      file,
      newWorkbook([
        { name: "Notes", rows: [["just notes", "here"]] },
        { name: "History", rows: [history.headers, ...history.rows] },
      ]),
    );
    const r = cli("learn", file, "--sheet", "History", "--out", path.join(dir, "x.json"));
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.split("\n")[0]).to.equal(`${file} (sheet 'History'):`);
  });

  it("refuses a short history with the counts it found, in one line", () => {
    const rows: Cell[][] = [];
    for (let i = 0; i < 84; i++)
      rows.push([`D${i}`, 1000 * (i + 1), i % 2 ? "Secured" : "Unsecured", i < 23 ? "Won" : "Lost"]);
    const file = path.join(dir, "short.csv");
    writeFileSync(file, writeCsv(["Opportunity", "Deal Value", "Financing", "Outcome"], rows));
    const r = cli("learn", file);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal(`qualify: ${file}: Found 23 won and 61 lost; at least 40 of each are needed\n`);
    const seed = cli("learn", file, "--seed", "x");
    expect(seed.stderr).to.equal(
      "qualify: --seed: expected a whole number from 0 as the seed, received 'x'\n",
    );
  });
});

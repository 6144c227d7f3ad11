// The vocabulary as data: vendors' standard exports mapped as their documentation names the columns and values
// (tables written here, not copied from anyone's data), headers decided by their values, ambiguity reported, and
// a user's model adding words without code.
import { expect } from "chai";
import {
  applySettings,
  defaultModel,
  loadModel,
  matchHeaders,
  parseCell,
  parseModel,
  qualifyTable,
  tableQualifier,
  unrecognisedProblems,
  describeProblem,
  type Cell,
  type FieldKey,
} from "../../src/model";
import {
  Block,
  crmViewAt,
  fillAbsent,
  readRows,
  READ_VALUE,
  STAGE_CLOSED,
  STAGE_LOST,
  STAGE_OPEN,
  STAGE_WON,
} from "../../src/model/block";
import { FIELDS } from "../../src/model/fields";
import { planFor } from "../../src/model/plan";

/** Field → column header, as a mapping reads. */
function mapped(headers: string[], rows: Cell[][], model = defaultModel): Record<string, string> {
  const m = matchHeaders(headers, { model, sample: rows });
  return Object.fromEntries(Object.entries(m.columns).map(([field, col]) => [field, headers[col!]]));
}

/** Each row as the CRM sees it (block.ts crmViewAt), read through the model's plan. */
function crmViews(headers: string[], rows: Cell[][]) {
  const plan = planFor(defaultModel);
  const mapping = matchHeaders(headers, { sample: rows });
  const cols = {
    columns: Int32Array.from(FIELDS, (f) => mapping.columns[f.key] ?? -1),
    read: new Uint8Array(FIELDS.length).fill(READ_VALUE),
  };
  const block = new Block(plan.knockOuts.length);
  fillAbsent(plan, block, cols);
  readRows(plan, block, rows, 0, rows.length, cols, 46000);
  return rows.map((_, r) => crmViewAt(plan, block, r));
}

/** Each row's stage (block.ts STAGE_*). */
const stages = (headers: string[], rows: Cell[][]) => crmViews(headers, rows).map((v) => v.stage);

const levels = (field: FieldKey, values: Cell[]) =>
  values.map((v) => {
    const p = parseCell(field, v);
    return p.status === "ok" ? p.value : p.status;
  });

describe("vocabulary: vendors' exports", () => {
  it("Salesforce report labels (Opportunity Name, Account Name, Stage, Probability (%), Type …)", () => {
    const headers = [
      "Opportunity Name",
      "Account Name",
      "Amount",
      "Close Date",
      "Stage",
      "Probability (%)",
      "Type",
      "Forecast Category",
      "Opportunity Owner",
    ];
    const rows: Cell[][] = [
      [
        "Fleet renewal",
        "Acme",
        "125,000.00",
        "2027-03-31",
        "Proposal/Price Quote",
        "75",
        "Existing Customer - Upgrade",
        "Best Case",
        "Ann",
      ],
      ["New site", "Globex", "40,000.00", "2027-01-15", "Closed Lost", "0", "New Customer", "Omitted", "Bob"],
    ];
    expect(mapped(headers, rows)).to.deep.equal({
      name: "Opportunity Name",
      customer: "Account Name",
      dealValue: "Amount",
      responseDue: "Close Date",
      stage: "Stage",
      probability: "Probability (%)",
      relationship: "Type",
      forecastCategory: "Forecast Category",
    });
    expect(
      levels("relationship", [
        "Existing Customer - Upgrade",
        "Existing Customer - Replacement",
        "Existing Customer - Downgrade",
        "New Customer",
      ]),
    ).to.deep.equal(["current", "current", "current", "new"]);
    expect(
      levels("forecastCategory", ["Pipeline", "Best Case", "Commit", "Closed", "Omitted"]),
    ).to.deep.equal(["pipeline", "bestCase", "commit", "closed", "omitted"]);
    expect(levels("probability", ["75", 75, "10%"])).to.deep.equal([0.75, 0.75, 0.1]);
    expect(stages(headers, rows)).to.deep.equal([STAGE_OPEN, STAGE_LOST]);
    // The CRM's own estimate is carried beside ours, and scores nothing.
    expect(crmViews(headers, rows)).to.deep.equal([
      { stage: STAGE_OPEN, probability: 0.75, forecast: "bestCase" },
      { stage: STAGE_LOST, probability: 0, forecast: "omitted" },
    ]);
    const carried = new Set(["Stage", "Probability (%)", "Forecast Category"]);
    const keep = headers.map((h, i) => (carried.has(h) ? -1 : i)).filter((i) => i >= 0);
    const without = qualifyTable(
      { headers: keep.map((i) => headers[i]), rows: rows.map((r) => keep.map((i) => r[i])) },
      { model: defaultModel, asOf: 46000 },
    ).results;
    const withIt = qualifyTable({ headers, rows }, { model: defaultModel, asOf: 46000 }).results;
    // An open deal scores the same with them; a closed one only loses its time pressure (its close date is history).
    expect(withIt.score[0]).to.equal(without.score[0]);
    expect(withIt.risk[0]).to.equal(without.risk[0]);
    expect(withIt.closed).to.deep.equal([null, "Closed lost"]);
    expect(withIt.rationale).to.equal(null);
  });

  it("Salesforce API names (Name, AccountId, StageName, IsClosed, IsWon, ForecastCategory …)", () => {
    const headers = [
      "Id",
      "Name",
      "AccountId",
      "Amount",
      "CloseDate",
      "StageName",
      "Probability",
      "Type",
      "IsClosed",
      "IsWon",
      "ForecastCategory",
      "CurrencyIsoCode",
    ];
    const rows: Cell[][] = [
      [
        "006A",
        "Fleet",
        "001A",
        125000,
        "2027-03-31",
        "Negotiation/Review",
        90,
        "Existing Customer - Replacement",
        false,
        false,
        "Forecast",
        "USD",
      ],
      [
        "006B",
        "Site",
        "001B",
        40000,
        "2026-10-15",
        "Closed Won",
        100,
        "New Customer",
        true,
        true,
        "Closed",
        "USD",
      ],
      [
        "006C",
        "Pilot",
        "001C",
        9000,
        "2026-09-01",
        "Closed Lost",
        0,
        "New Customer",
        true,
        false,
        "Omitted",
        "USD",
      ],
    ];
    expect(mapped(headers, rows)).to.deep.equal({
      id: "Id",
      name: "Name",
      customer: "AccountId",
      dealValue: "Amount",
      responseDue: "CloseDate",
      stage: "StageName",
      probability: "Probability",
      relationship: "Type",
      closed: "IsClosed",
      won: "IsWon",
      forecastCategory: "ForecastCategory",
    });
    expect(stages(headers, rows)).to.deep.equal([STAGE_OPEN, STAGE_WON, STAGE_LOST]);
    // Without a stage column the flags decide: won; closed and not won is lost; closed alone is closed; a
    // "not won" flag alone says nothing (open deals are not won either).
    expect(
      stages(
        ["IsClosed", "IsWon"],
        [
          [1, 1],
          [1, 0],
          [0, 0],
          [null, 0],
        ],
      ),
    ).to.deep.equal([STAGE_WON, STAGE_LOST, STAGE_OPEN, STAGE_OPEN]);
    expect(stages(["IsClosed"], [[true]])).to.deep.equal([STAGE_CLOSED]);
    expect(
      levels("stage", [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Value Proposition",
        "Id. Decision Makers",
        "Perception Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
      ]),
    ).to.deep.equal([...Array(8).fill("open"), "won", "lost"]);
  });

  it("HubSpot deals (Deal Name, Deal Stage, Deal probability) with stage labels or internal values", () => {
    const headers = [
      "Record ID",
      "Deal Name",
      "Amount",
      "Close Date",
      "Deal Stage",
      "Deal probability",
      "Pipeline",
      "Deal owner",
    ];
    const rows: Cell[][] = [
      ["101", "Fleet", "125000", "2027-03-31", "appointmentscheduled", "0.2", "Sales Pipeline", "Ann"],
      ["102", "Site", "40000", "2026-10-15", "Closed Won", "1", "Sales Pipeline", "Bob"],
    ];
    expect(mapped(headers, rows)).to.deep.equal({
      id: "Record ID",
      name: "Deal Name",
      dealValue: "Amount",
      responseDue: "Close Date",
      stage: "Deal Stage",
      probability: "Deal probability",
    });
    expect(
      levels("stage", [
        "Appointment Scheduled",
        "Qualified To Buy",
        "Presentation Scheduled",
        "Decision Maker Bought-In",
        "Contract Sent",
        "Closed Won",
        "Closed Lost",
        "qualifiedtobuy",
        "contractsent",
        "closedwon",
        "closedlost",
      ]),
    ).to.deep.equal(["open", "open", "open", "open", "open", "won", "lost", "open", "open", "won", "lost"]);
    expect(stages(headers, rows)).to.deep.equal([STAGE_OPEN, STAGE_WON]);
  });

  it("Dynamics 365 opportunities (Topic, Potential Customer, Est. Revenue, Budget, Purchase Process, Rating, Status)", () => {
    const headers = [
      "Topic",
      "Potential Customer",
      "Est. Revenue",
      "Est. Close Date",
      "Probability",
      "Budget",
      "Budget Amount",
      "Purchase Timeframe",
      "Purchase Process",
      "Rating",
      "Status",
    ];
    const rows: Cell[][] = [
      [
        "Fleet",
        "Acme",
        "$125,000.00",
        "3/31/2027",
        "70",
        "Can Buy",
        "$150,000.00",
        "This Quarter",
        "Committee",
        "Hot",
        "Open",
      ],
      [
        "Site",
        "Globex",
        "$40,000.00",
        "1/15/2027",
        "20",
        "No Committed Budget",
        "",
        "Unknown",
        "Individual",
        "Cold",
        "Lost",
      ],
    ];
    expect(mapped(headers, rows)).to.deep.equal({
      name: "Topic",
      customer: "Potential Customer",
      dealValue: "Est. Revenue",
      responseDue: "Est. Close Date",
      probability: "Probability",
      financing: "Budget",
      interactions: "Purchase Process",
      forecastCategory: "Rating",
      stage: "Status",
    });
    expect(levels("financing", ["No Committed Budget", "May Buy", "Can Buy", "Will Buy"])).to.deep.equal([
      "unsecured",
      "partial",
      "secured",
      "secured",
    ]);
    expect(levels("interactions", ["Individual", "Committee", "Unknown"])).to.deep.equal([2, 6, "missing"]);
    expect(levels("forecastCategory", ["Hot", "Warm", "Cold"])).to.deep.equal([
      "commit",
      "bestCase",
      "pipeline",
    ]);
    expect(
      levels("stage", ["Open", "Won", "Lost", "In Progress", "On Hold", "Canceled", "Out-Sold"]),
    ).to.deep.equal(["open", "won", "lost", "open", "open", "lost", "lost"]);
    // Status and Status Reason both say where the deal stands: both name Stage, and the mapping says so.
    const both = matchHeaders(["Topic", "Status", "Status Reason"], {
      sample: [["x", "Open", "In Progress"]],
    });
    expect(both.columns.stage).to.equal(1);
    expect(both.problems!.map(describeProblem)).to.deep.equal([
      "'Status', 'Status Reason' both name Stage: 'Status' is read; choose the column in the mapping",
    ]);
  });

  it("bid logs (Project Name, Client, Base Bid, Bid Date, Bid Status, Bid Type)", () => {
    const headers = ["Est. #", "Project Name", "Client", "Base Bid", "Bid Date", "Bid Status", "Bid Type"];
    const rows: Cell[][] = [
      ["19-001", "Clinic TI", "Mercy Health", "$94,900", "1/11/2019", "Awarded", " Negotiated "],
      ["19-002", "Parking lot", "City of Irvine", "646,805", "2/20/2019", "Lost", "Public Works"],
      ["19-003", "Lab", "UCI", "12,000", "3/05/2019", "Pending", "Select Bid List"],
      ["19-004", "Office", "Acme", "8,000", "3/07/2019", "Not Bid", "Competitive"],
    ];
    expect(mapped(headers, rows)).to.deep.equal({
      id: "Est. #",
      name: "Project Name",
      customer: "Client", // names, not Current/New/Past
      dealValue: "Base Bid",
      responseDue: "Bid Date",
      stage: "Bid Status",
      competition: "Bid Type",
    });
    expect(stages(headers, rows)).to.deep.equal([STAGE_WON, STAGE_LOST, STAGE_OPEN, STAGE_LOST]);
    expect(
      levels("competition", ["Negotiated", "Select Bid List", "Competitive", "Public Works"]),
    ).to.deep.equal([0, 2, 4, 6]);
    expect(mapped(["Owner"], [["City of Irvine"]])).to.deep.equal({ customer: "Owner" });
  });

  it("win/loss extracts: IBM's revenue band as the relationship, Salvirt's categorical columns", () => {
    expect(
      mapped(
        [
          "Opportunity Number",
          "Opportunity Result",
          "Opportunity Amount USD",
          "Client Size By Revenue",
          "Revenue From Client Past Two Years",
          "Competitor Type",
        ],
        [
          ["7253940", "Loss", "15000", "1", "4", "Unknown"],
          ["9710536", "Won", "113", "1", "0", "None"],
        ],
      ),
    ).to.deep.equal({
      id: "Opportunity Number",
      stage: "Opportunity Result",
      dealValue: "Opportunity Amount USD",
      customerImportance: "Client Size By Revenue",
      relationship: "Revenue From Client Past Two Years",
      competition: "Competitor Type",
    });
    // The 0–4 band of revenue from the client: 0 is a new customer, any revenue an existing one.
    expect(levels("relationship", [0, 1, 4, "0", "3"])).to.deep.equal([
      "new",
      "current",
      "current",
      "new",
      "current",
    ]);
    expect(levels("competition", ["Known", "None", "Unknown", "Yes", "No"])).to.deep.equal([
      2,
      0,
      "missing",
      2,
      0,
    ]);
    const salvirt = ["Competitors", "Budgt_alloc", "Client", "Scope", "Strat_deal", "Att_t_client", "Status"];
    expect(
      mapped(salvirt, [
        ["Yes", "Unknown", "Current", "Few questions", "Very important", "Strategic account", "Won"],
        ["No", "No", "New", "Clear", "Unimportant", "First deal", "Lost"],
      ]),
    ).to.deep.equal({
      competition: "Competitors",
      financing: "Budgt_alloc",
      relationship: "Client",
      requirementsClarity: "Scope",
      strategicImportance: "Strat_deal",
      customerImportance: "Att_t_client",
      stage: "Status",
    });
    expect(
      levels("customerImportance", ["Strategic account", "Normal", "First deal", "Bad client"]),
    ).to.deep.equal([5, 2, 1, 1]);
    expect(
      levels("strategicImportance", ["Very important", "Average important", "Unimportant"]),
    ).to.deep.equal([5, 3, 1]);
  });
});

describe("vocabulary: headers decided by their values", () => {
  it("reads a Client column of Current/New/Past as the relationship, of names as the customer", () => {
    expect(mapped(["Client"], [["Current"], ["New"], ["Past"]])).to.deep.equal({ relationship: "Client" });
    expect(mapped(["Client"], [["Acme"], ["Globex"]])).to.deep.equal({ customer: "Client" });
    // Nothing to decide by: the field the vocabulary lists first.
    expect(mapped(["Client"], [])).to.deep.equal({ customer: "Client" });
  });

  it("reports a column that fits two fields, two columns for one field, and a column that fits none", () => {
    const model = loadModel(
      { vocabulary: { headers: { customerImportance: ["Level"], strategicImportance: ["Level"] } } },
      defaultModel,
    );
    const two = matchHeaders(["Level"], { model, sample: [["3"], ["4"]] });
    expect(two.columns).to.deep.equal({ customerImportance: 0 });
    expect(two.problems!.map(describeProblem)).to.deep.equal([
      "'Level' fits Customer Importance and Strategic Importance: it is read as Customer Importance; choose in the mapping",
    ]);
    const same = matchHeaders(["Scope", "Needs_def"], { sample: [["Clear", "Yes"]] });
    expect(same.columns).to.deep.equal({ requirementsClarity: 0 });
    expect(same.unmatched).to.deep.equal(["Needs_def"]);
    expect(same.problems!.map((p) => p.code)).to.deep.equal(["mapping.sameField"]);
    const none = matchHeaders(["Budget", "Amount"], {
      sample: [
        [1200, 5],
        [800, 6],
        [5000, 7],
      ],
    });
    expect(none.columns).to.deep.equal({ dealValue: 1 });
    expect(none.unmatched).to.deep.equal(["Budget"]);
    expect(none.problems!.map(describeProblem)).to.deep.equal([
      "'Budget' is not read as Financing: its values ('1200', '800', '5000') are not Financing values",
    ]);
    // Words the field does not know keep the column: they are its values, reported for the user to map.
    const words = matchHeaders(["Budget"], { sample: [["Board OK"], ["Later"], ["Board OK"]] });
    expect(words.columns).to.deep.equal({ financing: 0 });
    expect(words.problems).to.equal(undefined);
    // A clean table has no problems at all.
    expect(matchHeaders(["Deal Value", "Financing"], { sample: [[5, "Secured"]] }).problems).to.equal(
      undefined,
    );
  });
});

describe("vocabulary: a user's model adds words", () => {
  const mine = loadModel(
    {
      vocabulary: {
        headers: { financing: ["Geldstatus"] },
        levels: { financing: { secured: ["Gesichert"] } },
        words: { customerImportance: { Platinum: 5 } },
        units: { days: { tage: 1 } },
      },
    },
    defaultModel,
  );

  it("reads its headers and words, and still every default one", () => {
    expect(mapped(["Geldstatus", "Budget"], [["Gesichert", "Can Buy"]], mine)).to.deep.equal({
      financing: "Geldstatus",
    });
    expect(mine.vocabulary.levels.financing!.secured).to.include.members([
      "approved",
      "can buy",
      "Gesichert",
    ]);
    const table = {
      headers: ["Opportunity", "Financing", "Customer Importance", "Development Size"],
      rows: [
        ["A", "Gesichert", "Platinum", "10 Tage"],
        ["A", "Secured", "5", "10 pd"],
      ] as Cell[][],
    };
    const r = qualifyTable(table, { model: mine, asOf: 46000 }).results;
    expect(r.score[0]).to.equal(r.score[1]);
    // The default model does not know them: they are reported per column, with their rows.
    const q = tableQualifier(table.headers, { model: defaultModel, asOf: 46000 });
    q.rows([...table.rows, ["B", "Gesichert", "Platinum", "3 Tage"]]);
    expect(unrecognisedProblems(q.unrecognised()).map(describeProblem)).to.deep.equal([
      "Financing: 'Gesichert' (2 rows) not recognised as Financing; map them in the model's vocabulary",
      "Customer Importance: 'Platinum' (2 rows) not recognised as Customer Importance; map them in the model's vocabulary",
      "Development Size: '10 Tage' (1 row), '3 Tage' (1) not recognised as Development Size (pd); map them in the model's vocabulary",
    ]);
  });

  it("reads its words for 'no value' as missing, not as values it does not recognise", () => {
    const german = loadModel({ vocabulary: { missing: ["k.A."] } }, defaultModel);
    const table = { headers: ["Opportunity", "Financing"], rows: [["A", "k.A."]] as Cell[][] };
    const mine = qualifyTable(table, { model: german, asOf: 46000, detail: "assessments" }).results;
    expect(mine.assessments![0]!.missing).to.include("financing");
    expect(mine.assessments![0]!.unrecognised).to.deep.equal([]);
    const shipped = qualifyTable(table, { model: defaultModel, asOf: 46000, detail: "assessments" }).results;
    expect(shipped.assessments![0]!.unrecognised).to.deep.equal([{ field: "financing", raw: "k.A." }]);
    expect(german.vocabulary.missing).to.include.members(["tbd", "n/a", "k.A."]);
  });

  it("takes words from the Qualification Model sheet, typed as a list", () => {
    const m = applySettings(defaultModel, [
      ["Setting", "Value"],
      ["vocabulary.levels.financing.secured", "Gesichert; Bewilligt"],
      ["vocabulary.words.customerImportance.platinum", 5],
      ["vocabulary.headers.relationship", '["Kundenstatus"]'],
    ]);
    expect(parseCell("financing", "Bewilligt").status).to.equal("unrecognised"); // the shipped words alone
    expect(m.vocabulary.levels.financing!.secured!.slice(-2)).to.deep.equal(["Gesichert", "Bewilligt"]);
    expect(m.vocabulary.words.customerImportance!.platinum).to.equal(5);
    expect(mapped(["Kundenstatus", "Client"], [["Current", "Acme"]], m)).to.deep.equal({
      relationship: "Kundenstatus",
      customer: "Client",
    });
  });

  it("refuses a word given two meanings, a level that does not exist, and a word off its field's axis", () => {
    const r = parseModel(
      {
        vocabulary: {
          levels: { financing: { partial: ["approved"], maybe: ["perhaps"] } },
          words: { customerImportance: { galactic: 9 } },
        },
      },
      defaultModel,
    );
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.path!.join(".")])).to.deep.equal([
      ["model.wordTwoLevels", "vocabulary.levels.financing.partial.6"],
      ["model.knockoutNotLevel", "vocabulary.levels.financing.maybe"],
      ["model.wordRange", "vocabulary.words.customerImportance.galactic"],
    ]);
  });
});

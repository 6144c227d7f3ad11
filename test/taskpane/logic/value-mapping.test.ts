// What a user says an unrecognised value means, in the pane: offered per mapped column with its row counts,
// remembered in the workbook, and read by the next preview, run and session.
import { expect } from "chai";
import { defaultModel, loadModel, qualifyTable, type Cell } from "../../../src/model";
import { PaneController } from "../../../src/taskpane/logic/controller";
import { chooseValue, modelWithValues, valueChoices } from "../../../src/taskpane/logic/value-mapping";
import { FileWorkbook } from "../../../src/workbench/file-workbook";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../support/pipeline";
import { openXlsx, pipelineXlsx } from "../support/xlsx";

const settle = () => new Promise((r) => setTimeout(r, 0));
const RELATION = ["Long-standing", "Current", "Lapsed"];
const relation = (i: number) => RELATION[i % 3];

async function started(rows: number) {
  const bytes = await pipelineXlsx(rows, true, [{ header: "Account Relationship", value: relation }]);
  const workbook = FileWorkbook.open("pipeline.xlsx", bytes);
  const pane = new PaneController(workbook, () => AS_OF);
  await pane.start();
  await settle();
  return { workbook, pane };
}

/** The engine's verdicts for the pipeline with the relationship column written as `words` say. */
function verdicts(rows: number, words: (i: number) => Cell) {
  const table = {
    headers: [...PIPELINE_HEADERS, "Account Relationship"],
    rows: pipelineRows(rows).map((r, i) => [...r, r.every((c) => c === "") ? "" : words(i)]),
  };
  return qualifyTable(table, { model: defaultModel, asOf: AS_OF, detail: "rationale" }).results;
}

describe("taskpane/logic/value-mapping", () => {
  it("lists a mapped column's unrecognised values with their rows, and offers the field's levels", async () => {
    const { pane } = await started(12);
    const column = pane.state.unrecognised.find((c) => c.field === "relationship")!;
    expect(column.header).to.equal("Account Relationship");
    // Rows 0, 3, 6 and 9 of the 12 say "Long-standing"; "Current" and "Lapsed" are in the vocabulary.
    expect(column.values).to.deep.equal([{ value: "Long-standing", rows: 4 }]);
    expect(valueChoices(defaultModel, "relationship").map((c) => c.value)).to.deep.equal([
      "current",
      "past",
      "new",
    ]);
    expect(valueChoices(defaultModel, "customerImportance").map((c) => c.value)).to.deep.equal([
      "1",
      "2",
      "4",
      "5",
    ]);
  });

  it("remembers a value's meaning in the workbook; the next session's run reads it", async () => {
    const { workbook, pane } = await started(12);
    await pane.setValueMeaning("relationship", "Long-standing", "current");
    expect(pane.state.unrecognised.filter((c) => c.field === "relationship")).to.deep.equal([]);
    // Stored beside the column mapping, in the hidden sheet, as Table | value:field | value | meaning.
    const hidden = (await openXlsx(workbook.bytes())).getWorksheet("_OppQualifier")!;
    const stored = hidden.getRow(2).values as unknown[];
    expect(stored.slice(1)).to.deep.equal(["Deals", "value:relationship", "Long-standing", "current"]);

    const reopened = FileWorkbook.open("pipeline.xlsx", workbook.bytes());
    const next = new PaneController(reopened, () => AS_OF);
    await next.start();
    await settle();
    expect(next.state.values).to.deep.equal({ relationship: { "Long-standing": "current" } });
    expect(next.state.unrecognised.filter((c) => c.field === "relationship")).to.deep.equal([]);
    await next.qualify();
    // Scored as if the column had said "Current" where it says "Long-standing"; not as the unmapped word.
    const same = verdicts(12, (i) => (relation(i) === "Long-standing" ? "Current" : relation(i)));
    const unmapped = verdicts(12, relation);
    const sheet = (await openXlsx(reopened.bytes())).getWorksheet("Pipeline")!;
    const width = PIPELINE_HEADERS.length + 1;
    const scores = Array.from({ length: 12 }, (_, i) => sheet.getCell(i + 2, width + 2).value ?? null);
    const expected = Array.from(same.score, (x) => (Number.isNaN(x) ? null : x));
    expect(scores).to.deep.equal(expected);
    expect(scores).not.to.deep.equal(Array.from(unmapped.score, (x) => (Number.isNaN(x) ? null : x)));
    const rationale = Array.from({ length: 12 }, (_, i) => String(sheet.getCell(i + 2, width + 6).value));
    expect(rationale.join("\n")).not.to.contain("Long-standing");

    // Forgetting it brings the value back to be mapped.
    await next.setValueMeaning("relationship", "Long-standing", null);
    expect(next.state.values).to.deep.equal({});
  });

  it("keeps the meanings a model can take when one clashes with its vocabulary", () => {
    // "Lapsed" already means past: saying it means current is refused; "Long-standing" still applies.
    const values = chooseValue(
      chooseValue({}, "relationship", "Lapsed", "current"),
      "relationship",
      "Long-standing",
      "current",
    );
    const { model, problems } = modelWithValues(defaultModel, values);
    expect(problems.map((p) => p.code)).to.deep.equal(["model.wordTwoLevels"]);
    expect(model.vocabulary.levels.relationship!.current).to.include("Long-standing");
    expect(model.vocabulary.levels.relationship!.current).not.to.include("Lapsed");
    // A numeric field's words take numbers.
    const scale = modelWithValues(defaultModel, { customerImportance: { Platinum: "5" } }).model;
    expect(scale.vocabulary.words.customerImportance!.Platinum).to.equal(5);
    expect(loadModel({}, scale).vocabulary.words.customerImportance!.Platinum).to.equal(5);
  });
});

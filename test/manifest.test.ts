// manifest.xml, checked offline on every `npm test` by the same structural check `npm run validate` falls back
// to: the manifest passes, and each mistake that would stop Office loading the add-in is caught with a message.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkManifest } from "../scripts/manifest-check";
import { DEV_URL, localFiles } from "../scripts/manifest-files";
import { parseXml } from "../scripts/manifest-xml";

const ROOT = resolve(__dirname, "..");
const XML = readFileSync(join(ROOT, "manifest.xml"), "utf8");

function problemsAfter(from: string | RegExp, to: string): string[] {
  const changed = XML.replace(from, to);
  expect(changed, `the edit ${String(from)} must change the manifest`).not.to.equal(XML);
  return checkManifest(changed).problems;
}

describe("manifest.xml", function () {
  it("passes the structural check, icons included", function () {
    const report = checkManifest(XML, { fileExists: localFiles(ROOT) });
    expect(report.problems).to.deep.equal([]);
  });

  it("is an Excel task pane add-in with a real GUID, the OPP namespace and a shared runtime", function () {
    const { summary } = checkManifest(XML);
    expect(summary.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(summary.namespace).to.equal("OPP");
    expect(summary.runtime).to.equal("https://localhost:3000/taskpane.html");
    expect(summary.requirements).to.contain("SharedRuntime 1.1");
    // The task pane's Office.js calls (Range.getTables) need ExcelApi 1.9.
    expect(summary.requirements).to.contain("ExcelApi 1.9");
  });

  it("names only https URLs, all on one address that a production build rewrites (test/production-build)", function () {
    const urls = [...XML.matchAll(/DefaultValue="(\w+:\/\/[^"]+)"/g)].map((m) => m[1]);
    expect(urls).to.have.length(11);
    expect(checkManifest(XML, { baseUrl: DEV_URL }).problems).to.deep.equal([]);
  });

  describe("catches", function () {
    it("a resid that resolves to nothing", function () {
      const line = XML.split("\n").findIndex((l) => l.includes('<Title resid="GetStarted.Title"/>')) + 1;
      expect(
        problemsAfter('<Title resid="GetStarted.Title"/>', '<Title resid="GetStarted.Titel"/>'),
      ).to.include(`<Title resid="GetStarted.Titel"> (line ${line}) refers to no resource.`);
    });

    it("a resid that points to the wrong kind of resource", function () {
      const problems = problemsAfter('<Label resid="CommandsGroup.Label"/>', '<Label resid="Taskpane.Url"/>');
      expect(problems.join()).to.match(/Label resid="Taskpane.Url".*must refer to short resources, not url/);
    });

    it("a custom functions page outside the shared runtime", function () {
      const problems = problemsAfter(
        /<Page>\s*<SourceLocation resid="Taskpane.Url"\/>/,
        '<Page><SourceLocation resid="GetStarted.LearnMoreUrl"/>',
      );
      expect(problems.join()).to.contain(
        '<Page> uses "GetStarted.LearnMoreUrl" but the shared <Runtime> uses "Taskpane.Url"',
      );
    });

    it("a task pane button or function file outside the shared runtime", function () {
      expect(
        problemsAfter(
          '<FunctionFile resid="Taskpane.Url"/>',
          '<FunctionFile resid="Functions.Script.Url"/>',
        ).join(),
      ).to.contain("<FunctionFile> uses");
      expect(
        problemsAfter(
          /<TaskpaneId>(.*)<\/TaskpaneId>\s*<SourceLocation resid="Taskpane.Url"\/>/,
          '<TaskpaneId>$1</TaskpaneId><SourceLocation resid="Functions.Script.Url"/>',
        ).join(),
      ).to.contain("The ShowTaskpane action");
    });

    it("<Runtimes> anywhere but first in the Host, or a short lifetime", function () {
      const moved = XML.replace(
        /(<Runtimes>[\s\S]*?<\/Runtimes>)\s*(<AllFormFactors>[\s\S]*?<\/AllFormFactors>)/,
        "$2$1",
      );
      expect(checkManifest(moved).problems).to.include(
        "<Runtimes> must be the first element inside the Workbook <Host>.",
      );
      expect(problemsAfter('lifetime="long"', 'lifetime="short"')).to.include(
        '<Runtime> must have lifetime="long" to be shared.',
      );
    });

    it("an http URL", function () {
      expect(
        problemsAfter('"https://localhost:3000/functions.json"', '"http://localhost:3000/functions.json"'),
      ).to.include(
        'resource "Functions.Metadata.Url" must use https: "http://localhost:3000/functions.json".',
      );
    });

    it("an id that is not a GUID, or a template's sample id", function () {
      expect(problemsAfter(/<Id>[^<]*<\/Id>/, "<Id>opportunity-qualifier</Id>")).to.include(
        '<Id> "opportunity-qualifier" is not a GUID.',
      );
      expect(
        problemsAfter(/<Id>[^<]*<\/Id>/, "<Id>ca968be6-628b-4f14-ba3c-3e614effa9bd</Id>").join(),
      ).to.contain("template's sample id");
    });

    it("another namespace", function () {
      expect(
        problemsAfter(
          'id="Functions.Namespace" DefaultValue="OPP"',
          'id="Functions.Namespace" DefaultValue="CONTOSO"',
        ),
      ).to.include('The functions namespace is "CONTOSO", expected "OPP".');
    });

    it("a missing SharedRuntime requirement set", function () {
      expect(problemsAfter(/<Set Name="SharedRuntime"[^>]*\/>/, "")).to.include(
        "<Requirements> does not declare the SharedRuntime requirement set.",
      );
    });

    it("missing or misordered required elements", function () {
      expect(problemsAfter(/<Permissions>[^<]*<\/Permissions>/, "")).to.include("Missing <Permissions>.");
      const swapped = XML.replace(
        /(<Version>[^<]*<\/Version>)\s*(<ProviderName>[^<]*<\/ProviderName>)/,
        "$2$1",
      );
      expect(checkManifest(swapped).problems.join()).to.contain("out of order");
    });

    it("an icon file that does not exist", function () {
      const changed = XML.replace("assets/icon-80.png", "assets/icon-81.png");
      expect(checkManifest(changed, { fileExists: localFiles(ROOT) }).problems.join()).to.contain(
        "points to a missing file: https://localhost:3000/assets/icon-81.png",
      );
    });

    it("malformed XML, with the line", function () {
      expect(checkManifest(XML.replace("</Permissions>", "")).problems[0]).to.match(
        /^Not well-formed XML: line \d+: <\/OfficeApp> closes <Permissions>/,
      );
      expect(checkManifest(XML.replace("<Version>", "<Version a=1>")).problems[0]).to.contain("not quoted");
      expect(checkManifest(XML.replace("Home &gt; Qualify", "Home & Qualify")).problems[0]).to.contain(
        'unescaped "&"',
      );
    });
  });

  it("reads entities, comments and CDATA as XML does", function () {
    const doc = parseXml(
      '<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b>&lt;&#65;&#x42;</b><c><![CDATA[<raw>]]></c><d/></a>',
    );
    expect(doc.attributes.x).to.equal("1 & 2");
    expect(doc.children.map((c) => [c.name, c.text])).to.deep.equal([
      ["b", "<AB"],
      ["c", "<raw>"],
      ["d", ""],
    ]);
  });
});

import { expect } from "chai";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spillArea } from "../../src/cli/spill-store";
import { scoreWorkbook } from "../../src/cli/score";
import { nodeCodec } from "../../src/cli/codec";
import { defaultModel } from "../../src/model";
import { buildWorkbook, PIPELINE_HEADERS, PIPELINE_ROWS } from "../files/fixtures";

function bytesOf(each: (fn: (c: Uint8Array) => void) => void): Buffer {
  const parts: Uint8Array[] = [];
  each((c) => parts.push(c));
  return Buffer.concat(parts);
}

describe("cli/spill-store", () => {
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "spill-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps small output in memory and makes no file", () => {
    const area = spillArea(path.join(dir, "out.xlsx"));
    const store = area.store(100);
    store.push(Uint8Array.of(1, 2, 3));
    store.push(Uint8Array.of(4));
    expect([...bytesOf(store.each)]).to.deep.equal([1, 2, 3, 4]);
    expect(readdirSync(dir)).to.deep.equal([]);
    area.close();
  });

  it("moves to a file past its limit, hands the bytes back in order, twice, and leaves no file behind", () => {
    const area = spillArea(path.join(dir, "out.xlsx"));
    const store = area.store(10);
    const expected: number[] = [];
    // 3 MB in uneven chunks: read back in pieces of a megabyte that do not line up with them.
    for (let i = 0; i < 300; i++) {
      const chunk = new Uint8Array(10_000 + i).map((_, k) => (i * 7 + k) & 0xff);
      store.push(chunk);
      expected.push(...chunk.subarray(0, 3)); // spot-check starts of chunks below
    }
    const back = bytesOf(store.each);
    expect(back.length).to.equal(300 * 10_000 + (299 * 300) / 2);
    let at = 0;
    for (let i = 0; i < 300; i++) {
      expect([...back.subarray(at, at + 3)]).to.deep.equal(expected.slice(i * 3, i * 3 + 3));
      at += 10_000 + i;
    }
    expect(bytesOf(store.each).equals(back)).to.equal(true);
    // POSIX: the file was unlinked as soon as it was open.
    expect(readdirSync(dir)).to.deep.equal([]);
    area.close();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it("gives a workbook byte for byte the same as one built in memory", () => {
    const wb = buildWorkbook({ sheets: [{ name: "Pipeline", rows: [PIPELINE_HEADERS, ...PIPELINE_ROWS] }] });
    const opts = { model: defaultModel, asOf: 46000, counterfactual: true };
    const inMemory = scoreWorkbook(wb, { ...opts, codec: nodeCodec }).output!;
    const area = spillArea(path.join(dir, "out.xlsx"));
    const spilled: Uint8Array[] = [];
    const codec = { ...nodeCodec, createStore: () => area.store(1) };
    scoreWorkbook(wb, { ...opts, codec, streamOutput: true }).save!((b) => spilled.push(b));
    area.close();
    expect(Buffer.compare(Buffer.concat(spilled), Buffer.from(inMemory))).to.equal(0);
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});

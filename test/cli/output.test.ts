// JSON Lines output: lines are batched, nothing is held back after flush(), and a stream that is not stdout gets
// the batches through its own write().
import { expect } from "chai";
import { lineOutput } from "../../src/cli/output";

describe("cli/output", () => {
  it("writes lines in batches and the rest on flush, in order", () => {
    const writes: string[] = [];
    const out = lineOutput({ write: (s: string) => writes.push(s) });
    const line = "x".repeat(1000);
    for (let i = 0; i < 100; i++) out.line(`${i}:${line}`);
    expect(writes.length).to.equal(1); // one batch of 64 KB went out as soon as it was full
    out.flush();
    out.flush();
    const text = writes.join("");
    expect(writes.length).to.equal(2);
    expect(
      text
        .split("\n")
        .slice(0, -1)
        .map((l) => Number(l.split(":")[0])),
    ).to.deep.equal(Array.from({ length: 100 }, (_, i) => i));
    expect(text.endsWith("\n")).to.equal(true);
  });
});

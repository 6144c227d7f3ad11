import { expect } from "chai";
import { seededRandom, shuffleInPlace } from "../../src/model/random";

describe("random", () => {
  it("repeats its sequence for a seed, in [0, 1)", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).to.equal(b());
      expect(x >= 0 && x < 1).to.equal(true);
    }
    expect(seededRandom(6)()).to.not.equal(seededRandom(5)());
  });

  it("shuffles into a permutation", () => {
    const items = shuffleInPlace(
      Array.from({ length: 50 }, (_, i) => i),
      seededRandom(1),
    );
    expect([...items].sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(items).to.not.deep.equal(Array.from({ length: 50 }, (_, i) => i));
  });
});

// The CSV benchmark's baseline process: a plain Node readline pass over the file that writes every line back with
// six empty columns, what any tool must at least do to add columns to a CSV this size.
//   node csv-child.cjs <input.csv> <output.csv>
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  const out = createWriteStream(output);
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!out.write(`${line},,,,,,\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

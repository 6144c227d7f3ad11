// The CLI's process entry: `npx qualify` (through bin/qualify.js) and `npm run qualify` run this file.
import { main } from "./main";

// `qualify score x.csv --json | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
process.exitCode = main(process.argv);

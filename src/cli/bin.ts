// The CLI's process entry: `npx qualify` (through bin/qualify.js) and `npm run qualify` run this file.
import { main } from "./main";

process.exitCode = main(process.argv);

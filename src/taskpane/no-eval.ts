// Imported first by the page entries: zod (used by the engine to validate models) otherwise probes
// `new Function` to compile fast parsers. The pages' Content-Security-Policy forbids eval, so the probe would only
// be refused; switching it off keeps the pages free of any eval attempt.
import { z } from "zod";

z.config({ jitless: true });

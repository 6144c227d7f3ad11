// Property tests run the same cases on every run, so CI is not a lottery: fast-check's seed is fixed unless
// FC_SEED names another one, or is "random" (for hunting bugs locally: a failure prints its seed to replay).
import fc from "fast-check";

const chosen = process.env.FC_SEED;
if (chosen !== "random") fc.configureGlobal({ seed: chosen ? Number(chosen) : 20261201 });

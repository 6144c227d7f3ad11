// Text the CLI prints a lot of (JSON Lines) goes to stdout synchronously, in batches: process.stdout on a pipe
// queues writes in memory without limit when the reader is slower than the scorer, which on a million rows is
// gigabytes. A synchronous write waits for the reader instead, so memory stays flat.
import { writeSync } from "node:fs";

const BATCH_CHARS = 1 << 16;

export interface LineOutput {
  line(text: string): void;
  flush(): void;
}

/** Writes all of `bytes` to `fd`, waiting while a non-blocking pipe is full. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The reader went away (`| head`): that is its choice, not an error.
      if (code === "EPIPE") process.exit(0);
      if (code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
}

/**
 * Lines to `out`: process.stdout is written synchronously through its file descriptor; any other stream (a test's
 * collector) gets each batch through write().
 */
export function lineOutput(out: { write(s: string): unknown }): LineOutput {
  const fd = out === process.stdout ? 1 : undefined;
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    size = 0;
    if (fd === undefined) out.write(text);
    else writeAll(fd, Buffer.from(text, "utf8"));
  };
  return {
    line(text) {
      pending.push(text, "\n");
      size += text.length + 1;
      if (size >= BATCH_CHARS) flush();
    },
    flush,
  };
}

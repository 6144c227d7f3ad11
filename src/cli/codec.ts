// Node's zlib as the xlsx adapter's zip codec: native deflate is several times faster than the pure-JS default
// the browser uses, which matters on 100,000-row workbooks.
import zlib from "node:zlib";
import type { ZipCodec } from "../files/xlsx";

export const nodeCodec: ZipCodec = {
  // Never more than the declared size: a part that inflates further is damaged (or a bomb), and is refused.
  inflateRaw: (data, size) =>
    new Uint8Array(
      zlib.inflateRawSync(data, { chunkSize: Math.max(64, size), maxOutputLength: Math.max(1, size) }),
    ),
  // Each piece is deflated on its own; a sync flush ends every non-final piece, so the joined outputs form one
  // raw DEFLATE stream whose only BFINAL block is the last.
  deflateRaw: () => (piece, final) => [
    new Uint8Array(
      zlib.deflateRawSync(piece, {
        level: 3,
        finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      }),
    ),
  ],
};

// The one error type the file adapters throw for bad input, so shells can print a single line without a stack.

/** A workbook or CSV that cannot be read or written as asked. The message is one line; the CLI prefixes the file name. */
export class FileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileFormatError";
  }
}

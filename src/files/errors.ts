// The one error type the file adapters throw for bad input, so shells can print a single line without a stack.
// Only the problem catalogue is imported (src/model/problems and messages), not the engine.
import { ProblemError } from "../model/messages";
import { problem, type Problem, type ProblemCode, type ProblemParams } from "../model/problems";

/**
 * A workbook or CSV that cannot be read or written as asked. It carries the problem as data (`problem`, a
 * `file.*` code); its message is the catalogue's one line, which the CLI prefixes with the file name.
 */
export class FileFormatError extends ProblemError {
  constructor(problem: Problem) {
    super(problem);
    this.name = "FileFormatError";
  }
}

/** A FileFormatError for one problem: `throw fileError("file.partMissing", { part })`. */
export function fileError<C extends ProblemCode>(code: C, params: ProblemParams[C]): FileFormatError {
  return new FileFormatError(problem(code, params));
}

// The one base of every error the project throws on purpose: a machine-readable `code` a caller can branch on, an
// optional human-readable `detail`, and a message that is `code: detail` unless the subclass words its own.
// `name` is the subclass's name, so a stack trace or log line says which kind it is. This folder is the lowest
// layer: it imports nothing from the project, and every folder may import it.
export class CodedError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly detail?: string,
    message: string = detail === undefined ? code : `${code}: ${detail}`,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

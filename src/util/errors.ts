/**
 * An input the pipeline refuses. `reason` is one line, shown to the user as
 * "<path>: <reason>" and stored in import_errors.
 */
export class InputError extends Error {
  readonly reason: string;
  readonly code: string;
  constructor(code: string, reason: string) {
    super(reason);
    this.name = 'InputError';
    this.code = code;
    this.reason = reason.replace(/\s+/g, ' ').trim();
  }
}

/** One-line reason for any thrown value. */
export function reasonOf(err: unknown): string {
  if (err instanceof InputError) return err.reason;
  if (err instanceof Error) return err.message.split('\n')[0]!.trim() || err.name;
  return String(err).split('\n')[0]!;
}

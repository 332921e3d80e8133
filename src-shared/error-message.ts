/** What to say about anything thrown: an Error's message, otherwise the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Anything thrown as an Error (a non-Error value becomes one carrying its text). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

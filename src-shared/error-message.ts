/** What to say about anything thrown: an Error's message, otherwise the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Links leave the app only as http(s) URLs opened in the user's browser.

/** The normalised URL if it may be handed to shell.openExternal, else undefined. */
export function externalUrlToOpen(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // user:pass@host URLs are a classic way to disguise where a link really goes.
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

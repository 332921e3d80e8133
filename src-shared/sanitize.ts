// One sanitiser for every string a person reads: host text is attacker-chosen.
// Reports keep raw text (JSON escapes it); everything shown on a screen, in a notification, on a
// terminal or in the NDJSON stream goes through here first.

/**
 * Characters that can move the cursor, recolour or clear a terminal (C0 controls, DEL, C1 controls
 * such as U+009B CSI), reorder what the eye reads (bidi embeddings, overrides, isolates and marks),
 * or break a line where a JSON or JavaScript reader does not expect it (U+2028/2029).
 * One character class, so matching is a single linear scan.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const UNSAFE_KEEPING_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** `\x1b` for a byte-range code point, `\u202e` for the rest: visible, and never the character itself. */
function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface SanitizeOptions {
  /** Keep U+000A (for multi-line bodies such as a notification); every other control is escaped. */
  keepNewlines?: boolean;
}

/** Replaces every control, bidi and line-separator character with a visible escape such as `\x1b` or `\u202e`. */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  return text.replace(options.keepNewlines ? UNSAFE_KEEPING_NEWLINES : UNSAFE, visibleEscape);
}

/** True when `text` holds none of the characters sanitizeText escapes (newlines allowed when asked). */
export function isDisplaySafe(text: string, options: SanitizeOptions = {}): boolean {
  const pattern = options.keepNewlines ? UNSAFE_KEEPING_NEWLINES : UNSAFE;
  pattern.lastIndex = 0;
  const unsafe = pattern.test(text);
  pattern.lastIndex = 0;
  return !unsafe;
}

const MARKUP_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five markup characters, for bodies a notification server may render as markup. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => MARKUP_ENTITIES[char] ?? char);
}

/** For a desktop notification body (libnotify servers render a subset of HTML): controls escaped, markup escaped, newlines kept. */
export function sanitizeForNotification(text: string): string {
  return escapeMarkup(sanitizeText(text, { keepNewlines: true }));
}

/** What JSON.stringify leaves raw among the characters sanitizeText escapes (it escapes C0 controls itself). */
const UNSAFE_LEFT_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * JSON text that parses back to exactly `value` yet holds no raw control, bidi or line-separator
 * character: those become `\uXXXX` escapes (they can only occur inside strings, so this stays valid
 * JSON). For data streams a person may also read (syslog, ECS files): lossless, unlike sanitizeDeep.
 */
export function displaySafeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_LEFT_BY_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A copy of a JSON-like value with every string (keys included) passed through sanitizeText,
 * for streams a person may read on a terminal (NDJSON). Values that are not plain data are kept.
 */
export function sanitizeDeep<T>(value: T): T {
  return sanitizeValue(value) as T;
}

function sanitizeValue(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map(sanitizeValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[sanitizeText(key)] = sanitizeValue(inner);
  return copy;
}

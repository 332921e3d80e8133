// Tiny `--name value` parser shared by the lab agents (plain Node ESM: they run inside namespaces).

/** @returns {Map<string, string[]>} every value given for each flag, in order */
export function parseArgs(argv = process.argv.slice(2)) {
  const flags = new Map();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (!flag?.startsWith('--')) throw new Error(`unexpected argument ${flag}`);
    const value = argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
    flags.set(flag.slice(2), [...(flags.get(flag.slice(2)) ?? []), value]);
  }
  return flags;
}

export function one(flags, name, fallback) {
  const value = flags.get(name)?.at(-1) ?? fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

export function num(flags, name, fallback) {
  const value = Number(one(flags, name, fallback === undefined ? undefined : String(fallback)));
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

/** "10.0.0.1:22" → { host, port } */
export function endpoint(text) {
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`bad endpoint ${text}`);
  return { host: text.slice(0, at), port };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Tells the harness the agent is ready (it waits for this line). */
export function ready(detail = '') {
  process.stdout.write(`READY ${detail}\n`);
}

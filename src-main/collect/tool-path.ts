// Where `ip` and `ss` are run from. Unprivileged, PATH decides as for any tool the user runs; elevated,
// PATH is not trusted (a writable folder early in root's PATH would run someone else's `ip` as
// root), so only the system folders are searched, in this order.
import { accessSync, constants } from 'node:fs';

export const SYSTEM_TOOL_FOLDERS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'] as const;

export type IsExecutable = (path: string) => boolean;

const isExecutableFile: IsExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The first `folder/name` that is executable, or undefined. */
export function absoluteToolPath(name: string, isExecutable: IsExecutable = isExecutableFile): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const folder of SYSTEM_TOOL_FOLDERS) {
    const path = `${folder}/${name}`;
    if (isExecutable(path)) return path;
  }
  return undefined;
}

/**
 * Maps a tool name to what to run: the name itself unprivileged, an absolute system path when
 * elevated (undefined when there is none: the tool is then treated as missing). Resolved once per name.
 */
export function toolResolver(
  elevated: boolean = process.getuid?.() === 0,
  isExecutable: IsExecutable = isExecutableFile,
): (name: string) => string | undefined {
  if (!elevated) return (name) => name;
  const resolved = new Map<string, string | undefined>();
  return (name) => {
    if (!resolved.has(name)) resolved.set(name, absoluteToolPath(name, isExecutable));
    return resolved.get(name);
  };
}

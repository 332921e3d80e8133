// /proc/net/unix: "Num RefCount Protocol Flags Type St Inode [Path]" per Unix-domain socket.

/** The inodes of every Unix-domain socket listed (malformed lines skipped). */
export function parseUnixInodes(text: string): Set<number> {
  const inodes = new Set<number>();
  let start = text.indexOf('\n') + 1; // header
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const fields = text.slice(start, end).trim().split(/\s+/);
    const inode = Number(fields[6]);
    if (fields.length >= 7 && Number.isInteger(inode) && inode > 0) inodes.add(inode);
    start = end + 1;
  }
  return inodes;
}

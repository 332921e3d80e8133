// Quiet ticks (collect/linux/quiet-ticks.ts) hand the rules the very same read-only arrays again: what
// a rule derives from a whole list (its DNS sockets, the processes with a remote connection) is
// derived once per list, not once per tick.

/** `derive` answered once per list object; lists are read-only, and dropped lists are collected with their answers. */
export function memoByList<L extends object, T>(derive: (list: L) => T): (list: L) => T {
  const answers = new WeakMap<L, { value: T }>();
  return (list) => {
    let answer = answers.get(list);
    if (!answer) answers.set(list, (answer = { value: derive(list) }));
    return answer.value;
  };
}

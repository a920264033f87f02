// Expensive work done a few at a time (password hashes, image resizes): each holds memory and a
// libuv thread, so a burst of requests must queue, and past a short line be refused (the caller
// answers 503, try again) instead of taking the server's memory and starving every other request.

export type Turns = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `running` tasks at once with at most `waiting` more in line; `refuse()` beyond. */
export function createTurns(running: number, waiting: number, refuse: () => Error): Turns {
  let active = 0;
  const line: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < running) {
      active++;
    } else {
      if (line.length >= waiting) throw refuse();
      // The finishing task hands its turn over without giving it back.
      await new Promise<void>((resolve) => line.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = line.shift();
      if (next) next();
      else active--;
    }
  };
}

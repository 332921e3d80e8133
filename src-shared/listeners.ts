// Subscribers of one kind of event; subscribing returns the unsubscribe function (as the API does).
export type Listener<T> = (value: T) => void;

export class Listeners<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Adds a listener; the returned function removes it. */
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener; with `onError`, one that throws is reported there and the rest still run. */
  emit(value: T, onError?: (error: unknown) => void): void {
    for (const listener of this.listeners) {
      if (!onError) {
        listener(value);
        continue;
      }
      try {
        listener(value);
      } catch (error) {
        onError(error);
      }
    }
  }
}

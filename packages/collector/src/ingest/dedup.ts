/** The event ids seen recently: a bounded FIFO set, oldest forgotten first. */
export class DedupWindow {
  private readonly ids = new Set<string>();
  constructor(readonly capacity: number) {}

  has(id: string): boolean {
    return this.capacity > 0 && this.ids.has(id);
  }

  add(id: string): void {
    if (this.capacity === 0) return;
    this.ids.delete(id);
    this.ids.add(id);
    while (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  /** Oldest first. */
  values(): IterableIterator<string> {
    return this.ids.values();
  }

  get size(): number {
    return this.ids.size;
  }
}

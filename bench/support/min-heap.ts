/** A binary min-heap of items by a numeric priority; equal priorities come out in no set order. */
export class MinHeap<T> {
  private readonly items: { priority: number; item: T }[] = [];

  get size(): number {
    return this.items.length;
  }

  peekPriority(): number | undefined {
    return this.items[0]?.priority;
  }

  push(priority: number, item: T): void {
    const items = this.items;
    items.push({ priority, item });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.priority <= priority) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left]!.priority < items[smallest]!.priority) smallest = left;
        if (right < items.length && items[right]!.priority < items[smallest]!.priority) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top?.item;
  }
}

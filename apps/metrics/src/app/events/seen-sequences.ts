/**
 * The stream sequences of the events this replica has already counted, the most recent `capacity` of
 * them. JetStream delivers at least once: an acknowledgement lost when the NATS server goes down
 * brings the event back, and without this memory it would be counted a second time.
 */
export class SeenSequences {
  private readonly seen = new Set<number>();
  private readonly ring: number[];
  private next = 0;

  constructor(capacity = 131_072) {
    this.ring = new Array<number>(capacity);
  }

  has(seq: number): boolean {
    return this.seen.has(seq);
  }

  add(seq: number): void {
    if (this.seen.has(seq)) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.ring[this.next] = seq;
    this.next = (this.next + 1) % this.ring.length;
    this.seen.add(seq);
  }
}

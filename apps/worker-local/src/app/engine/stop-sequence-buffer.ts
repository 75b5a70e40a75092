/**
 * Holds back generated text that could be the start of a stop sequence, so no part of a stop
 * sequence is ever streamed. With `trimTrailingWhitespace` (JSON grammars, whose output may end in
 * padding) whitespace is also held until other text follows it, and dropped at the end.
 */
export class StopSequenceBuffer {
  private pending = '';

  constructor(
    private readonly stops: readonly string[],
    private readonly trimTrailingWhitespace = false,
  ) {}

  /** Adds generated text: `emit` may be sent now; `stopped` says a stop sequence appeared (it and what follows are dropped). */
  push(text: string): { emit: string; stopped: boolean } {
    this.pending += text;
    const cut = this.firstStop();
    if (cut !== undefined) {
      const emit = this.finish(this.pending.slice(0, cut));
      this.pending = '';
      return { emit, stopped: true };
    }
    const keep = this.pending.length - this.heldLength();
    const emit = this.pending.slice(0, keep);
    this.pending = this.pending.slice(keep);
    return { emit, stopped: false };
  }

  /** The generation ended without a stop sequence: the held text that belongs to the output. */
  flush(): string {
    const rest = this.finish(this.pending);
    this.pending = '';
    return rest;
  }

  private finish(text: string): string {
    return this.trimTrailingWhitespace ? text.trimEnd() : text;
  }

  /** Where the earliest stop sequence starts in the pending text. */
  private firstStop(): number | undefined {
    let cut: number | undefined;
    for (const stop of this.stops) {
      const at = this.pending.indexOf(stop);
      if (at !== -1 && (cut === undefined || at < cut)) cut = at;
    }
    return cut;
  }

  /** Length of the pending tail that could begin a stop sequence, or is whitespace to hold. */
  private heldLength(): number {
    let held = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, this.pending.length); length > held; length--) {
        if (this.pending.endsWith(stop.slice(0, length))) {
          held = length;
          break;
        }
      }
    }
    if (this.trimTrailingWhitespace) held = Math.max(held, this.pending.length - this.pending.trimEnd().length);
    return held;
  }
}

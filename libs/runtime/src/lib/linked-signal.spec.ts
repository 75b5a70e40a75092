import { getEventListeners } from 'node:events';
import { linkSignals } from './linked-signal';

describe('linkSignals', () => {
  it('aborts when any source aborts, with that source’s reason', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkSignals([a.signal, b.signal]);
    expect(linked.signal.aborted).toBe(false);
    b.abort('shutdown');
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('shutdown');
  });

  it('starts aborted when a source already is', () => {
    const a = new AbortController();
    a.abort('gone');
    const linked = linkSignals([new AbortController().signal, a.signal]);
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('gone');
  });

  it('leaves nothing behind on a long-lived source once unlinked, however many requests used it', () => {
    const processLong = new AbortController();
    for (let i = 0; i < 1_000; i++) {
      const linked = linkSignals([new AbortController().signal, processLong.signal]);
      linked.unlink();
    }
    expect(getEventListeners(processLong.signal, 'abort')).toHaveLength(0);
    // and an unlinked signal no longer follows it
    const linked = linkSignals([processLong.signal]);
    linked.unlink();
    processLong.abort();
    expect(linked.signal.aborted).toBe(false);
  });
});

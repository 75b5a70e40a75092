import { decodeBatch, encodeBatch } from './frames';
import { encodeText, decodeText } from './json';

describe('stream batches', () => {
  it('carry chunks of any size, empty ones included, and give them back in order', () => {
    const chunks = ['{"type":"start"}', '', 'x'.repeat(70_000), '{"type":"end"}'].map(encodeText);
    expect(decodeBatch(encodeBatch(chunks)).map(decodeText)).toEqual(['{"type":"start"}', '', 'x'.repeat(70_000), '{"type":"end"}']);
  });

  it('read from a view into a larger buffer (as nats.js hands payloads over)', () => {
    const batch = encodeBatch([encodeText('one'), encodeText('two')]);
    const larger = new Uint8Array(batch.length + 10);
    larger.set(batch, 5);
    expect(decodeBatch(larger.subarray(5, 5 + batch.length)).map(decodeText)).toEqual(['one', 'two']);
  });

  it('refuse a truncated payload', () => {
    const batch = encodeBatch([encodeText('hello'), encodeText('world')]);
    expect(() => decodeBatch(batch.subarray(0, batch.length - 1))).toThrow('truncated stream batch');
    expect(() => decodeBatch(batch.subarray(0, 2))).toThrow('truncated stream batch');
  });
});

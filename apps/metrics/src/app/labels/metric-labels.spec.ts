import { BoundedLabel, MAX_LABEL_LENGTH, OTHER } from './bounded-label';
import { hashKeyId } from './key-hash';
import { MetricLabels, NONE } from './metric-labels';

describe('hashKeyId', () => {
  it.each([
    ['key_0123456789abcdef', '348a4470a22e'],
    ['open', '2348f9987442'],
    ['key_fedcba9876543210', 'f7adef113a34'],
  ])('%s → %s (the first 12 hex characters of its SHA-256)', (keyId, hash) => {
    expect(hashKeyId(keyId)).toBe(hash);
  });
});

describe('BoundedLabel', () => {
  it('exports the first `limit` distinct values as they are, later ones as other', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'a', 'c', 'b', 'd'].map((v) => label.value(v))).toEqual(['a', 'b', 'a', OTHER, 'b', OTHER]);
    expect(label.size).toBe(2);
  });

  it('does not admit a value the caller does not vouch for, but keeps showing one already known', () => {
    const label = new BoundedLabel(10);
    expect(label.value('typo-model', false)).toBe(OTHER);
    expect(label.value('auto', true)).toBe('auto');
    expect(label.value('auto', false)).toBe('auto');
    expect(label.size).toBe(1);
  });

  it('cuts very long values', () => {
    const label = new BoundedLabel(10);
    expect(label.value('m'.repeat(1_000))).toBe('m'.repeat(MAX_LABEL_LENGTH));
  });
});

describe('MetricLabels', () => {
  it.each<[string, (l: MetricLabels) => string, string]>([
    ['a backend', (l) => l.backend('local:stories260k'), 'local:stories260k'],
    ['no backend', (l) => l.backend(null), NONE],
    ['an empty backend', (l) => l.backend(''), NONE],
    ['a served model', (l) => l.model('auto', true), 'auto'],
    ['an unknown model that failed', (l) => l.model('gpt-9', false), OTHER],
    ['a provider', (l) => l.provider('openai'), 'openai'],
    ['a key id', (l) => l.keyId('key_0123456789abcdef'), '348a4470a22e'],
  ])('%s', (_name, label, expected) => {
    expect(label(new MetricLabels(100))).toBe(expected);
  });

  it('keeps the number of series bounded however many models clients send', () => {
    const labels = new MetricLabels(3);
    const values = new Set(Array.from({ length: 1_000 }, (_, i) => labels.model(`model-${i}`, true)));
    expect(values).toEqual(new Set(['model-0', 'model-1', 'model-2', OTHER]));
    const keys = new Set(Array.from({ length: 1_000 }, (_, i) => labels.keyId(`key_${i}`)));
    expect(keys.size).toBe(4);
  });
});

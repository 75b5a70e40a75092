import { resolve } from 'node:path';
import { KNOWN_ADVISORIES } from './known-advisories';
import { compareVersions, inRange, productionTree } from './installed-packages';

const root = resolve(__dirname, '../../../..');

describe('production dependencies against known advisories', () => {
  const installed = productionTree(root);

  it('reads the production tree (the gateway\'s HTTP stack, the NATS client and llama.cpp bindings are in it)', () => {
    const names = new Set(installed.map((p) => p.name));
    for (const name of ['fastify', 'nats', 'node-llama-cpp', 'undici', 'ws']) expect(names).toContain(name);
  });

  it('has no installed copy inside a known vulnerable range', () => {
    const hits = KNOWN_ADVISORIES.flatMap((advisory) =>
      installed
        .filter((p) => p.name === advisory.package && advisory.vulnerable.some((range) => inRange(p.version, range)))
        .map((p) => `${p.name}@${p.version} (${advisory.id}: ${advisory.summary}) via ${p.via || 'the workspace'}`),
    );
    expect(hits).toEqual([]);
  });

  it('checks real ranges: the versions just below each fix are flagged', () => {
    for (const advisory of KNOWN_ADVISORIES) {
      for (const [from, below] of advisory.vulnerable) {
        expect(compareVersions(from, below)).toBeLessThan(0);
        expect(inRange(from, [from, below])).toBe(true);
        expect(inRange(below, [from, below])).toBe(false);
      }
    }
  });
});

describe('compareVersions', () => {
  it('orders numerically, not as text, and ignores pre-release tags', () => {
    expect(compareVersions('8.17.1', '8.9.0')).toBeGreaterThan(0);
    expect(compareVersions('7.0.5', '7.0.5')).toBe(0);
    expect(compareVersions('1.2.6-beta.1', '1.2.6')).toBe(0);
    expect(compareVersions('0.1.9', '0.1.10')).toBeLessThan(0);
  });
});

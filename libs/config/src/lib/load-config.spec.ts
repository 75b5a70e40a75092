import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configFilePath, loadConfig } from './load-config';

describe('loadConfig', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `switchyard.yaml` (or another name) into the test's folder; returns its full path. */
  function writeConfig(text: string, name = 'switchyard.yaml'): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** The ConfigError's message for loading with `env` from the test's folder. */
  function errorOf(env: Record<string, string> = {}): string {
    try {
      loadConfig({ env, cwd: dir });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).name).toBe('ConfigError');
      return (error as ConfigError).message;
    }
    throw new Error('expected loadConfig to fail');
  }

  describe('where the values come from', () => {
    it('uses the defaults when there is no file', () => {
      const config = loadConfig({ env: {}, cwd: dir });
      expect(config.nats.url).toBe('nats://127.0.0.1:4222');
      expect(config.gateway).toEqual({
        host: '0.0.0.0',
        port: 62549,
        bodyLimitBytes: 8 * 1024 * 1024,
        requestTimeoutMs: 300_000,
        routerAckTimeoutMs: 2_000,
        routerIdleTimeoutMs: 5_000,
        routerAttempts: 2,
        resume: { enabled: true, maxResumes: 2 },
        allowOpen: false,
        corsOrigins: [],
        keysBucket: 'switchyard_keys',
        rateLimitBucket: 'switchyard_ratelimits',
        rateLimitFailMode: 'open',
        responsesBucket: 'switchyard_responses',
        responsesTtlDays: 30,
        kvReplicas: 1,
      });
      expect(config.router).toMatchObject({ policy: 'edge-first', aliases: {}, prices: {}, maxAttempts: 4 });
      expect(config.router.hedge).toEqual({ enabled: true, percentile: 90, factor: 2, floorMs: 250, ceilingMs: 2_000, maxShare: 0.1, burst: 10, lossesToOpen: 3 });
      expect(config.workerLocal).toMatchObject({ gpu: 'auto', threads: 0, modelsDir: 'models', models: [] });
      expect(config.log.level).toBe('info');
    });

    it.each([
      ['an empty file', ''],
      ['a file of comments', '# nothing here\n'],
    ])('uses the defaults for %s', (_name, text) => {
      writeConfig(text);
      expect(loadConfig({ env: {}, cwd: dir })).toEqual(loadConfig({ env: {}, cwd: mkdtempSync(join(dir, 'empty-')) }));
    });

    it('reads ./switchyard.yaml and keeps defaults for what it leaves out', () => {
      writeConfig('gateway:\n  port: 9000\nworkerLocal:\n  threads: 2\n  gpu: false\n');
      const config = loadConfig({ env: {}, cwd: dir });
      expect(config.gateway.port).toBe(9000);
      expect(config.gateway.host).toBe('0.0.0.0');
      expect(config.workerLocal.threads).toBe(2);
      expect(config.workerLocal.gpu).toBe(false);
    });

    it('reads router aliases and prices, and rejects an alias named auto or with a colon', () => {
      writeConfig('router:\n  policy: cheapest\n  aliases:\n    fast: [local:a, openai:b]\n  prices:\n    openai:*: { input: 1, output: 2 }\n');
      const config = loadConfig({ env: {}, cwd: dir });
      expect(config.router.policy).toBe('cheapest');
      expect(config.router.aliases).toEqual({ fast: ['local:a', 'openai:b'] });
      expect(config.router.prices).toEqual({ 'openai:*': { input: 1, output: 2 } });
      writeConfig('router:\n  aliases:\n    auto: [local:a]\n');
      expect(errorOf()).toContain('router.aliases.auto');
      writeConfig('router:\n  aliases:\n    "a:b": [local:a]\n');
      expect(errorOf()).toContain('router.aliases');
      writeConfig('router:\n  policy: random\n');
      expect(errorOf()).toContain('router.policy');
    });

    it('takes a whole number of at least 1 as the hedge races lost in a row that open a circuit', () => {
      writeConfig('router:\n  hedge:\n    lossesToOpen: 5\n');
      expect(loadConfig({ env: {}, cwd: dir }).router.hedge.lossesToOpen).toBe(5);
      writeConfig('router:\n  hedge:\n    lossesToOpen: 0\n');
      expect(errorOf()).toContain('router.hedge.lossesToOpen');
      writeConfig('router:\n  hedge:\n    lossesToOpen: 1.5\n');
      expect(errorOf()).toContain('router.hedge.lossesToOpen');
    });

    it('lets the environment override the file', () => {
      writeConfig('gateway:\n  port: 9000\n  host: 127.0.0.1\nnats:\n  url: nats://file:4222\n');
      const config = loadConfig({
        env: { SWITCHYARD_GATEWAY__PORT: '9100', NATS_URL: 'nats://env:4222', SWITCHYARD_WORKER_LOCAL__THREADS: '3' },
        cwd: dir,
      });
      expect(config.gateway.port).toBe(9100);
      expect(config.gateway.host).toBe('127.0.0.1');
      expect(config.nats.url).toBe('nats://env:4222');
      expect(config.workerLocal.threads).toBe(3);
    });

    it('reads the API-key and rate-limit settings from the environment', () => {
      const config = loadConfig({
        env: {
          SWITCHYARD_GATEWAY__ALLOW_OPEN: 'true',
          SWITCHYARD_GATEWAY__KEYS_BUCKET: 'team_keys',
          SWITCHYARD_GATEWAY__RATE_LIMIT_BUCKET: 'team-limits',
          SWITCHYARD_GATEWAY__RATE_LIMIT_FAIL_MODE: 'closed',
          SWITCHYARD_GATEWAY__KV_REPLICAS: '3',
        },
        cwd: dir,
      });
      expect(config.gateway).toMatchObject({
        allowOpen: true,
        keysBucket: 'team_keys',
        rateLimitBucket: 'team-limits',
        rateLimitFailMode: 'closed',
        kvReplicas: 3,
      });
    });

    it('reads the metrics settings, its admin token from the environment', () => {
      const token = 'a'.repeat(64);
      const config = loadConfig({
        env: {
          SWITCHYARD_METRICS__ADMIN_TOKEN: token,
          SWITCHYARD_METRICS__CONSUMER: 'metrics-b',
          SWITCHYARD_METRICS__USAGE_BUCKET: 'usage_b',
          SWITCHYARD_METRICS__EVENTS_MAX_AGE_DAYS: '7',
          SWITCHYARD_METRICS__WORKER_TTL_MS: '5000',
          SWITCHYARD_METRICS__EVENT_BATCH_MS: '0',
        },
        cwd: dir,
      });
      expect(config.metrics).toEqual({
        host: '0.0.0.0',
        port: 62553,
        adminToken: token,
        eventsMaxAgeDays: 7,
        eventBatchMs: 0,
        consumer: 'metrics-b',
        usageBucket: 'usage_b',
        usageRetentionDays: 400,
        kvReplicas: 1,
        workerTtlMs: 5000,
        maxLabelValues: 100,
      });
      expect(loadConfig({ env: {}, cwd: dir }).metrics.adminToken).toBeUndefined();
    });

    it('reads the file SWITCHYARD_CONFIG names, relative to the working directory, instead of ./switchyard.yaml', () => {
      writeConfig('gateway:\n  port: 1111\n');
      mkdirSync(join(dir, 'conf'));
      writeConfig('gateway:\n  port: 2222\n', 'conf/prod.yaml');
      expect(loadConfig({ env: { SWITCHYARD_CONFIG: 'conf/prod.yaml' }, cwd: dir }).gateway.port).toBe(2222);
    });

    it('reads an absolute SWITCHYARD_CONFIG', () => {
      const file = writeConfig('router:\n  workerTtlMs: 5000\n', 'other.yaml');
      expect(loadConfig({ env: { SWITCHYARD_CONFIG: file }, cwd: '/' }).router.workerTtlMs).toBe(5000);
    });

    it('fills the defaults of a model entry', () => {
      writeConfig('workerLocal:\n  models:\n    - path: models/tiny.gguf\n');
      expect(loadConfig({ env: {}, cwd: dir }).workerLocal.models).toEqual([{ path: 'models/tiny.gguf', concurrency: 1, maxQueue: 8 }]);
    });
  });

  describe('when something is wrong', () => {
    it('names a SWITCHYARD_CONFIG file that does not exist', () => {
      const message = errorOf({ SWITCHYARD_CONFIG: 'missing.yaml' });
      expect(message).toContain(`cannot read configuration file ${join(dir, 'missing.yaml')}`);
    });

    it('names the file that is not valid YAML', () => {
      const file = writeConfig('gateway:\n  port: [1, 2\n');
      expect(errorOf()).toContain(`configuration file ${file} is not valid YAML`);
    });

    it('names the file that is not a mapping', () => {
      const file = writeConfig('- gateway\n- router\n');
      expect(errorOf()).toBe(`configuration file ${file} must hold a mapping`);
    });

    it.each([
      ['a top-level key', 'gatewy:\n  port: 1\n', 'gatewy'],
      ['a key in a section', 'gateway:\n  prot: 1\n', 'gateway.prot'],
      ['a key in a model entry', 'workerLocal:\n  models:\n    - path: a.gguf\n      gpuLayers: 9\n', 'workerLocal.models.0.gpuLayers'],
    ])('names an unknown setting: %s', (_name, text, key) => {
      const file = writeConfig(text);
      expect(errorOf()).toContain(`unknown setting "${key}" in ${file}`);
    });

    it('names the environment variable that sets an unknown key', () => {
      expect(errorOf({ SWITCHYARD_GATEWAY__PROT: '1' })).toContain('unknown setting "gateway.prot" in environment variable SWITCHYARD_GATEWAY__PROT');
    });

    it.each([
      ['SWITCHYARD_GATEWAY__PORT', 'abc', 'gateway.port'],
      ['SWITCHYARD_GATEWAY__PORT', '70000', 'gateway.port'],
      ['SWITCHYARD_WORKER_LOCAL__THREADS', '1.5', 'workerLocal.threads'],
      ['LOG_LEVEL', 'loud', 'log.level'],
      ['NATS_URL', '""', 'nats.url'],
      ['SWITCHYARD_GATEWAY__KEYS_BUCKET', 'my.keys', 'gateway.keysBucket'],
      ['SWITCHYARD_GATEWAY__RATE_LIMIT_FAIL_MODE', 'maybe', 'gateway.rateLimitFailMode'],
      ['SWITCHYARD_GATEWAY__KV_REPLICAS', '0', 'gateway.kvReplicas'],
      ['SWITCHYARD_GATEWAY__ALLOW_OPEN', 'yes', 'gateway.allowOpen'],
      ['SWITCHYARD_METRICS__ADMIN_TOKEN', 'short', 'metrics.adminToken'],
      ['SWITCHYARD_METRICS__USAGE_BUCKET', 'usage.bucket', 'metrics.usageBucket'],
      ['SWITCHYARD_METRICS__CONSUMER', 'a.b', 'metrics.consumer'],
      ['SWITCHYARD_METRICS__MAX_LABEL_VALUES', '0', 'metrics.maxLabelValues'],
    ])('names the environment variable with a bad value: %s=%s', (name, value, key) => {
      expect(errorOf({ [name]: value })).toMatch(new RegExp(`^invalid configuration:\\n  - "${key.replace('.', '\\.')}" from environment variable ${name}: `));
    });

    it('never repeats a bad admin token in its message', () => {
      expect(errorOf({ SWITCHYARD_METRICS__ADMIN_TOKEN: 'secret-ish' })).not.toContain('secret-ish');
    });

    it('names the file and the variable that would fix a bad value from the file', () => {
      const file = writeConfig('gateway:\n  port: high\n');
      expect(errorOf()).toContain(`"gateway.port" from ${file}: `);
      expect(errorOf()).toContain('(or set SWITCHYARD_GATEWAY__PORT)');
    });

    it('lists every problem, one per line', () => {
      writeConfig('gateway:\n  port: -1\n');
      const lines = errorOf({ SWITCHYARD_ROUTER__WORKER_TTL_MS: '1' }).split('\n');
      expect(lines[0]).toBe('invalid configuration:');
      expect(lines.slice(1)).toEqual([
        expect.stringContaining('"gateway.port"'),
        expect.stringContaining('"router.workerTtlMs" from environment variable SWITCHYARD_ROUTER__WORKER_TTL_MS'),
      ]);
    });

    it.each([
      ['both path and source', '    - path: a.gguf\n      source: hf:user/repo/a.gguf\n'],
      ['neither path nor source', '    - name: tiny\n'],
    ])('rejects a model entry with %s', (_name, entry) => {
      const file = writeConfig(`workerLocal:\n  models:\n${entry}`);
      expect(errorOf()).toContain(`"workerLocal.models.0" from ${file}: give exactly one of "path" or "source"`);
    });
  });
});

describe('configFilePath', () => {
  it('is undefined when there is no file and no SWITCHYARD_CONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
    try {
      expect(configFilePath({}, dir)).toBeUndefined();
      expect(configFilePath({ SWITCHYARD_CONFIG: '' }, dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { applyEnvOverrides, envVarToPath, pathToEnvVar } from './env-overrides';
import { ConfigSchema } from './schema';

/** Every leaf setting of the configuration, as dotted paths (`gateway.port`). */
function leafPaths(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leafPaths(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('envVarToPath', () => {
  it.each<[string, string | undefined]>([
    ['SWITCHYARD_GATEWAY__PORT', 'gateway.port'],
    ['SWITCHYARD_WORKER_LOCAL__THREADS', 'workerLocal.threads'],
    ['SWITCHYARD_WORKER_LOCAL__MODELS_DIR', 'workerLocal.modelsDir'],
    ['SWITCHYARD_GATEWAY__BODY_LIMIT_BYTES', 'gateway.bodyLimitBytes'],
    ['SWITCHYARD_LOG__LEVEL', 'log.level'],
    ['NATS_URL', 'nats.url'],
    ['LOG_LEVEL', 'log.level'],
    ['SWITCHYARD_CONFIG', undefined],
    ['SWITCHYARD_TEST_MODELS_DIR', undefined],
    ['SWITCHYARD_OPENAI_SPEC', undefined],
    ['SWITCHYARD_', undefined],
    ['SWITCHYARD_GATEWAY__', undefined],
    ['SWITCHYARD_GATEWAY____PORT', undefined],
    ['switchyard_gateway__port', undefined],
    ['GATEWAY__PORT', undefined],
    ['HOME', undefined],
  ])('%s sets %s', (name, path) => {
    expect(envVarToPath(name)).toBe(path);
  });
});

describe('pathToEnvVar', () => {
  it.each([
    ['gateway.port', 'SWITCHYARD_GATEWAY__PORT'],
    ['workerLocal.threads', 'SWITCHYARD_WORKER_LOCAL__THREADS'],
    ['gateway.routerAckTimeoutMs', 'SWITCHYARD_GATEWAY__ROUTER_ACK_TIMEOUT_MS'],
    ['nats.url', 'SWITCHYARD_NATS__URL'],
  ])('%s is set by %s', (path, name) => {
    expect(pathToEnvVar(path)).toBe(name);
  });

  it.each(leafPaths(ConfigSchema.parse({})))('round-trips %s through its variable', (path) => {
    expect(envVarToPath(pathToEnvVar(path))).toBe(path);
  });
});

describe('applyEnvOverrides', () => {
  it.each<[string, string, unknown]>([
    ['an integer', '8080', 8080],
    ['a float', '0.5', 0.5],
    ['an exponent', '1e3', 1000],
    ['false', 'false', false],
    ['true', 'true', true],
    ['null', 'null', null],
    ['an array', '[1,"two"]', [1, 'two']],
    ['an object', '{"name":"tiny","path":"m.gguf"}', { name: 'tiny', path: 'm.gguf' }],
    ['a quoted number, kept a string', '"8080"', '8080'],
    ['a bare word', 'info', 'info'],
    ['a URL', 'nats://a:4222,nats://b:4222', 'nats://a:4222,nats://b:4222'],
    ['an empty value', '', ''],
    ['broken JSON', '{"a":', '{"a":'],
  ])('parses %s', (_name, raw, expected) => {
    expect(applyEnvOverrides({}, { SWITCHYARD_GATEWAY__HOST: raw }).config).toEqual({ gateway: { host: expected } });
  });

  it('creates the sections a path needs', () => {
    expect(applyEnvOverrides({}, { SWITCHYARD_WORKER_LOCAL__THREADS: '2' }).config).toEqual({ workerLocal: { threads: 2 } });
  });

  it('keeps the settings beside the one it overrides', () => {
    const base = { gateway: { host: '127.0.0.1', port: 1 }, log: { level: 'debug' } };
    expect(applyEnvOverrides(base, { SWITCHYARD_GATEWAY__PORT: '2' }).config).toEqual({
      gateway: { host: '127.0.0.1', port: 2 },
      log: { level: 'debug' },
    });
  });

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['an array', [1]],
    ['null', null],
  ])('replaces a section that is %s in the file with an object', (_name, section) => {
    expect(applyEnvOverrides({ gateway: section }, { SWITCHYARD_GATEWAY__PORT: '2' }).config).toEqual({ gateway: { port: 2 } });
  });

  it('leaves the base untouched', () => {
    const base = { gateway: { port: 1 } };
    applyEnvOverrides(base, { SWITCHYARD_GATEWAY__PORT: '2' });
    expect(base).toEqual({ gateway: { port: 1 } });
  });

  it('applies the aliases', () => {
    expect(applyEnvOverrides({}, { NATS_URL: 'nats://bus:4222', LOG_LEVEL: 'warn' }).config).toEqual({
      nats: { url: 'nats://bus:4222' },
      log: { level: 'warn' },
    });
  });

  it('ignores unrelated and unset variables', () => {
    const env = { HOME: '/root', PATH: '/bin', SWITCHYARD_CONFIG: 'x.yaml', SWITCHYARD_GATEWAY__PORT: undefined };
    expect(applyEnvOverrides({ a: 1 }, env)).toEqual({ config: { a: 1 }, fromEnv: new Map() });
  });

  it('records which variable set each path', () => {
    const { fromEnv } = applyEnvOverrides({}, { SWITCHYARD_GATEWAY__PORT: '1', NATS_URL: 'nats://x' });
    expect(fromEnv).toEqual(
      new Map([
        ['gateway.port', 'SWITCHYARD_GATEWAY__PORT'],
        ['nats.url', 'NATS_URL'],
      ]),
    );
  });
});

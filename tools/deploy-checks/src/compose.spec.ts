import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envVarToPath, type SwitchyardConfig } from '@switchyard/config';
import { workspaceRoot } from '@switchyard/testing';
import { parse as parseYaml } from 'yaml';
import { configFromEnv, isApp, listenAddress, type App } from './compose-config';
import { composeConfig, interpolatedVariables, parseComposeConfig, rawComposeServices, type ComposeService } from './compose-file';
import { parseDockerfile, stageNamed, type Stage } from './dockerfile-stages';

const ROOT = workspaceRoot();
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const readYaml = <T>(...path: string[]): T => parseYaml(readFileSync(join(ROOT, ...path), 'utf8')) as T;

/** Each variable the file interpolates gets a value of its own, to follow where it ends up. */
const PLACEHOLDERS = Object.fromEntries(interpolatedVariables().map((name) => [name, `placeholder-for-${name}`]));
/** Names of settings that hold secrets: their values must come from variables, never from the file. */
const SECRET_NAME = /(_API_KEY|_TOKEN|_SECRET|_PASSWORD)$/;

/** The Dockerfile stage a service's image is built from. */
const imageStage = (service: ComposeService): Stage | undefined => (service.build?.target ? stageNamed(stages, service.build.target) : undefined);
/** The Switchyard app a service runs (worker-local-cuda runs worker-local), if it runs one. */
const appOf = (service: ComposeService): App | undefined => {
  const target = service.build?.target?.replace(/-cuda$/, '');
  return target !== undefined && isApp(target) ? target : undefined;
};
/** The container's environment: the image's ENV, then the service's. */
const containerEnv = (service: ComposeService): Record<string, string> => ({ ...imageStage(service)?.env, ...service.environment });
const configOf = (service: ComposeService): SwitchyardConfig => configFromEnv(containerEnv(service));
/** The service's health check: its own, else its image's HEALTHCHECK. */
const hasHealthcheck = (service: ComposeService): boolean => {
  const image = imageStage(service)?.healthcheck;
  return service.healthcheck !== undefined || (image !== undefined && image !== 'NONE');
};

describe('docker-compose.yml', () => {
  const run = composeConfig(PLACEHOLDERS);
  const services = run.status === 0 ? parseComposeConfig(run.stdout) : {};
  const list = Object.values(services);
  const apps = list.filter((s) => appOf(s) !== undefined);
  const named = (name: string): ComposeService => {
    const service = services[name];
    if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
    return service;
  };
  /** Every service `name` waits for, directly or not. */
  const startsAfter = (name: string, seen = new Set<string>()): Set<string> => {
    for (const dependency of Object.keys(named(name).dependsOn))
      if (!seen.has(dependency)) {
        seen.add(dependency);
        startsAfter(dependency, seen);
      }
    return seen;
  };

  it('passes docker-compose config', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('needs no variable set: an unset key becomes empty, without a warning', () => {
    const bare = composeConfig();
    expect({ status: bare.status, stderr: bare.stderr }).toEqual({ status: 0, stderr: '' });
    const env = Object.values(parseComposeConfig(bare.stdout)).flatMap((s) => Object.entries(s.environment));
    for (const name of interpolatedVariables()) for (const [key, value] of env) if (key === name) expect([key, value]).toEqual([name, '']);
  });

  it('runs NATS, every app (worker-cloud once per provider, worker-local also on a GPU), Prometheus and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['nats', 'router', 'worker-local', 'worker-local-gpu', 'worker-cloud', 'worker-cloud-anthropic', 'metrics', 'gateway', 'prometheus', 'grafana'].sort(),
    );
    for (const service of apps) {
      expect([service.name, service.build?.context, service.build?.dockerfile ?? 'Dockerfile']).toEqual([service.name, ROOT, 'Dockerfile']);
      expect(service.image).toMatch(new RegExp(`^switchyard/${appOf(service)}:`));
    }
  });

  it.each(['nats', 'router', 'worker-local', 'worker-local-gpu', 'worker-cloud', 'worker-cloud-anthropic', 'metrics', 'gateway', 'prometheus', 'grafana'])(
    '%s has a health check (its own, or its image target HEALTHCHECK)',
    (name) => {
      expect(hasHealthcheck(named(name))).toBe(true);
    },
  );

  it('waits only for healthy services that exist and have health checks, none of them behind a profile', () => {
    for (const service of list)
      for (const [dependency, condition] of Object.entries(service.dependsOn)) {
        expect([service.name, dependency, condition]).toEqual([service.name, dependency, 'service_healthy']);
        expect([service.name, dependency, hasHealthcheck(named(dependency))]).toEqual([service.name, dependency, true]);
        expect([service.name, dependency, named(dependency).profiles]).toEqual([service.name, dependency, []]);
      }
  });

  it('starts in order: nats, then router, workers and metrics, then the gateway; Prometheus before Grafana', () => {
    for (const service of apps.filter((s) => s.name !== 'gateway')) {
      expect([service.name, startsAfter(service.name).has('nats')]).toEqual([service.name, true]);
      expect([service.name, startsAfter(service.name).has('gateway')]).toEqual([service.name, false]);
    }
    const beforeGateway = apps.filter((s) => s.name !== 'gateway' && s.profiles.length === 0).map((s) => s.name);
    expect([...startsAfter('gateway')].sort()).toEqual(['nats', ...beforeGateway].sort());
    expect([...startsAfter('grafana')]).toEqual(['prometheus']);
  });

  it('publishes the gateway on 62549, the port it listens on, and no other Switchyard port', () => {
    const gateway = named('gateway');
    expect(gateway.ports).toEqual([{ published: 62549, target: listenAddress(configOf(gateway), 'gateway').port }]);
    expect(listenAddress(configOf(gateway), 'gateway').port).toBe(62549);
    for (const service of apps.filter((s) => s.name !== 'gateway')) expect([service.name, service.ports]).toEqual([service.name, []]);
  });

  it('runs the GPU worker only with --profile gpu, on the CUDA target, reserving one NVIDIA GPU', () => {
    const gpu = named('worker-local-gpu');
    expect(gpu.profiles).toEqual(['gpu']);
    expect(gpu.build?.target).toBe('worker-local-cuda');
    expect(gpu.deploy?.resources?.reservations?.devices).toEqual([expect.objectContaining({ driver: 'nvidia', capabilities: expect.arrayContaining(['gpu']) })]);
    expect(Number(gpu.deploy?.resources?.reservations?.devices?.[0].count)).toBeGreaterThanOrEqual(1);
    expect(configOf(gpu).workerLocal.gpu).toBe('auto');
    const reserving = list.filter((s) => JSON.stringify(s.deploy ?? {}).includes('nvidia'));
    expect(reserving.map((s) => s.name)).toEqual(['worker-local-gpu']);
    expect(list.filter((s) => s.profiles.length > 0).map((s) => s.name)).toEqual(['worker-local-gpu']);
    expect(configOf(named('worker-local')).workerLocal.gpu).toBe(false);
  });

  it("gives each worker-cloud one provider, each provider one worker-cloud, and each its provider's key only through a variable", () => {
    const raw = rawComposeServices();
    const clouds = apps.filter((s) => appOf(s) === 'worker-cloud');
    const served: string[] = [];
    for (const service of clouds) {
      const { providers, use } = configOf(service).workerCloud;
      const provider = providers.find((p) => p.name === use) ?? (providers.length === 1 ? providers[0] : undefined);
      expect([service.name, provider?.name]).toEqual([service.name, use]);
      served.push(provider?.name ?? '');
      for (const other of providers.filter((p) => p !== provider)) expect(service.environment).not.toHaveProperty(other.apiKeyEnv ?? `${other.name.toUpperCase().replace(/-/g, '_')}_API_KEY`);
      const keyEnv = provider?.apiKeyEnv ?? `${provider?.name.toUpperCase().replace(/-/g, '_')}_API_KEY`;
      const written = (raw[service.name]['environment'] as Record<string, string>)[keyEnv];
      expect([service.name, keyEnv, written]).toEqual([service.name, keyEnv, expect.stringMatching(new RegExp(`^\\$\\{${keyEnv}(:?-)?\\}$`))]);
      expect([service.name, service.environment[keyEnv]]).toEqual([service.name, PLACEHOLDERS[keyEnv]]);
    }
    expect(served.sort()).toEqual(configOf(clouds[0]).workerCloud.providers.map((p) => p.name).sort());
  });

  it('writes no secret in the file: every key, token or password comes from a variable', () => {
    const raw = rawComposeServices();
    const secrets = Object.entries(raw).flatMap(([name, service]) =>
      Object.entries((service['environment'] ?? {}) as Record<string, unknown>)
        .filter(([key]) => SECRET_NAME.test(key))
        .map(([key, value]) => [name, key, String(value)]),
    );
    expect(secrets.length).toBeGreaterThan(0);
    for (const [name, key, value] of secrets) expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?-)?\}$/)]);
  });

  it('lists every variable it reads in .env.example, with no value', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(line))
      .map((line) => line.split('='));
    expect(Object.fromEntries(example)).toEqual(Object.fromEntries(interpolatedVariables().map((name) => [name, ''])));
  });

  it('sets only SWITCHYARD_* keys the configuration accepts; each app starts with its configuration, on 0.0.0.0, with NATS_URL at the nats service', () => {
    const nats = named('nats');
    for (const service of apps) {
      for (const name of Object.keys(service.environment).filter((n) => n.startsWith('SWITCHYARD_')))
        expect([service.name, name, envVarToPath(name) !== undefined]).toEqual([service.name, name, true]);
      const config = configOf(service);
      expect([service.name, listenAddress(config, appOf(service) as App).host]).toEqual([service.name, '0.0.0.0']);
      for (const url of config.nats.url.split(',').map((u) => new URL(u.trim()))) {
        expect([service.name, url.hostname]).toEqual([service.name, 'nats']);
        expect(nats.ports.map((p) => p.target)).toContain(Number(url.port || 4222));
      }
    }
  });

  it('scrapes, per deploy/prometheus/prometheus.yml, compose services at the ports they listen on', () => {
    const scrape = readYaml<{ scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> }>('deploy', 'prometheus', 'prometheus.yml');
    const targets = scrape.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets.map((t) => [job.job_name, t] as const)));
    expect(targets.length).toBeGreaterThan(0);
    for (const [job, target] of targets) {
      const [host, port] = target.split(':');
      const service = services[host];
      const app = service && appOf(service);
      expect([job, target, app !== undefined]).toEqual([job, target, true]);
      if (service && app) expect([job, target, listenAddress(configOf(service), app).port]).toEqual([job, target, Number(port)]);
    }
    // Every app service that always runs is scraped (the GPU worker, behind a profile, is not: it would show as down).
    const scraped = new Set(targets.map(([, t]) => t.split(':')[0]));
    const always = apps.filter((s) => s.profiles.length === 0).map((s) => s.name);
    expect(always).toEqual(expect.arrayContaining(['gateway', 'router', 'worker-local', 'worker-cloud', 'worker-cloud-anthropic', 'metrics']));
    for (const name of always) expect([name, scraped.has(name)]).toEqual([name, true]);
  });

  it('mounts deploy/prometheus where Prometheus reads prometheus.yml, its rule files included', () => {
    const prometheus = named('prometheus');
    const config = prometheus.volumes.find((v) => v.target === '/etc/prometheus');
    expect(config).toEqual({ type: 'bind', source: join(ROOT, 'deploy', 'prometheus'), target: '/etc/prometheus', readOnly: true });
    const { rule_files } = readYaml<{ rule_files: string[] }>('deploy', 'prometheus', 'prometheus.yml');
    for (const file of rule_files) expect([file, existsSync(join(ROOT, 'deploy', 'prometheus', file))]).toEqual([file, true]);
    expect(prometheus.ports).toEqual([{ published: 9090, target: 9090 }]);
  });

  it('mounts the Grafana provisioning and dashboards where the provisioning files say, with the data source at the prometheus service', () => {
    const grafana = named('grafana');
    expect(grafana.ports).toEqual([{ published: 3000, target: 3000 }]);
    const mountOf = (source: string) => grafana.volumes.find((v) => v.source === join(ROOT, 'deploy', 'grafana', source));
    expect(mountOf('provisioning')).toMatchObject({ type: 'bind', target: '/etc/grafana/provisioning', readOnly: true });
    const providerFiles = readdirSync(join(ROOT, 'deploy', 'grafana', 'provisioning', 'dashboards')).filter((f) => /\.ya?ml$/.test(f));
    const paths = providerFiles.flatMap((f) => readYaml<{ providers: Array<{ options: { path: string } }> }>('deploy', 'grafana', 'provisioning', 'dashboards', f).providers.map((p) => p.options.path));
    expect(paths).toEqual([mountOf('dashboards')?.target]);
    const sourceFiles = readdirSync(join(ROOT, 'deploy', 'grafana', 'provisioning', 'datasources')).filter((f) => /\.ya?ml$/.test(f));
    const urls = sourceFiles.flatMap((f) => readYaml<{ datasources: Array<{ url: string }> }>('deploy', 'grafana', 'provisioning', 'datasources', f).datasources.map((d) => new URL(d.url)));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(services[url.hostname]?.image).toMatch(/^prom\/prometheus:/);
      expect(services[url.hostname]?.ports.map((p) => p.target)).toContain(Number(url.port));
    }
  });

  it("mounts only repository paths that exist, read-only; worker-local's models where its configuration looks for them", () => {
    const binds = list.flatMap((s) => s.volumes.filter((v) => v.type === 'bind').map((v) => [s.name, v] as const));
    expect(binds.length).toBeGreaterThan(0);
    for (const [name, mount] of binds) {
      expect([name, mount.source.startsWith(`${ROOT}/`), existsSync(mount.source), mount.readOnly]).toEqual([name, true, true, true]);
    }
    for (const service of apps.filter((s) => appOf(s) === 'worker-local')) {
      const models = service.volumes.find((v) => v.source === join(ROOT, 'models'));
      expect([service.name, models?.target]).toEqual([service.name, configOf(service).workerLocal.modelsDir]);
    }
  });
});

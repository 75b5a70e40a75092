import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, posix } from 'node:path';
import { envVarToPath, pathToEnvVar } from '@switchyard/config';
import { freePort, workspaceRoot } from '@switchyard/testing';
import { APPS, CONFIG_SECTION, configFromEnv, listenAddress, type App } from './compose-config';
import { runHealthcheck } from './dockerfile-healthcheck';
import { finalStages, parseDockerfile, runsAsRoot, stageNamed, type Healthcheck, type Stage } from './dockerfile-stages';

const ROOT = workspaceRoot();
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

/** The images: one target per app, named as the app, and worker-local's CUDA build. */
const TARGETS: ReadonlyArray<readonly [string, App]> = [...APPS.map((app) => [app, app] as const), ['worker-local-cuda', 'worker-local']];

/**
 * The route each health check asks for: readiness (NATS connected, JetStream consuming for metrics) so that
 * compose's `service_healthy` means usable. worker-local's readiness also needs a model loaded, and an empty
 * models folder is a valid set-up (cloud models only), so its check is liveness.
 */
const HEALTH_ROUTE: Record<App, string> = {
  gateway: '/health/ready',
  router: '/health/ready',
  'worker-local': '/health',
  'worker-cloud': '/health/ready',
  metrics: '/health/ready',
};

const healthcheckOf = (stage: Stage): Healthcheck => {
  if (stage.healthcheck === undefined || stage.healthcheck === 'NONE') throw new Error(`stage ${stage.name} has no HEALTHCHECK`);
  return stage.healthcheck;
};

/** Where a COPY destination lands, relative ones resolved against the stage's WORKDIR. */
const landsAt = (stage: Stage, dest: string): string => posix.resolve(stage.workdir ?? '/', dest);

/** The stage the final image's node_modules come from. */
const depsStageOf = (stage: Stage): Stage => {
  const copy = stage.copies.find((c) => c.from !== undefined && landsAt(stage, c.dest) === '/app/node_modules');
  if (!copy?.from) throw new Error(`stage ${stage.name} copies no node_modules into /app`);
  return stageNamed(stages, copy.from);
};

/** A local HTTP server answering `status` on every path, recording the paths asked for. */
async function healthServer(): Promise<{ port: number; paths: string[]; status: { code: number }; close: () => Promise<void> }> {
  const port = await freePort();
  const paths: string[] = [];
  const status = { code: 200 };
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(status.code, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, paths, status, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the Dockerfile', () => {
  it('has exactly one final target per app, named as the app, and worker-local-cuda', () => {
    expect(
      finalStages(stages)
        .map((s) => s.name)
        .sort(),
    ).toEqual(TARGETS.map(([target]) => target).sort());
  });

  describe.each(TARGETS)('target %s', (target, app) => {
    const stage = stageNamed(stages, target);
    const config = () => configFromEnv(stage.env);

    it('runs as a non-root user, uid 1000 as in the Kubernetes manifests', () => {
      expect(runsAsRoot(stage.user)).toBe(false);
      expect(['node', '1000', '1000:1000']).toContain(stage.user);
    });

    it('runs with NODE_ENV=production, and only SWITCHYARD_* settings the configuration accepts, listening on 0.0.0.0', () => {
      expect(stage.env['NODE_ENV']).toBe('production');
      for (const name of Object.keys(stage.env).filter((n) => n.startsWith('SWITCHYARD_')))
        expect([name, envVarToPath(name) !== undefined]).toEqual([name, true]);
      expect(listenAddress(config(), app).host).toBe('0.0.0.0');
    });

    it('exposes the port its configuration gives', () => {
      expect(stage.expose).toEqual([listenAddress(config(), app).port]);
    });

    it(`runs dist/main.js: the ${app} bundle, with the dependencies listed in ${app}'s own package.json`, () => {
      expect(stage.cmd).toEqual(['node', 'dist/main.js']);
      expect(stage.workdir).toBe('/app');
      const bundle = stage.copies.filter((c) => c.from === 'build' && landsAt(stage, c.dest) === '/app/dist');
      expect(bundle.flatMap((c) => c.sources)).toEqual([`/src/dist/apps/${app}`]);
      const deps = depsStageOf(stage);
      const manifests = deps.copies.flatMap((c) => c.sources.map((source) => `${c.from}:${source}`));
      expect(manifests.sort()).toEqual([`build:/src/dist/apps/${app}/package-lock.json`, `build:/src/dist/apps/${app}/package.json`]);
      expect(deps.runs.join('\n')).toMatch(/npm install --omit=dev\b/);
    });

    it(`has a HEALTHCHECK asking ${HEALTH_ROUTE[app]} at the default port, in node (no curl)`, async () => {
      const check = healthcheckOf(stage);
      expect(check.command.slice(0, 2)).toEqual(['node', '-e']);
      expect(Object.keys(check.options)).toEqual(expect.arrayContaining(['interval', 'timeout', 'start-period', 'retries']));
      const url = `http://127.0.0.1:${listenAddress(config(), app).port}${HEALTH_ROUTE[app]}`;
      expect(await runHealthcheck(check, stage.env, 200)).toMatchObject({ status: 0, fetched: [url] });
      expect((await runHealthcheck(check, stage.env, 503)).status).not.toBe(0);
    });

    it(`has a HEALTHCHECK that follows ${pathToEnvVar(`${CONFIG_SECTION[app]}.port`)} and fails when the service does not answer 2xx`, async () => {
      const check = healthcheckOf(stage);
      const server = await healthServer();
      const env = { ...stage.env, [pathToEnvVar(`${CONFIG_SECTION[app]}.port`)]: String(server.port) };
      try {
        expect(configFromEnv(env)[CONFIG_SECTION[app]].port).toBe(server.port);
        expect((await runHealthcheck(check, env)).status).toBe(0);
        expect(server.paths).toEqual([HEALTH_ROUTE[app]]);
        server.status.code = 503;
        expect((await runHealthcheck(check, env)).status).not.toBe(0);
      } finally {
        await server.close();
      }
      expect((await runHealthcheck(check, env)).status).not.toBe(0);
    });
  });

  it('builds every other image on node:20 slim, and worker-local-cuda on an NVIDIA CUDA 12 runtime image with node copied in', () => {
    for (const app of APPS) expect([app, stageNamed(stages, app).baseImage]).toEqual([app, 'node:20-bookworm-slim']);
    const cuda = stageNamed(stages, 'worker-local-cuda');
    expect(cuda.baseImage).toMatch(/^nvidia\/cuda:12\.\d+(\.\d+)?-runtime-ubuntu\d+\.\d+$/);
    const node = cuda.copies.find((c) => c.sources.includes('/usr/local/bin/node'));
    expect(node?.from && stageNamed(stages, node.from).baseImage).toBe('node:20-bookworm-slim');
  });

  it('installs node-llama-cpp with the CPU binary only in worker-local, and the CUDA ones in worker-local-cuda; GPU off and auto', () => {
    const cpu = depsStageOf(stageNamed(stages, 'worker-local')).runs.join('\n');
    const cuda = depsStageOf(stageNamed(stages, 'worker-local-cuda')).runs.join('\n');
    expect(cpu).toContain('--omit=optional');
    expect(cpu).toContain('dependencies.@node-llama-cpp/linux-$(node -p process.arch)=');
    expect(cpu).not.toMatch(/cuda|vulkan/);
    expect(cuda).toContain('--omit=optional');
    expect(cuda).toMatch(/linux-x64 linux-x64-cuda linux-x64-cuda-ext/);
    expect(cuda).not.toMatch(/vulkan/);
    expect(configFromEnv(stageNamed(stages, 'worker-local').env).workerLocal.gpu).toBe(false);
    expect(configFromEnv(stageNamed(stages, 'worker-local-cuda').env).workerLocal.gpu).toBe('auto');
  });

  it('keeps node_modules, dist, models (but the embedded default), test fixtures, .env and .git out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', 'models', '**/*.gguf', '.env', '.git', 'libs/testing/fixtures']));
    // The one exception: the embedded default model, which worker-local's build copies beside main.js.
    expect(ignored.filter((line) => line.startsWith('!'))).toEqual(['!apps/worker-local/default-model/stories260K.gguf']);
  });
});

describe('the docker-build targets', () => {
  const targetsOf = (app: App) =>
    (JSON.parse(readFileSync(join(ROOT, 'apps', app, 'project.json'), 'utf8')) as { targets: Record<string, { executor: string; options: { command: string; cwd?: string } }> })
      .targets;

  it.each(APPS)('%s: its project.json builds its image from the workspace root, with a --target named as the app', (app) => {
    const build = targetsOf(app)['docker-build'];
    expect(build.executor).toBe('nx:run-commands');
    expect(build.options.cwd).toBe('{workspaceRoot}');
    expect(build.options.command).toBe(`docker build --target ${app} -t switchyard/${app}:latest .`);
  });

  it('builds the CUDA worker-local with docker-build-cuda, and names only targets the Dockerfile has', () => {
    expect(targetsOf('worker-local')['docker-build-cuda'].options.command).toBe('docker build --target worker-local-cuda -t switchyard/worker-local:cuda .');
    const finals = finalStages(stages).map((s) => s.name);
    for (const app of APPS)
      for (const [name, target] of Object.entries(targetsOf(app)).filter(([n]) => n.startsWith('docker-build')))
        expect([app, name, finals.includes(/--target (\S+)/.exec(target.options.command)?.[1])]).toEqual([app, name, true]);
  });

  it('are not part of npm test (no Docker engine in CI)', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(`${scripts['test']} ${scripts['lint']}`).not.toMatch(/docker/);
  });
});

describe('the Dockerfile reader', () => {
  const sample = [
    'ARG BASE=node:20-slim',
    'FROM ${BASE} AS base',
    'ENV A=1 \\',
    '    # a comment inside a continuation',
    '    B="two words"',
    'WORKDIR /app',
    'USER node',
    'EXPOSE 8080/tcp',
    'HEALTHCHECK --interval=5s CMD node -e "process.exit(0)"',
    'FROM base AS child',
    'ENV C 3',
    'USER root',
    'COPY --from=base /app/x ./y',
    'CMD ["node", "main.js"]',
  ].join('\n');

  it('substitutes global ARGs in FROM, joins continued lines and lets a stage inherit from the stage it is built on', () => {
    const [base, child] = parseDockerfile(sample);
    expect(base).toMatchObject({ name: 'base', baseImage: 'node:20-slim', env: { A: '1', B: 'two words' }, user: 'node', expose: [8080] });
    expect(base.healthcheck).toEqual({ options: { interval: '5s' }, command: ['/bin/sh', '-c', 'node -e "process.exit(0)"'] });
    expect(child).toMatchObject({ baseImage: 'node:20-slim', env: { A: '1', B: 'two words', C: '3' }, workdir: '/app', expose: [8080], cmd: ['node', 'main.js'] });
    expect(child.healthcheck).toEqual(base.healthcheck);
    expect(child.copies).toEqual([{ from: 'base', sources: ['/app/x'], dest: './y' }]);
    expect(finalStages(parseDockerfile(sample)).map((s) => s.name)).toEqual(['child']);
  });

  it('tells root from non-root users', () => {
    expect(runsAsRoot(parseDockerfile(sample)[1].user)).toBe(true);
    expect([undefined, 'root', '0', '0:0', 'root:node'].map(runsAsRoot)).toEqual([true, true, true, true, true]);
    expect(['node', '1000', '1000:1000', 'app:root'].map(runsAsRoot)).toEqual([false, false, false, false]);
  });
});

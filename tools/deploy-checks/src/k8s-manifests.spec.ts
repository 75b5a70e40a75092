import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  envVarToPath,
  loadConfig,
  type SwitchyardConfig,
} from '@switchyard/config';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { resolveEnv } from './k8s/container-env';
import { renderOverlay, type K8sObject } from './k8s/render';
import { validateAgainstSchema } from './k8s/schemas';
import { preStopSeconds, stopBudgetSeconds } from './k8s/shutdown-grace';
import {
  containerPort,
  containers,
  podLabels,
  selected,
  selects,
  workloads,
  type Workload,
} from './k8s/workloads';

const NAME = 'app.kubernetes.io/name';
const PART_OF = 'app.kubernetes.io/part-of';
const SERVICES = [
  'gateway',
  'router',
  'worker-local',
  'worker-cloud',
  'metrics',
] as const;
/** Where each service's port lives in the configuration. */
const CONFIG_SECTION = {
  gateway: 'gateway',
  router: 'router',
  'worker-local': 'workerLocal',
  'worker-cloud': 'workerCloud',
  metrics: 'metrics',
} as const;

const spec = <T>(object: K8sObject): T => object['spec'] as T;
const ofKind = (objects: readonly K8sObject[], kind: string): K8sObject[] =>
  objects.filter((o) => o.kind === kind);
const appOf = (w: Workload): string => podLabels(w)[NAME];
const switchyardWorkloads = (objects: readonly K8sObject[]): Workload[] =>
  workloads(objects).filter((w) =>
    (SERVICES as readonly string[]).includes(appOf(w)),
  );
/** The only container of a Switchyard pod. */
const mainContainer = (w: Workload): IContainer => {
  expect(containers(w)).toHaveLength(1);
  return containers(w)[0];
};

/** The configuration a Switchyard container starts with (no file: SWITCHYARD_CONFIG is not set and cwd is empty). */
function configOf(
  container: IContainer,
  objects: readonly K8sObject[],
): SwitchyardConfig {
  const cwd = mkdtempSync(join(tmpdir(), 'k8s-config-'));
  try {
    return loadConfig({ env: resolveEnv(container, objects).values, cwd });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe.each(['dev', 'prod'])('deploy/k8s/overlays/%s', (overlay) => {
  const objects = renderOverlay(overlay);
  const pods = workloads(objects);
  const apps = switchyardWorkloads(objects);
  const services = ofKind(objects, 'Service') as unknown as Array<
    K8sObject & IService
  >;
  const nats = pods.find(
    (w) => w.kind === 'StatefulSet' && appOf(w) === 'nats',
  );

  it.each(
    objects
      .filter((o) => o.kind !== 'ServiceMonitor')
      .map((o) => [`${o.kind} ${o.metadata.name}`, o] as const),
  )('%s passes the Kubernetes schema', (_name, object) => {
    expect(() => validateAgainstSchema(object)).not.toThrow();
  });

  it('puts everything in the switchyard namespace, labelled part-of switchyard', () => {
    expect(ofKind(objects, 'Namespace').map((o) => o.metadata.name)).toEqual([
      'switchyard',
    ]);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect([
        object.kind,
        object.metadata.name,
        object.metadata.namespace,
      ]).toEqual([object.kind, object.metadata.name, 'switchyard']);
    }
    for (const object of objects)
      expect([
        object.kind,
        object.metadata.name,
        object.metadata.labels?.[PART_OF],
      ]).toEqual([object.kind, object.metadata.name, 'switchyard']);
    for (const w of pods) {
      expect(podLabels(w)).toMatchObject({ [PART_OF]: 'switchyard' });
      expect(podLabels(w)[NAME]).toBeTruthy();
    }
  });

  it('runs one Deployment per service, worker-cloud once per provider', () => {
    expect(apps.every((w) => w.kind === 'Deployment')).toBe(true);
    expect([...new Set(apps.map(appOf))].sort()).toEqual([...SERVICES].sort());
    expect(
      apps.filter((w) => appOf(w) === 'worker-cloud').map((w) => w.name),
    ).toEqual(['worker-cloud-openai']);
  });

  it('selects pods with every Service and points its target ports at declared container ports', () => {
    for (const service of services) {
      const targets = selected(pods, service.spec?.selector ?? {});
      expect([service.metadata.name, targets.length > 0]).toEqual([
        service.metadata.name,
        true,
      ]);
      for (const port of service.spec?.ports ?? []) {
        for (const w of targets) {
          const declared = containers(w).map((c) =>
            containerPort(c, port.targetPort ?? port.port),
          );
          expect([
            service.metadata.name,
            port.name,
            declared.some((p) => p !== undefined),
          ]).toEqual([service.metadata.name, port.name, true]);
        }
      }
    }
  });

  it('exposes only the gateway outside the cluster (LoadBalancer); the others are ClusterIP', () => {
    const external = services.filter(
      (s) => s.spec?.type === 'LoadBalancer' || s.spec?.type === 'NodePort',
    );
    expect(external.map((s) => s.metadata.name)).toEqual(['gateway']);
    for (const service of services.filter((s) => s.metadata.name !== 'gateway'))
      expect(service.spec?.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(
      services.find((s) => s.metadata.name === 'nats-headless')?.spec
        ?.clusterIP,
    ).toBe('None');
  });

  it.each(SERVICES)(
    'probes %s on /health/ready (readiness) and /health (liveness) at its configured port',
    (app) => {
      for (const w of apps.filter((a) => appOf(a) === app)) {
        const container = mainContainer(w);
        const port = configOf(container, objects)[CONFIG_SECTION[app]].port;
        expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
        expect(container.livenessProbe?.httpGet?.path).toBe('/health');
        expect(
          containerPort(container, container.readinessProbe?.httpGet?.port),
        ).toBe(port);
        expect(
          containerPort(container, container.livenessProbe?.httpGet?.port),
        ).toBe(port);
        expect(w.template.metadata?.annotations).toEqual({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': '/metrics',
        });
      }
    },
  );

  it.each(SERVICES)(
    'runs %s as non-root with resources, and gives it longer than its shutdown grace to stop',
    (app) => {
      for (const w of apps.filter((a) => appOf(a) === app)) {
        const pod = w.template.spec;
        const container = mainContainer(w);
        const budget = stopBudgetSeconds(
          container,
          configOf(container, objects),
        );
        expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.requests).toMatchObject({
          cpu: expect.anything(),
          memory: expect.anything(),
        });
        expect(container.resources?.limits).toMatchObject({
          memory: expect.anything(),
        });
        expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(budget);
      }
    },
  );

  it('keeps the gateway serving for a few seconds after it is marked terminating, so the load balancer stops sending first', () => {
    for (const w of apps.filter((a) => appOf(a) === 'gateway'))
      expect(preStopSeconds(mainContainer(w))).toBeGreaterThanOrEqual(3);
  });

  it('sets only real configuration keys, and every service starts with the configuration it is given', () => {
    for (const w of apps) {
      const container = mainContainer(w);
      const env = resolveEnv(container, objects);
      const switchyardVars = Object.keys(env.values).filter((name) =>
        name.startsWith('SWITCHYARD_'),
      );
      expect(switchyardVars.length).toBeGreaterThan(0);
      for (const name of switchyardVars)
        expect([name, envVarToPath(name) !== undefined]).toEqual([name, true]);
      expect(() => configOf(container, objects)).not.toThrow();
    }
  });

  it('points NATS_URL at the NATS Service and its client port', () => {
    for (const w of apps) {
      const config = configOf(mainContainer(w), objects);
      for (const url of config.nats.url
        .split(',')
        .map((u) => new URL(u.trim()))) {
        const service = services.find((s) => s.metadata.name === url.hostname);
        expect([w.name, url.hostname, service !== undefined]).toEqual([
          w.name,
          url.hostname,
          true,
        ]);
        expect(service?.spec?.ports?.map((p) => p.port)).toContain(
          Number(url.port || 4222),
        );
        expect(selected(pods, service?.spec?.selector ?? {})).toEqual([nats]);
      }
    }
  });

  it("gives each worker-cloud the provider it serves and that provider's key from a Secret", () => {
    for (const w of apps.filter((a) => appOf(a) === 'worker-cloud')) {
      const container = mainContainer(w);
      const config = configOf(container, objects);
      const provider = config.workerCloud.providers.find(
        (p) => p.name === config.workerCloud.use,
      );
      expect(provider?.name).toBe(
        w.template.metadata?.labels?.['app.kubernetes.io/instance'],
      );
      const keyEnv =
        provider?.apiKeyEnv ??
        `${provider?.name.toUpperCase().replace(/-/g, '_')}_API_KEY`;
      expect(resolveEnv(container, objects).sources[keyEnv]).toBe('secret');
    }
  });

  it('runs NATS with JetStream, with its configuration from a ConfigMap and as many replicas as the KV buckets', () => {
    expect(nats?.replicas).toBe(overlay === 'prod' ? 3 : 1);
    const configVolume = nats?.template.spec?.volumes?.find((v) => v.configMap);
    const config = ofKind(objects, 'ConfigMap').find(
      (c) => c.metadata.name === configVolume?.configMap?.name,
    );
    const natsConf =
      (config?.['data'] as Record<string, string> | undefined)?.['nats.conf'] ??
      '';
    expect(natsConf).toMatch(/^jetstream \{/m);
    expect(natsConf.includes('cluster {')).toBe(overlay === 'prod');
    const statefulSet = ofKind(objects, 'StatefulSet').find(
      (s) => s.metadata.name === nats?.name,
    );
    const headless = spec<{ serviceName: string }>(
      statefulSet as K8sObject,
    ).serviceName;
    for (let i = 0; overlay === 'prod' && i < (nats?.replicas ?? 0); i++)
      expect(natsConf).toContain(`nats://${nats?.name}-${i}.${headless}:6222`);
    for (const w of apps) {
      const { gateway, metrics } = configOf(mainContainer(w), objects);
      expect(
        Math.max(gateway.kvReplicas, metrics.kvReplicas),
      ).toBeLessThanOrEqual(nats?.replicas ?? 0);
    }
  });

  it('autoscales the gateway and the router, each HPA aiming at an existing Deployment', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler').map((o) =>
      spec<NonNullable<IHorizontalPodAutoscaler['spec']>>(o),
    );
    expect(hpas.map((h) => h.scaleTargetRef.name).sort()).toEqual([
      'gateway',
      'router',
    ]);
    for (const hpa of hpas) {
      expect(
        ofKind(objects, hpa.scaleTargetRef.kind).map((d) => d.metadata.name),
      ).toContain(hpa.scaleTargetRef.name);
      expect(hpa.minReplicas).toBeLessThanOrEqual(hpa.maxReplicas);
    }
  });

  it('guards every workload with a PodDisruptionBudget that selects its pods', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget').map((o) =>
      spec<NonNullable<IPodDisruptionBudget['spec']>>(o),
    );
    for (const budget of budgets)
      expect(selected(pods, budget.selector ?? {}).length).toBeGreaterThan(0);
    for (const w of pods)
      expect([
        w.name,
        budgets.some((b) => selects(b.selector ?? {}, podLabels(w))),
      ]).toEqual([w.name, true]);
  });

  describe('network policies', () => {
    const policies = ofKind(objects, 'NetworkPolicy').map(
      (o) =>
        [
          o.metadata.name,
          spec<NonNullable<INetworkPolicy['spec']>>(o),
        ] as const,
    );

    it('deny ingress by default', () => {
      expect(
        policies.some(
          ([, p]) =>
            Object.keys(p.podSelector).length === 0 &&
            p.policyTypes?.includes('Ingress') &&
            !p.ingress,
        ),
      ).toBe(true);
    });

    it('select existing pods, and allow in-namespace traffic only from existing pods', () => {
      for (const [name, policy] of policies) {
        expect([name, selected(pods, policy.podSelector).length > 0]).toEqual([
          name,
          true,
        ]);
        for (const peer of (policy.ingress ?? []).flatMap(
          (rule) => rule.from ?? [],
        )) {
          if (peer.podSelector && !peer.namespaceSelector)
            expect([name, selected(pods, peer.podSelector).length > 0]).toEqual(
              [name, true],
            );
        }
      }
    });

    it('let anything outside reach only the gateway', () => {
      const open = policies.filter(([, p]) =>
        (p.ingress ?? []).some(
          (rule) => !rule.from || rule.from.some((peer) => peer.ipBlock),
        ),
      );
      for (const [, policy] of open)
        expect(selected(pods, policy.podSelector).map(appOf)).toEqual([
          'gateway',
        ]);
      expect(open.length).toBeGreaterThan(0);
    });

    it('let only Switchyard pods (and NATS peers) talk to NATS', () => {
      const natsLabels = podLabels(nats as Workload);
      const peers = policies
        .filter(([, p]) => selects(p.podSelector, natsLabels))
        .flatMap(([, p]) => p.ingress ?? [])
        .filter(
          (rule) =>
            !rule.ports ||
            rule.ports.some(
              (port) => port.port === 4222 || port.port === 'client',
            ),
        )
        .flatMap((rule) => rule.from ?? [{}]);
      expect(peers.length).toBeGreaterThan(0);
      for (const peer of peers) {
        expect(peer.namespaceSelector).toBeUndefined();
        expect(peer.podSelector?.matchLabels).toEqual({
          [PART_OF]: 'switchyard',
        });
      }
    });

    it('let Prometheus scrape every service port', () => {
      for (const w of apps) {
        const port = containers(w)[0].ports?.[0].containerPort ?? 0;
        const allowed = policies
          .filter(([, p]) => selects(p.podSelector, podLabels(w)))
          .flatMap(([, p]) => p.ingress ?? [])
          .filter((rule) =>
            rule.from?.some(
              (peer) => peer.podSelector?.matchLabels?.[NAME] === 'prometheus',
            ),
          )
          .some((rule) =>
            rule.ports?.some(
              (p) =>
                typeof p.port === 'number' &&
                p.port <= port &&
                port <= (p.endPort ?? p.port),
            ),
          );
        expect([w.name, allowed]).toEqual([w.name, true]);
      }
    });
  });

  it('has a ServiceMonitor per service, scraping /metrics on a port of the Services it selects', () => {
    const monitors = ofKind(objects, 'ServiceMonitor');
    const monitored = new Set<string>();
    for (const monitor of monitors) {
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      const { selector, endpoints, jobLabel } = spec<{
        selector: { matchLabels: Record<string, string> };
        endpoints: Array<{ port: string; path: string }>;
        jobLabel: string;
      }>(monitor);
      const targets = services.filter((s) =>
        selects(selector, s.metadata.labels ?? {}),
      );
      expect([monitor.metadata.name, targets.length > 0]).toEqual([
        monitor.metadata.name,
        true,
      ]);
      expect(jobLabel).toBe(NAME);
      for (const endpoint of endpoints) {
        expect(endpoint.path).toBe('/metrics');
        for (const service of targets)
          expect(service.spec?.ports?.map((p) => p.name)).toContain(
            endpoint.port,
          );
      }
      for (const service of targets)
        monitored.add(service.metadata.labels?.[NAME] ?? '');
    }
    expect([...monitored].sort()).toEqual([...SERVICES].sort());
  });

  it(
    overlay === 'prod'
      ? 'runs worker-local on a GPU node'
      : 'runs worker-local on the CPU, with no GPU asked for',
    () => {
      const w = apps.find((a) => appOf(a) === 'worker-local') as Workload;
      const { resources } = mainContainer(w);
      const config = configOf(mainContainer(w), objects);
      if (overlay === 'prod') {
        expect(resources?.limits?.['nvidia.com/gpu']).toBe(1);
        expect(resources?.requests?.['nvidia.com/gpu']).toBe(1);
        expect(w.template.spec?.tolerations).toContainEqual(
          expect.objectContaining({
            key: 'nvidia.com/gpu',
            effect: 'NoSchedule',
          }),
        );
        expect(Object.keys(w.template.spec?.nodeSelector ?? {})).toContain(
          'nvidia.com/gpu.present',
        );
        expect(config.workerLocal.gpu).toBe('auto');
        // The CPU image has no CUDA runtime: a GPU pod needs the Dockerfile's worker-local-cuda build.
        expect(mainContainer(w).image).toMatch(
          /^switchyard\/worker-local:.+-cuda$/,
        );
      } else {
        expect(JSON.stringify(objects)).not.toContain('nvidia.com/gpu');
        expect(config.workerLocal.gpu).toBe(false);
        expect(mainContainer(w).image).not.toMatch(/cuda/);
      }
    },
  );
});

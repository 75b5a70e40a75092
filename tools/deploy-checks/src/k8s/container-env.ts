import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { K8sObject } from './render';

/** How an environment variable gets its value: written in the manifest, or read from a ConfigMap or a Secret. */
export type EnvSource = 'literal' | 'configMap' | 'secret' | 'field';

export interface ResolvedEnv {
  /** The environment the container starts with (optional references to missing objects are left out). */
  values: Record<string, string>;
  /** Where each variable comes from. */
  sources: Record<string, EnvSource>;
}

function find<T>(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
): T | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name) as
    | T
    | undefined;
}

function secretData(secret: ISecret): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );
  return { ...decoded, ...(secret.stringData ?? {}) };
}

/** The container's environment as the kubelet builds it from `envFrom` and `env`; throws on a required reference that does not resolve. */
export function resolveEnv(
  container: IContainer,
  objects: readonly K8sObject[],
): ResolvedEnv {
  const values: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  const set = (name: string, value: string, source: EnvSource): void => {
    values[name] = value;
    sources[name] = source;
  };
  const missing = (what: string, optional: boolean | undefined): void => {
    if (!optional)
      throw new Error(`container ${container.name}: ${what} does not exist`);
  };
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const map = find<IConfigMap>(
        objects,
        'ConfigMap',
        from.configMapRef.name ?? '',
      );
      if (!map)
        missing(
          `ConfigMap ${from.configMapRef.name}`,
          from.configMapRef.optional,
        );
      for (const [k, v] of Object.entries(map?.data ?? {}))
        set((from.prefix ?? '') + k, v, 'configMap');
    }
    if (from.secretRef) {
      const secret = find<ISecret>(
        objects,
        'Secret',
        from.secretRef.name ?? '',
      );
      if (!secret)
        missing(`Secret ${from.secretRef.name}`, from.secretRef.optional);
      for (const [k, v] of Object.entries(secret ? secretData(secret) : {}))
        set((from.prefix ?? '') + k, v, 'secret');
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    if (ref?.configMapKeyRef) {
      const { name = '', key, optional } = ref.configMapKeyRef;
      const value = find<IConfigMap>(objects, 'ConfigMap', name)?.data?.[key];
      if (value === undefined)
        missing(`ConfigMap ${name} key ${key}`, optional);
      else set(variable.name, value, 'configMap');
    } else if (ref?.secretKeyRef) {
      const { name = '', key, optional } = ref.secretKeyRef;
      const secret = find<ISecret>(objects, 'Secret', name);
      const value = secret ? secretData(secret)[key] : undefined;
      if (value === undefined) missing(`Secret ${name} key ${key}`, optional);
      else set(variable.name, value, 'secret');
    } else if (ref) {
      set(variable.name, `<${Object.keys(ref)[0]}>`, 'field');
    } else {
      set(variable.name, variable.value ?? '', 'literal');
    }
  }
  return { values, sources };
}

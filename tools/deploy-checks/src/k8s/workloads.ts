import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { K8sObject } from './render';

/** A Deployment or StatefulSet, with its pod template. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  replicas: number;
  template: IPodTemplateSpec;
}

export function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => {
      const spec = o['spec'] as {
        replicas?: number;
        template: IPodTemplateSpec;
      };
      return {
        kind: o.kind as Workload['kind'],
        name: o.metadata.name,
        replicas: spec.replicas ?? 1,
        template: spec.template,
      };
    });
}

export const podLabels = (workload: Workload): Record<string, string> =>
  workload.template.metadata?.labels ?? {};

export const containers = (workload: Workload): IContainer[] =>
  workload.template.spec?.containers ?? [];

/** Whether `labels` satisfy `selector` (matchLabels and matchExpressions); an empty selector matches everything. */
export function selects(
  selector: ILabelSelector | Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const isLabelSelector =
    'matchLabels' in selector || 'matchExpressions' in selector;
  const matchLabels = isLabelSelector
    ? ((selector as ILabelSelector).matchLabels ?? {})
    : (selector as Record<string, string>);
  const expressions = isLabelSelector
    ? ((selector as ILabelSelector).matchExpressions ?? [])
    : [];
  return (
    Object.entries(matchLabels).every(
      ([key, value]) => labels[key] === value,
    ) &&
    expressions.every(({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return values.includes(labels[key]);
        case 'NotIn':
          return !values.includes(labels[key]);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          throw new Error(`unknown selector operator ${operator}`);
      }
    })
  );
}

/** The workloads whose pods `selector` picks. */
export const selected = (
  all: readonly Workload[],
  selector: ILabelSelector | Record<string, string>,
): Workload[] => all.filter((w) => selects(selector, podLabels(w)));

/** The container port a probe or Service names (by name or number), or undefined when none is declared. */
export function containerPort(
  container: IContainer,
  port: number | string | undefined,
): number | undefined {
  const declared = container.ports ?? [];
  const found =
    typeof port === 'string'
      ? declared.find((p) => p.name === port)
      : declared.find((p) => p.containerPort === port);
  return found?.containerPort;
}

import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import type { K8sObject } from './render';

type Validatable = new (data: never) => { validate(): void };

/** The API groups deploy/k8s uses, by apiVersion; a kind outside them fails validation rather than being skipped. */
const MODELS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'policy/v1': policy,
  'networking.k8s.io/v1': networking,
};

/**
 * Validates `object` against the Kubernetes OpenAPI schema bundled in kubernetes-models; throws naming the
 * field at fault. (Those schemas allow unknown fields, so a misspelt optional field is not caught here.)
 */
export function validateAgainstSchema(object: K8sObject): void {
  const model = MODELS[object.apiVersion]?.[object.kind];
  if (typeof model !== 'function')
    throw new Error(
      `no Kubernetes schema for ${object.apiVersion} ${object.kind}`,
    );
  new (model as Validatable)(object as never).validate();
}

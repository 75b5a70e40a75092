import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@switchyard/testing';
import { parseAllDocuments } from 'yaml';

/** The fields every rendered Kubernetes object has; the rest is read through kubernetes-models' types. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

const INSTALL_HINT =
  'kubectl (with kustomize) is not installed. Install kubectl 1.32+ from https://kubernetes.io/docs/tasks/tools/ ' +
  "(Debian's kubernetes-client package is too old), so the test fails instead of passing vacuously.";

/** `kubectl kustomize deploy/k8s/overlays/<overlay>`, parsed: one object per YAML document. */
export function renderOverlay(overlay: string): K8sObject[] {
  const dir = join(workspaceRoot(), 'deploy', 'k8s', 'overlays', overlay);
  const run = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT')
    throw new Error(INSTALL_HINT);
  if (run.error) throw run.error;
  if (run.status !== 0)
    throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout).map((doc) => {
    if (doc.errors.length > 0)
      throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
}

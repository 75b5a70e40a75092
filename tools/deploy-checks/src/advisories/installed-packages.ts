import { spawnSync } from 'node:child_process';

/** One installed copy of a package in the production tree, with the chain of packages that pulled it in. */
export interface InstalledPackage {
  name: string;
  version: string;
  via: string;
}

interface NpmLsNode {
  version?: string;
  dependencies?: Record<string, NpmLsNode>;
}

/** Every package copy `npm ls --omit=dev --all` reports for the workspace at `root`. */
export function productionTree(root: string): InstalledPackage[] {
  const run = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const tree = JSON.parse(run.stdout) as NpmLsNode;
  const found: InstalledPackage[] = [];
  const walk = (node: NpmLsNode, via: string): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) found.push({ name, version: child.version, via });
      walk(child, via ? `${via} > ${name}` : name);
    }
  };
  walk(tree, '');
  return found;
}

/** Numeric comparison of `major.minor.patch` (pre-release and build suffixes are ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.split(/[-+]/)[0].split('.').map((n) => Number(n) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i += 1) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export function inRange(version: string, [from, below]: readonly [string, string]): boolean {
  return compareVersions(version, from) >= 0 && compareVersions(version, below) < 0;
}

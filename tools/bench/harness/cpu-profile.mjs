#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, and self time by
// package (node_modules/<package>, app code, Node internals, GC, idle). Locations inside a webpack bundle are
// mapped back to source files through the bundle's .map when it sits beside it.
//
//   node tools/bench/harness/cpu-profile.mjs <file.cpuprofile> [top=20]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map();
function sourceMapFor(url) {
  if (!url.startsWith('file://') || !url.endsWith('main.js')) return undefined;
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
  }
  return maps.get(url);
}

function shortPath(path) {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  return path.replace(/^file:\/\//, '').replace(/^.*?\/(apps|libs)\//, '$1/').replace(/^webpack:\/\/[^/]*\//, '');
}

/** Where a call frame is: "file:line" (mapped through the bundle's source map when possible). */
function locate(frame) {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return '';
  const map = sourceMapFor(url);
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (entry?.originalSource) return `${shortPath(entry.originalSource)}:${entry.originalLine + 1}`;
  return `${shortPath(url)}:${lineNumber + 1}`;
}

/** The package a frame belongs to. */
function packageOf(frame) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/apps/')) {
    const where = locate(frame);
    const lib = /^(libs\/[^/]+(?:\/[^/]+)?|apps\/[^/]+)/.exec(where)?.[1];
    if (lib) return `switchyard ${lib.replace(/\/src$/, '')}`;
    const app = /\/dist\/apps\/([^/]+)\//.exec(url)[1];
    return where.startsWith('./src/') ? `switchyard apps/${app}` : 'switchyard (bundle)';
  }
  return shortPath(url);
}

/**
 * { totalMs, top: [{ selfMs, share, name, where }], packages: [{ selfMs, share, name }] }. With `window`
 * ({ startUs, endUs } on the monotonic clock, as `process.hrtime` reads it; V8 stamps samples with the same
 * clock on Linux) only samples taken inside it count.
 */
export function summariseProfile(file, top = 20, window = undefined) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.startUs || at > window.endUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map();
  const packages = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const where = locate(frame);
    const key = `${frame.functionName}\0${where}`;
    const f = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    f.us += us;
    functions.set(key, f);
    const pkg = packageOf(frame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const share = (us) => us / totalUs;
  return {
    totalMs: totalUs / 1000,
    profiledMs: (profile.endTime - profile.startTime) / 1000,
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ selfMs: f.us / 1000, share: share(f.us), name: f.name, where: f.where })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ selfMs: us / 1000, share: share(us), name })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const summary = summariseProfile(process.argv[2], Number(process.argv[3] ?? 20));
  console.log(`total ${summary.totalMs.toFixed(0)} ms sampled`);
  for (const f of summary.top) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(6)} ms  ${f.name}  ${f.where}`);
  console.log('\nby package:');
  for (const p of summary.packages) console.log(`${(p.share * 100).toFixed(1).padStart(5)}%  ${p.selfMs.toFixed(0).padStart(6)} ms  ${p.name}`);
}

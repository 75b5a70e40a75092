/**
 * Published advisories against packages in Switchyard's production dependency tree, checked by hand because the
 * npm audit endpoint cannot be reached from the machines this project is built on (it answers 405; see the README's
 * "Dependency audit"). Each entry names the advisory and the versions it affects as half-open ranges
 * `[from, below)`; an installed copy inside one of them fails the check.
 *
 * This list is not a replacement for `npm audit`: it holds the advisories we know of for the packages we ship,
 * and needs an update whenever the tree gains a package or a new advisory is published.
 */
export interface KnownAdvisory {
  package: string;
  /** GHSA or CVE id, or a short name where there is none. */
  id: string;
  summary: string;
  vulnerable: ReadonlyArray<readonly [from: string, below: string]>;
}

/** `[v, next patch of v)`: exactly one published version. */
const only = (version: string): readonly [string, string] => {
  const [major, minor, patch] = version.split('.').map(Number);
  return [version, `${major}.${minor}.${patch + 1}`];
};

export const KNOWN_ADVISORIES: readonly KnownAdvisory[] = [
  { package: 'ws', id: 'CVE-2024-37890', summary: 'DoS by a request with many headers', vulnerable: [['8.0.0', '8.17.1'], ['7.0.0', '7.5.10']] },
  { package: 'fastify', id: 'CVE-2025-32442', summary: 'content-type validation bypass', vulnerable: [['5.0.0', '5.3.2'], ['4.0.0', '4.29.1']] },
  { package: 'find-my-way', id: 'CVE-2024-45813', summary: 'ReDoS in routes with two parameters in one segment', vulnerable: [['9.0.0', '9.0.1'], ['5.5.0', '8.2.2']] },
  { package: 'undici', id: 'CVE-2025-22150', summary: 'predictable multipart boundary', vulnerable: [['7.0.0', '7.2.3'], ['6.0.0', '6.21.1'], ['4.5.0', '5.28.5']] },
  { package: 'undici', id: 'CVE-2025-47279', summary: 'memory leak on repeated bad certificates', vulnerable: [['7.0.0', '7.5.0'], ['6.0.0', '6.21.2'], ['0.0.0', '5.29.0']] },
  { package: 'path-to-regexp', id: 'CVE-2024-45296', summary: 'ReDoS with two parameters in one segment', vulnerable: [['7.0.0', '8.0.0'], ['4.0.0', '6.3.0'], ['2.0.0', '3.3.0'], ['0.2.0', '1.9.0'], ['0.0.0', '0.1.10']] },
  { package: 'cross-spawn', id: 'CVE-2024-21538', summary: 'ReDoS', vulnerable: [['7.0.0', '7.0.5'], ['0.0.0', '6.0.6']] },
  { package: 'semver', id: 'CVE-2022-25883', summary: 'ReDoS in range parsing', vulnerable: [['7.0.0', '7.5.2'], ['6.0.0', '6.3.1'], ['0.0.0', '5.7.2']] },
  { package: 'yaml', id: 'CVE-2023-2251', summary: 'uncaught exception on crafted input', vulnerable: [['2.0.0', '2.2.2']] },
  { package: 'minimist', id: 'CVE-2021-44906', summary: 'prototype pollution', vulnerable: [['1.0.0', '1.2.6'], ['0.0.0', '0.2.4']] },
  { package: 'ini', id: 'CVE-2020-7788', summary: 'prototype pollution', vulnerable: [['0.0.0', '1.3.6']] },
  { package: 'deep-extend', id: 'CVE-2018-3750', summary: 'prototype pollution', vulnerable: [['0.0.0', '0.5.1']] },
  { package: 'nanoid', id: 'CVE-2024-55565', summary: 'predictable ids for non-integer sizes', vulnerable: [['4.0.0', '5.0.9'], ['0.0.0', '3.3.8']] },
  { package: 'cookie', id: 'CVE-2024-47764', summary: 'out-of-bounds characters in name, path and domain', vulnerable: [['0.0.0', '0.7.0']] },
  { package: 'simple-git', id: 'CVE-2022-25912', summary: 'command injection through clone options', vulnerable: [['0.0.0', '3.15.0']] },
  { package: 'simple-git', id: 'CVE-2022-25860', summary: 'command injection through git options', vulnerable: [['0.0.0', '3.16.0']] },
  { package: 'file-type', id: 'CVE-2022-36313', summary: 'endless loop on malformed MKV', vulnerable: [['17.0.0', '17.1.3'], ['13.0.0', '16.5.4']] },
  { package: 'tar', id: 'CVE-2024-28863', summary: 'DoS by deeply nested folders', vulnerable: [['0.0.0', '6.2.1']] },
  { package: 'ajv', id: 'CVE-2020-15366', summary: 'prototype pollution through crafted schemas', vulnerable: [['6.0.0', '6.12.3']] },
  // The September 2025 compromise of widely used packages: these exact releases carried code that stole crypto wallets.
  ...(
    [
      ['debug', '4.4.2'],
      ['chalk', '5.6.1'],
      ['ansi-styles', '6.2.2'],
      ['ansi-regex', '6.2.1'],
      ['strip-ansi', '7.1.1'],
      ['color-convert', '3.1.1'],
      ['color-name', '2.0.1'],
      ['slice-ansi', '7.1.1'],
      ['wrap-ansi', '9.0.1'],
      ['supports-color', '10.2.1'],
    ] as const
  ).map(([name, version]) => ({
    package: name,
    id: 'npm compromise, 2025-09-08',
    summary: 'malicious release',
    vulnerable: [only(version)],
  })),
];

#!/usr/bin/env node
// The first step of `npm test`: what the tests need beyond npm packages. When something is missing it stops at once,
// saying the command that installs it (Debian/Ubuntu and macOS), instead of failing minutes later in some suite.
import { spawnSync } from 'node:child_process';
import { natsAnswersAt } from './nats-probe.mjs';

const MIN_NODE_MAJOR = 20;

/** The programs the suites run, and how to install each. */
const PROGRAMS = [
  { command: 'nats-server', why: 'private NATS servers of the chaos and NATS-security suites', debian: 'nats-server', mac: 'nats-server' },
  { command: 'promtool', why: 'checks of the Prometheus configuration and rules', debian: 'prometheus', mac: 'prometheus' },
  { command: 'prometheus', why: 'the suite that scrapes the stack with a real Prometheus', debian: 'prometheus', mac: 'prometheus' },
  { command: 'docker-compose', why: 'the offline check of docker-compose.yml (no Docker engine needed)', debian: 'docker-compose', mac: 'docker-compose' },
  { command: process.env.SWITCHYARD_CHROMIUM ?? 'chromium', why: "the console's tests in a headless browser (or set SWITCHYARD_CHROMIUM to a Chromium binary)", debian: 'chromium', mac: '--cask chromium' },
  { command: process.env.SWITCHYARD_FIREFOX ?? 'firefox-esr', why: "the console's tests in headless Firefox (or set SWITCHYARD_FIREFOX to a Firefox binary)", debian: 'firefox-esr', mac: '--cask firefox' },
];

const found = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;

const problems = [];
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE_MAJOR) problems.push(`Node.js ${MIN_NODE_MAJOR} or later is needed (this is ${process.version}): https://nodejs.org/ or \`nvm install ${MIN_NODE_MAJOR}\``);
for (const program of PROGRAMS.filter((p) => !found(p.command))) {
  problems.push(
    `${program.command} is not on PATH (${program.why}). Install it:\n` +
      `    Debian/Ubuntu: sudo apt-get install -y ${program.debian}\n` +
      `    macOS:         brew install ${program.mac}`,
  );
}
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const { hostname, port } = new URL(natsUrl.split(',')[0].trim());
if (!(await natsAnswersAt(hostname, Number(port || 4222)))) {
  problems.push(
    `nothing answers at ${natsUrl}: the tests need a NATS server with JetStream there (or NATS_URL pointing at one). Start one:\n` +
      `    nats-server -a ${hostname} -p ${port || 4222} -js -sd "$(mktemp -d)" &`,
  );
}

if (problems.length > 0) {
  process.stderr.write(`npm test cannot run yet:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
  process.exit(1);
}

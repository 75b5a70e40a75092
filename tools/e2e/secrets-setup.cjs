// Jest global setup of the end-to-end project: a fresh folder for this run's service logs and secrets.
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  const dir = join(__dirname, '..', '..', 'tmp', `e2e-run-${process.pid}-${Date.now()}`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  process.env.E2E_RUN_DIR = dir;
};

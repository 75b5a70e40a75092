#!/usr/bin/env node
/**
 * `npm run keys -- …`: runs the TypeScript CLI in place through @swc-node/register (a devDependency),
 * resolving the workspace's `@switchyard/*` aliases from tsconfig.base.json. No build step.
 */
const { join } = require('node:path');

process.env.SWC_NODE_PROJECT = join(__dirname, '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
const { main } = require('./src/main.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

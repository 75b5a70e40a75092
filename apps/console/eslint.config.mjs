import baseConfig from '../../eslint.config.mjs';

/**
 * The root config applies its rules (module boundaries, no `any`) to `.ts` files only; the console is mostly `.tsx`,
 * so the same rule blocks are applied to `.tsx` here, picking up any later change to the root's constraints.
 */
const tsxRules = baseConfig
  .filter((block) => Array.isArray(block.files) && block.files.includes('**/*.ts') && block.rules?.['@nx/enforce-module-boundaries'])
  .map((block) => ({ ...block, files: ['**/*.tsx'] }));

export default [...baseConfig, ...tsxRules];

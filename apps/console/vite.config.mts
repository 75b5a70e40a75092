import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The gateway's default address; the dev server forwards API calls there so the console runs same-origin. */
const gateway = 'http://localhost:62549';

export default defineConfig({
  root: projectRoot,
  // The gateway serves the built files under /console/.
  base: '/console/',
  cacheDir: `${workspaceRoot}node_modules/.vite/console`,
  plugins: [react()],
  build: {
    outDir: `${workspaceRoot}dist/apps/console`,
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/console/api': { target: gateway, changeOrigin: true },
      '/v1': { target: gateway, changeOrigin: true },
    },
  },
});

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

export default defineConfig({
  // Tests run against the sources of the workspace packages, not their builds.
  resolve: { alias: [{ find: /^@oauthkit\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` }] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 20_000,
  },
})

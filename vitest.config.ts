import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

export default defineConfig({
  // Tests run against the sources of the workspace packages, not their builds.
  resolve: {
    alias: [
      // The private test-support package lives in tools/ (it is not built or published).
      { find: /^@oauthkit\/test-support$/, replacement: fileURLToPath(new URL('./tools/test-support/src/index.ts', import.meta.url)) },
      { find: /^@oauthkit\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
      // Subpath entries (`@oauthkit/core/node`) are `src/<subpath>.ts`.
      { find: /^@oauthkit\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser tests run in Chromium, with vitest.browser.config.ts.
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    setupFiles: ['test/setup/fast-check.ts'],
    // Builds the packages whose dist/ is missing or stale, once, for the tests of the builds.
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 20_000,
  },
})

import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

const packages = fileURLToPath(new URL('./packages/', import.meta.url))

// The browser tests: the core, the fetch and ky adapters and axios's XHR adapter in headless Chromium
// (Debian's /usr/bin/chromium; Playwright downloads no browser), against a loopback server that
// test/browser/server.ts starts on the Node side and that verifies every request.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@oauthkit\/test-support$/, replacement: fileURLToPath(new URL('./tools/test-support/src/index.ts', import.meta.url)) },
      { find: /^@oauthkit\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@oauthkit\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/$2.ts` },
    ],
  },
  // Bundled before the first test, so that the page never reloads to optimize a dependency mid-run.
  optimizeDeps: { include: ['axios', 'ky'] },
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/server.ts'],
    testTimeout: 20_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
      // A failure is reported in the terminal; no screenshot files in the working tree.
      screenshotFailures: false,
    },
  },
})

import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts', 'src/oauth1.ts', 'src/adapter.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  // The neutral platform knows no built-ins: say that `node:` modules (used only by the
  // `@oauthkit/core/node` entry) are the runtime's, not files to resolve and bundle.
  deps: { neverBundle: [/^node:/] },
  // One output file per source file: a bundler that builds an app from dist/ sees the same modules
  // as the sources, so the parts the signer loads on first use (RSA, body hashes, problem reports,
  // clock correction, Node's HMAC) stay in chunks of their own there too.
  unbundle: true,
  dts: true,
  sourcemap: true,
  clean: true,
})

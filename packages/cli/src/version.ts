import { readFileSync } from 'node:fs'

/** @internal The version of `@oauthkit/cli`, from its package.json (one level up from both `src/` and `dist/`). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown }
  return typeof manifest.version === 'string' ? manifest.version : 'unknown'
}

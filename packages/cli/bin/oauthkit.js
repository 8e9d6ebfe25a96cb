#!/usr/bin/env node
// The command's entry, committed so that `pnpm install` can link it before anything is built; the
// command itself is dist/bin.js, which `prepack` builds into every published tarball.
import { existsSync } from 'node:fs'

const command = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(command)) {
  process.stderr.write('oauthkit: packages/cli is not built yet: run `pnpm build` in the repository first\n')
  process.exit(1)
}
await import(command.href)

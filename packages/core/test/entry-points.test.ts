// The main entry of @oauthkit/core runs in browsers and workers: nothing it reaches may import a
// Node module. Node-only code (the file token store) is reached through `@oauthkit/core/node` only.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, test } from 'vitest'

const source = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

async function bundle(entry: string) {
  return build({
    entryPoints: [source(entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    external: ['node:*'],
  })
}

describe('entry points', () => {
  test('the main entry reaches no Node module and no file of src/node', async () => {
    const { metafile } = await bundle('index.ts')
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.some((input) => input.includes('src/oauth1/session.ts'))).toBe(true)
    expect(inputs.filter((input) => /\/src\/node(\/|\.ts$)/.test(input))).toEqual([])
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path))
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
  })

  test('the node entry is where node:fs is, and it exports the file token store and its lock', async () => {
    const { metafile } = await bundle('node.ts')
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path))
    expect(imports).toContain('node:fs/promises')
    const entry = await import('@oauthkit/core/node')
    expect(Object.keys(entry).sort()).toEqual(['FileTokenStore', 'withFileLock'])
  })
})

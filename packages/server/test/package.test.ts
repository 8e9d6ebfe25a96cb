// The package's promises about itself: Web APIs only, no Redis (or any other) runtime dependency.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const sources = readdirSync(join(root, 'src')).filter((name) => name.endsWith('.ts'))

test('the sources import nothing but @oauthkit/core and each other (no redis, no node:)', () => {
  const specifiers = new Set<string>()
  for (const name of sources) {
    const text = readFileSync(join(root, 'src', name), 'utf8')
    const code = text
      .split('\n')
      .filter((line) => !/^\s*(\*|\/\*\*|\/\/)/.test(line))
      .join('\n')
    for (const match of code.matchAll(/^(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/gm)) specifiers.add(match[1] as string)
    expect(code, name).not.toMatch(/\bimport\(|\brequire\(|process\.|console\./)
  }
  // The server is an application of the core, made with OAuth 1.0a primitives and its HTTP rules.
  expect([...specifiers].filter((specifier) => !specifier.startsWith('./')).sort()).toEqual([
    '@oauthkit/core',
    '@oauthkit/core/adapter',
    '@oauthkit/core/oauth1',
  ])
})

test('package.json: only @oauthkit/core as a dependency', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  expect(pkg.dependencies).toEqual({ '@oauthkit/core': 'workspace:^' })
  expect(pkg.peerDependencies).toBeUndefined()
})

test('every export of index.ts is named, and every exported symbol has TSDoc with an @example', () => {
  const index = readFileSync(join(root, 'src', 'index.ts'), 'utf8')
  expect(index).not.toMatch(/export \*/)
  for (const name of sources.filter((source) => source !== 'index.ts')) {
    const text = readFileSync(join(root, 'src', name), 'utf8')
    const blocks = text.split(/\n(?=export )/)
    for (let i = 1; i < blocks.length; i++) {
      const declaration = (blocks[i] as string).split('\n')[0] as string
      const before = blocks[i - 1] as string
      const doc = before.slice(before.lastIndexOf('/**'))
      if (doc.includes('@internal')) continue
      expect(doc, `${name}: ${declaration}`).toContain('@example')
    }
  }
})

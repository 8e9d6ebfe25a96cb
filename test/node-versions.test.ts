// Which Node each part needs, said once and kept true: the CLI's engines admit exactly the Node
// versions that all of its dependencies admit, the docs name that range, and pnpm checks engines
// against the Node that the tests run on (the `node` devDependency).
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
interface Manifest {
  name: string
  engines?: { node?: string }
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}
const manifest = (directory: string): Manifest => JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'))

type Version = [number, number, number]
const parse = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.replace(/^v/, '').split('.').map(Number)
  return [major, minor, patch]
}
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]

/** Whether `version` is in a node-semver range of the kinds engines fields use (^, ~, >=, >, <=, <, =, ||). */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => {
        const [, operator = '', text = ''] = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(comparator) ?? []
        const bound = parse(text)
        const order = compare(version, bound)
        if (operator === '>=') return order >= 0
        if (operator === '>') return order > 0
        if (operator === '<=') return order <= 0
        if (operator === '<') return order < 0
        if (operator === '^') return order >= 0 && (bound[0] > 0 ? version[0] === bound[0] : version[1] === bound[1])
        if (operator === '~') return order >= 0 && version[0] === bound[0] && version[1] === bound[1]
        return order === 0
      }),
  )
}

/** The engines.node of a package and of every package it depends on at run time, as installed. */
function enginesOfClosure(directory: string, found = new Map<string, string | undefined>()): Map<string, string | undefined> {
  const own = manifest(directory)
  if (found.has(directory)) return found
  found.set(directory, own.engines?.node)
  for (const name of Object.keys({ ...own.dependencies, ...own.optionalDependencies })) {
    // Node's lookup: node_modules/<name> in this folder or the nearest one above it.
    let at = directory
    while (!existsSync(join(at, 'node_modules', name, 'package.json')) && dirname(at) !== at) at = dirname(at)
    const dependency = join(at, 'node_modules', name)
    if (existsSync(join(dependency, 'package.json'))) enginesOfClosure(realpathSync(dependency), found)
    else if (own.dependencies?.[name] !== undefined) throw new Error(`${name}, a dependency of ${own.name}, is not installed`)
  }
  return found
}

const cliDirectory = join(root, 'packages/cli')
const cliRange = manifest(cliDirectory).engines?.node ?? ''
const rootManifest = manifest(root)

test("the CLI's engines admit exactly the Node versions that all its dependencies admit", () => {
  const ranges = [...enginesOfClosure(cliDirectory)]
    .filter(([directory, range]) => directory !== cliDirectory && range !== undefined)
    .map(([, range]) => range as string)
  expect(ranges.length).toBeGreaterThan(3)
  // Probe every bound the ranges name, the version just below it, and each major's first and last.
  const probes: Version[] = []
  for (const text of [cliRange, ...ranges].join(' ').match(/\d+(\.\d+){0,2}/g) ?? []) {
    const [major, minor, patch] = parse(text)
    probes.push([major, minor, patch], patch > 0 ? [major, minor, patch - 1] : minor > 0 ? [major, minor - 1, 999] : [major - 1, 999, 999])
  }
  for (let major = 10; major <= 40; major++) probes.push([major, 0, 0], [major, 999, 999])
  const disagreements = probes
    .filter((probe) => satisfies(probe, cliRange) !== ranges.every((range) => satisfies(probe, range)))
    .map((probe) => probe.join('.'))
  expect(disagreements).toEqual([])
})

test('the range reader reads the ranges that engines fields use', () => {
  expect(satisfies([22, 22, 2], '^22.22.2 || ^24.15.0 || >=26.0.0')).toBe(true)
  expect(satisfies([22, 22, 1], '^22.22.2 || ^24.15.0 || >=26.0.0')).toBe(false)
  expect(satisfies([23, 0, 0], '^22.22.2 || ^24.15.0 || >=26.0.0')).toBe(false)
  expect(satisfies([24, 21, 0], '^22.22.2 || ^24.15.0 || >=26.0.0')).toBe(true)
  expect(satisfies([12, 0, 0], '>= 12')).toBe(true)
  expect(satisfies([14, 16, 0], '^12.20.0 || ^14.13.1 || >=16.0.0')).toBe(true)
  expect(satisfies([14, 13, 0], '^12.20.0 || ^14.13.1 || >=16.0.0')).toBe(false)
  expect(satisfies([20, 0, 0], '>=20')).toBe(true)
  expect(satisfies([19, 9, 9], '>=20')).toBe(false)
})

test('the tests run on the Node that pnpm checks engines against, which every package admits', () => {
  const checkedAgainst = /^nodeVersion:\s*(\S+)\s*$/m.exec(read('pnpm-workspace.yaml'))?.[1]
  expect(checkedAgainst).toBe(rootManifest.devDependencies?.node)
  expect(process.versions.node).toBe(checkedAgainst)
  for (const name of ['axios', 'cli', 'core', 'fetch', 'got', 'ky', 'server']) {
    expect(satisfies(parse(process.versions.node), manifest(join(root, 'packages', name)).engines?.node ?? ''), name).toBe(true)
  }
})

test("the libraries keep the repository's range; the README and the CLI's pages name the CLI's", () => {
  for (const name of ['axios', 'core', 'fetch', 'got', 'ky', 'server']) {
    expect(manifest(join(root, 'packages', name)).engines?.node, name).toBe(rootManifest.engines?.node)
  }
  for (const page of ['README.md', 'docs/cli.md', 'packages/cli/README.md', 'docs/getting-started.md']) {
    expect(read(page), page).toContain(`\`${cliRange}\``)
  }
})

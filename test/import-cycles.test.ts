// Arrows point one way: no module of a package's src/ reaches itself again through its relative
// imports, type-only imports and lazy import() included.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { typeScriptFiles } from './fixtures/source-files.ts'

const packages = fileURLToPath(new URL('../packages/', import.meta.url))
const IMPORT = /(?:\b(?:import|export)\b[^'"`;]*?\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g

/** Every cycle's modules, found by a depth-first walk (each cycle once, by where it was entered). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)))
      else if (!state.has(next) && graph.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

const names = readdirSync(packages, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)

describe('no import cycles', () => {
  test.each(names)('packages/%s/src', (name) => {
    const root = join(packages, name, 'src')
    const graph = new Map<string, string[]>()
    for (const file of typeScriptFiles(root)) {
      const code = readFileSync(file, 'utf8').replace(/^\s*(\*|\/\/).*$/gm, '')
      graph.set(
        file,
        [...code.matchAll(IMPORT)].map((match) => resolve(dirname(file), match[1] as string)),
      )
    }
    expect(graph.size).toBeGreaterThan(0)
    expect(cycles(graph).map((cycle) => cycle.map((file) => relative(root, file)).join(' → '))).toEqual([])
  })

  test('the walk finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(cycles(graph)).toEqual([['a', 'b', 'c']])
  })
})

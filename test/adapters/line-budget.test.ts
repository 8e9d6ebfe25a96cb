// An adapter translates between its client and the core's call driver; protocol and redirect rules
// live in the core. 150 code lines per adapter keeps it that way (issue 13's budget).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { typeScriptFiles } from '../fixtures/source-files.ts'

const BUDGET = 150
const ADAPTERS = ['axios', 'fetch', 'got', 'ky']
const packages = fileURLToPath(new URL('../../packages/', import.meta.url))

/** Non-blank lines that are not wholly comment (`//`, or inside `/* … *\/`), types included. */
function codeLines(text: string): number {
  let count = 0
  let inBlock = false
  for (const raw of text.split('\n')) {
    let line = raw.trim()
    if (inBlock) {
      const end = line.indexOf('*/')
      if (end === -1) continue
      inBlock = false
      line = line.slice(end + 2).trim()
    }
    if (line.startsWith('/*')) {
      const end = line.indexOf('*/', 2)
      if (end === -1) {
        inBlock = true
        continue
      }
      line = line.slice(end + 2).trim()
    }
    if (line !== '' && !line.startsWith('//')) count++
  }
  return count
}

describe('adapter size', () => {
  test('codeLines counts code, not comments or blank lines', () => {
    expect(codeLines('/**\n * Doc.\n */\nexport const a = 1 // why\n\n// note\n/* x */ const b = 2\n/* y */\n')).toBe(2)
  })

  test.each(ADAPTERS)(`@oauthkit/%s has at most ${BUDGET} code lines in src/`, (adapter) => {
    const files = typeScriptFiles(join(packages, adapter, 'src'))
    expect(files.length).toBeGreaterThan(0)
    const lines = files.reduce((sum, file) => sum + codeLines(readFileSync(file, 'utf8')), 0)
    expect(lines).toBeLessThanOrEqual(BUDGET)
  })
})

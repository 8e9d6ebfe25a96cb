// The one place that builds the packages for tests that need their dist/ (the CommonJS tests): before
// any test file runs, each package whose build is missing or older than its sources is built once,
// core first. The test command builds every package in an earlier step, so there this finds nothing
// to do; a lone `vitest run` after an edit rebuilds what changed.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url))
const tsdown = join(dirname(createRequire(import.meta.url).resolve('tsdown/package.json')), 'dist/run.mjs')

function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

function oldest(path: string): number {
  let earliest = Number.POSITIVE_INFINITY
  for (const entry of readdirSync(path)) {
    const stat = statSync(join(path, entry))
    earliest = Math.min(earliest, stat.isDirectory() ? oldest(join(path, entry)) : stat.mtimeMs)
  }
  return earliest
}

/** Whether a package has a build step and its dist/ is missing or older than what it is built from. */
export function isStale(directory: string): boolean {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  if (manifest.scripts?.build === undefined) return false
  const dist = join(directory, 'dist')
  if (!existsSync(dist) || readdirSync(dist).length === 0) return true
  const inputs = ['src', 'package.json', 'tsdown.config.ts'].map((name) => join(directory, name)).filter((path) => existsSync(path))
  return Math.max(...inputs.map(newest)) > oldest(dist)
}

export default async function setup(): Promise<void> {
  // Core first: the others import its types when their declarations are built.
  const names = readdirSync(packagesDir).sort((a, b) => Number(b === 'core') - Number(a === 'core'))
  for (const name of names) {
    const directory = join(packagesDir, name)
    if (!existsSync(join(directory, 'package.json')) || !isStale(directory)) continue
    try {
      await run(process.execPath, [tsdown], { cwd: directory })
    } catch (error) {
      // The tests that need this build fail on their own, naming what is missing.
      const { stderr } = error as { stderr?: string }
      process.stderr.write(`test/setup/build.ts: building packages/${name} failed\n${stderr ?? String(error)}\n`)
    }
  }
}

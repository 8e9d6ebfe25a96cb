// Type-checks every code example: ```ts blocks in README.md, docs/ and the package READMEs, and the
// @example blocks of the TSDoc in packages/*/src. Each example becomes a module under .tmp/examples/,
// named after the file and line it came from, and tsc checks them all against the workspace sources.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = process.cwd()
const out = join(root, '.tmp/examples')

function walk(dir, accept, found = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, accept, found)
    else if (accept(path)) found.push(path)
  }
  return found
}

const examples = []
const fence = /^(\s*)```(ts|typescript)\s*$/

function collect(file, lines) {
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i])
    if (!open) continue
    const body = []
    let j = i + 1
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++])
    examples.push({ file, line: i + 1, code: body.join('\n') })
    i = j
  }
}

const markdown = [
  join(root, 'README.md'),
  ...walk(join(root, 'docs'), (p) => p.endsWith('.md')),
  ...walk(join(root, 'packages'), (p) => p.endsWith('README.md')),
]
for (const file of markdown) {
  try {
    collect(file, readFileSync(file, 'utf8').split('\n'))
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }
}
for (const file of walk(join(root, 'packages'), (p) => /\/src\/.*\.ts$/.test(p))) {
  // TSDoc: take the text of /** */ comments with the leading " * " removed.
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => (/^\s*\*( |$)/.test(line) ? line.replace(/^\s*\* ?/, '') : '#'))
  collect(file, lines)
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const names = []
for (const { file, line, code } of examples) {
  const name = `${relative(root, file).replace(/[^A-Za-z0-9]+/g, '_')}_L${line}.ts`
  writeFileSync(join(out, name), `${code}\nexport {}\n`)
  names.push(name)
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: { types: ['node'], isolatedDeclarations: false, declaration: false, noUnusedLocals: false },
    include: ['*.ts'],
  }),
)
console.log(`Type-checking ${names.length} examples from ${new Set(examples.map((e) => e.file)).size} files`)
const result = spawnSync('tsc', ['-p', join(out, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' })
process.exit(result.status ?? 1)

// Type-checks every code example: ```ts blocks in README.md, docs/ and the package READMEs, and the
// @example blocks of the TSDoc in packages/*/src. Each example becomes a module under .tmp/examples/,
// named after the file and line it came from, and tsc checks them all against the workspace sources.
// An example in the docs that imports ky or got is checked a second time against what npm installs on Node 20,
// which the packages' engines admit (ky 1.14, got 14: ky 2 and got 16 need Node 22), unless its
// first line says which major it needs (`// Needs ky 2 …`, `// Needs got 16 …`).
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

// What npm installs on Node 20, installed under these names by the root package.json.
const OLDEST = [
  ['ky', 'ky-on-node20'],
  ['got', 'got14'],
]

const examples = []
const fence = /^(\s*)```(ts|typescript)\s*$/

function collect(file, lines) {
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i])
    if (!open) continue
    const body = []
    let j = i + 1
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++])
    examples.push({ file, line: i + 1, code: body.join('\n'), markdown: file.endsWith('.md') })
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
// Examples written a second time, for the oldest ky and got the docs support.
let again = 0
for (const { file, line, code, markdown } of examples) {
  const name = `${relative(root, file).replace(/[^A-Za-z0-9]+/g, '_')}_L${line}.ts`
  writeFileSync(join(out, name), `${code}\nexport {}\n`)
  let oldest = code
  for (const [client, alias] of markdown ? OLDEST : []) {
    if (!new RegExp(`^// Needs ${client} \\d`).test(code)) oldest = oldest.replaceAll(`from '${client}'`, `from '${alias}'`)
  }
  if (oldest !== code) {
    writeFileSync(join(out, name.replace(/\.ts$/, '.oldest.ts')), `${oldest}\nexport {}\n`)
    again++
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    compilerOptions: { types: ['node'], isolatedDeclarations: false, declaration: false, noUnusedLocals: false },
    include: ['*.ts'],
  }),
)
console.log(
  `Type-checking ${examples.length} examples (${again} again with ky 1.14 and got 14) from ${new Set(examples.map((e) => e.file)).size} files`,
)
const result = spawnSync('tsc', ['-p', join(out, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' })
process.exit(result.status ?? 1)

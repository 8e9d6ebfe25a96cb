// Before and after in one run: the adapters of a git revision and those of the working tree, each
// bundled the same way from their sources (esbuild; @oauthkit/core, the built one, and the HTTP
// clients external), measured paired and interleaved with the bare client. Comparing two separate
// runs of bench/index.mjs is not enough on a shared machine: the load, and with it the overhead,
// changes between runs by more than the differences sought.
//
//   node bench/versus.mjs [revision, default main] [fetch|axios|ky|got ...] [--rounds N]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { build } from 'esbuild'
import { benchSigner, clientTasks } from './adapters.mjs'
import { median, overheadOf, paired, pairedDifference } from './paired.mjs'
import { startServer } from './server.mjs'

const root = new URL('../', import.meta.url)
const args = process.argv.slice(2)
const roundsIndex = args.indexOf('--rounds')
const rounds = roundsIndex === -1 ? 3000 : Number(args[roundsIndex + 1])
const positional = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--rounds')
const clientNames = ['fetch', 'axios', 'ky', 'got']
const revision = positional.find((arg) => !clientNames.includes(arg)) ?? 'main'
const selected = positional.filter((arg) => clientNames.includes(arg))
const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8' })
const commit = git('rev-parse', '--short', revision).trim()

const entries = { fetch: 'fetch', axios: 'axios', 'ky 2': 'ky', 'got 16': 'got' }
const outDir = new URL('.tmp/versus/', root)

/** Bundles the four adapters from `sourceRoot` (a directory holding packages/*\/src). */
async function bundle(sourceRoot, label) {
  const adapters = {}
  for (const [client, name] of Object.entries(entries)) {
    const outfile = new URL(`${label}/${name}.mjs`, outDir)
    await build({
      entryPoints: [new URL(`packages/${name}/src/index.ts`, sourceRoot).pathname],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: outfile.pathname,
      logLevel: 'error',
      external: ['@oauthkit/core', 'axios', 'got', 'ky'],
      plugins: [
        {
          name: 'own-fetch',
          setup(esbuild) {
            // ky's adapter goes through the fetch adapter of the same tree.
            esbuild.onResolve({ filter: /^@oauthkit\/fetch$/ }, () => ({
              path: new URL('packages/fetch/src/index.ts', sourceRoot).pathname,
            }))
          },
        },
      ],
    })
    adapters[client] = (await import(`${outfile.href}?${Date.now()}`)).withOAuth
  }
  return adapters
}

/** The adapters' sources at `revision`, written under .tmp/versus/<commit>/. */
function checkout() {
  const tree = new URL(`${commit}/tree/`, outDir)
  for (const name of Object.values(entries)) {
    for (const path of git('ls-tree', '-r', '--name-only', revision, `packages/${name}/src`).split('\n').filter(Boolean)) {
      const target = new URL(path, tree)
      mkdirSync(new URL('./', target), { recursive: true })
      writeFileSync(target, git('show', `${revision}:${path}`))
    }
  }
  return tree
}

mkdirSync(outDir, { recursive: true })
const before = await bundle(checkout(), commit)
const after = await bundle(root, 'working-tree')

const server = await startServer()
try {
  const signer = benchSigner()
  const url = `${server.origin}/resource?page=2&sort=new`
  const tasks = await clientTasks(url, signer)
  const { default: axios } = await import('axios')
  const { default: got } = await import('got')
  const { default: ky } = await import('ky')
  const through = {
    fetch: (withOAuth) => {
      const signedFetch = withOAuth(fetch, signer)
      return async () => (await signedFetch(url)).text()
    },
    'ky 2': (withOAuth) => {
      const signedKy = withOAuth(ky, signer)
      return () => signedKy.get(url).text()
    },
    axios: (withOAuth) => {
      const instance = axios.create()
      withOAuth(instance, signer)
      return () => instance.get(url)
    },
    'got 16': (withOAuth) => {
      const signedGot = withOAuth(got, signer)
      return () => signedGot(url).text()
    },
  }
  const percent = (value) => `${(value * 100).toFixed(1)}%`
  const rows = []
  for (const [client, own] of Object.entries(tasks)) {
    if (selected.length > 0 && !selected.includes(entries[client])) continue
    const set = {
      bare: own.bare,
      'bare again': own.bare,
      signed: own.signed,
      before: through[client](before[client]),
      after: through[client](after[client]),
    }
    const { wall, cpu } = await paired(set, { rounds, warmup: 500 })
    const interval = (name) => {
      const o = overheadOf(wall[name], wall.bare)
      return `${percent(o.estimate)} (${percent(o.low)} … ${percent(o.high)})`
    }
    rows.push({
      client,
      'bare µs': Math.round(median(wall.bare) / 100) / 10,
      'A/A': interval('bare again'),
      'sign() share': interval('signed'),
      [`before (${commit})`]: interval('before'),
      'after (working tree)': interval('after'),
      'after − before, wall µs': Math.round(pairedDifference(wall.after, wall.before) / 100) / 10,
      'after − before, CPU µs': Math.round(pairedDifference(cpu.after, cpu.before) / 100) / 10,
    })
  }
  console.log(
    `${rounds} rounds; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  console.table(rows)
} finally {
  await server.close()
}

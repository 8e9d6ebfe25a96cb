// What gets published, checked before it is: every package under packages/ (private ones aside) is
// packed with `pnpm pack`, whose `prepack` must build it afresh (checked: a fresh clone has no dist/
// to pack, so a package that packs an earlier build would publish nothing there), then
//   - publint --strict on the tarball, which must hold LICENSE and README.md;
//   - @arethetypeswrong/cli on the same tarball (what `attw --pack` checks), with the `node16`
//     profile for a package with a CommonJS build and `esm-only` for one without;
//   - the tarballs are installed with npm into a temporary project, with the HTTP clients from the
//     registry, and used from ESM and CommonJS (a real signed request through each adapter to a
//     loopback server that verifies it with the installed core) and from TypeScript, with
//     `moduleResolution` `node16` and `bundler` (the repository's tsc).
//
//   node scripts/pack-smoke.mjs [--report <file.json>] [--keep]
//
// Prints one line per check; `--report` also writes them as JSON ({ checks: [{ name, ok, detail }] }).
// Exits 1 when any check fails.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const args = process.argv.slice(2)
const reportPath = args.includes('--report') ? args[args.indexOf('--report') + 1] : undefined
const keep = args.includes('--keep')

// The clients come from the registry, at the versions the repository tests with.
const REGISTRY_PACKAGES = ['axios', 'ky', 'got', '@types/node'].map((name) => `${name}@${rootManifest.devDependencies[name]}`)
const CREDENTIALS = {
  consumerKey: 'smoke-consumer',
  consumerSecret: 'smoke-consumer-secret',
  token: 'smoke-token',
  tokenSecret: 'smoke-token-secret',
}

const checks = []
/** Ends the run after a failed check that the rest depends on. */
class StopError extends Error {}
function record(name, ok, detail = '') {
  checks.push({ name, ok, detail })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail && !ok ? `\n${indent(detail)}` : ''}`)
}
const indent = (text) =>
  String(text)
    .trim()
    .split('\n')
    .slice(0, 40)
    .map((line) => `       ${line}`)
    .join('\n')

async function exec(command, commandArgs, options = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(command, commandArgs, { maxBuffer: 32 * 1024 * 1024, ...options })
    return { ok: true, stdout, stderr }
  } catch (error) {
    return { ok: false, stdout: error.stdout ?? '', stderr: error.stderr ?? String(error) }
  }
}

/** Runs `tasks` (functions returning promises) at most `limit` at a time, in order. */
async function inBatches(tasks, limit) {
  const results = []
  for (let i = 0; i < tasks.length; i += limit) results.push(...(await Promise.all(tasks.slice(i, i + limit).map((task) => task()))))
  return results
}

const hasRequireCondition = (exports) =>
  typeof exports === 'object' &&
  exports !== null &&
  Object.entries(exports).some(([key, value]) => key === 'require' || hasRequireCondition(value))

const packages = readdirSync(join(root, 'packages'))
  .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
  .map((name) => {
    const directory = join(root, 'packages', name)
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'))
    return { name: manifest.name, directory, manifest, cjs: hasRequireCondition(manifest.exports) }
  })
  .filter(({ manifest }) => manifest.private !== true)

const work = mkdtempSync(join(tmpdir(), 'oauthkit-pack-'))
const tarballs = join(work, 'tarballs')
const project = join(work, 'project')
let server
try {
  // Pack.
  const packed = await inBatches(
    packages.map((pkg) => async () => {
      const started = Date.now()
      const result = await exec('pnpm', ['pack', '--pack-destination', tarballs], { cwd: pkg.directory })
      const tarball = result.stdout.trim().split('\n').pop()
      const dist = join(pkg.directory, 'dist')
      // Within a second, for file systems that keep coarse times.
      const built = existsSync(dist) && oldestFile(dist) >= started - 1000
      return { ...pkg, tarball: result.ok && tarball?.endsWith('.tgz') ? tarball : undefined, built, error: result.stderr }
    }),
    2,
  )
  for (const pkg of packed) if (!pkg.tarball) record(`pnpm pack ${pkg.name}`, false, pkg.error)
  for (const pkg of packed.filter((pkg) => pkg.tarball)) {
    const detail = `prepack is ${JSON.stringify(pkg.manifest.scripts?.prepack)}: dist/ was not built afresh by pnpm pack`
    record(`pnpm pack ${pkg.name} builds dist/ first (prepack)`, pkg.built, detail)
  }
  const ready = packed.filter((pkg) => pkg.tarball)

  // publint --strict, on the tarball.
  const { publint } = await import('publint')
  const { formatMessage } = await import('publint/utils')
  for (const pkg of ready) {
    const bytes = readFileSync(pkg.tarball)
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const { messages, pkg: manifest } = await publint({ pack: { tarball }, strict: true })
    pkg.publishable = messages.length === 0
    record(
      `publint --strict ${pkg.name}`,
      messages.length === 0,
      messages.map((m) => `${m.type}: ${formatMessage(m, manifest)}`).join('\n'),
    )
  }

  // The licence (pnpm packs the workspace root's LICENSE) and the README are in every tarball.
  for (const pkg of ready) {
    const listing = await exec('tar', ['-tzf', pkg.tarball])
    const missing = ['package/LICENSE', 'package/README.md'].filter((file) => !listing.stdout.split('\n').includes(file))
    record(`LICENSE and README.md packed in ${pkg.name}`, listing.ok && missing.length === 0, `missing: ${missing.join(', ')}`)
  }

  // Are the types wrong?
  const attw = join(root, 'node_modules', '.bin', 'attw')
  const verdicts = await inBatches(
    ready.map((pkg) => async () => {
      const profile = pkg.cjs ? 'node16' : 'esm-only'
      const result = await exec(attw, [pkg.tarball, '--profile', profile, '--format', 'ascii', '--no-color', '--no-emoji'])
      return { pkg, profile, result }
    }),
    2,
  )
  for (const { pkg, profile, result } of verdicts) record(`attw --profile ${profile} ${pkg.name}`, result.ok, result.stdout + result.stderr)

  // Install the tarballs and the clients into a project of its own.
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'oauthkit-smoke', private: true, type: 'module' }))
  const install = await exec(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
      ...ready.map((pkg) => pkg.tarball),
      ...REGISTRY_PACKAGES,
    ],
    { cwd: project },
  )
  record(`npm install of ${ready.length} tarballs and ${REGISTRY_PACKAGES.join(', ')}`, install.ok, install.stderr)
  if (!install.ok) throw new StopError()

  server = await startVerifyingServer(project)
  // A package that publint refuses is counted there; the checks below use the others.
  const usable = ready.filter((pkg) => pkg.publishable)
  const names = usable.map((pkg) => pkg.name)
  const cjsNames = usable.filter((pkg) => pkg.cjs).map((pkg) => pkg.name)
  writeFileSync(join(project, 'esm.mjs'), esmScript(names))
  writeFileSync(join(project, 'cjs.cjs'), cjsScript(cjsNames))
  writeFileSync(join(project, 'types.ts'), typesScript(names))
  writeFileSync(join(project, 'types-require.cts'), typesRequireScript(cjsNames))
  for (const [file, options] of [
    ['tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16' }],
    ['tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }],
  ]) {
    const include = file.includes('node16') ? ['types.ts', 'types-require.cts'] : ['types.ts']
    const compilerOptions = {
      ...options,
      target: 'es2022',
      lib: ['es2023', 'dom'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    }
    writeFileSync(join(project, file), JSON.stringify({ compilerOptions, include }))
  }

  for (const [label, script] of [
    ['ESM: import every package; sign through core, fetch, ky, got and axios', 'esm.mjs'],
    [
      "CommonJS: require() every package with a CommonJS build (require('@oauthkit/axios') without .default); sign through fetch and axios",
      'cjs.cjs',
    ],
  ]) {
    const result = await exec(process.execPath, [script, server.origin], { cwd: project })
    const output = result.stdout.trim().split('\n').pop() ?? ''
    record(label, result.ok && output === 'smoke ok', `${result.stdout}\n${result.stderr}`)
  }
  const tsc = join(root, 'node_modules', '.bin', 'tsc')
  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json']) {
    const result = await exec(tsc, ['-p', config], { cwd: project })
    record(`TypeScript (${config.split('.')[1]}): the types of every package`, result.ok, result.stdout + result.stderr)
  }
} catch (error) {
  if (!(error instanceof StopError)) record('pack smoke test ran to its end', false, error?.stack ?? String(error))
} finally {
  server?.close()
  if (!keep) rmSync(work, { recursive: true, force: true })
  else console.log(`kept ${work}`)
}

if (reportPath) writeFileSync(reportPath, `${JSON.stringify({ checks }, null, 2)}\n`)
const failed = checks.filter((check) => !check.ok).length
console.log(`\n${checks.length - failed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)

/** The modification time of the oldest file under `directory`. */
function oldestFile(directory) {
  let oldest = Number.POSITIVE_INFINITY
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name)
    oldest = Math.min(oldest, entry.isDirectory() ? oldestFile(path) : statSync(path).mtimeMs)
  }
  return oldest
}

/** A loopback server that answers 200 to requests the installed core verifies, 401 to the rest. */
async function startVerifyingServer(directory) {
  const core = await import(pathToFileURL(createRequire(join(directory, 'package.json')).resolve('@oauthkit/core')).href)
  const nonceStore = new core.MemoryNonceStore()
  const http = createServer(async (incoming, outgoing) => {
    const chunks = []
    for await (const chunk of incoming) chunks.push(chunk)
    const body = Buffer.concat(chunks)
    const request = new Request(new URL(incoming.url, `http://${incoming.headers.host}`), {
      method: incoming.method,
      headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
        Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value]],
      ),
      body: body.length > 0 ? body : undefined,
    })
    try {
      const verified = await core.verifyOAuth1(request, {
        lookupConsumer: (key) => (key === CREDENTIALS.consumerKey ? { secret: CREDENTIALS.consumerSecret } : undefined),
        lookupToken: (token) => (token === CREDENTIALS.token ? { secret: CREDENTIALS.tokenSecret } : undefined),
        nonceStore,
      })
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verified: verified.consumerKey }))
    } catch (error) {
      outgoing.writeHead(401, { 'content-type': 'text/plain' }).end(String(error?.code ?? error))
    }
  })
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${http.address().port}`, close: () => http.close() }
}

function esmScript(names) {
  return `// Generated by scripts/pack-smoke.mjs.
import assert from 'node:assert/strict'
import { oauth1 } from '@oauthkit/core'
import { withOAuth as withFetch } from '@oauthkit/fetch'
import { withOAuth as withKy } from '@oauthkit/ky'
import { withOAuth as withGot } from '@oauthkit/got'
import { withOAuth as withAxios } from '@oauthkit/axios'
import axios from 'axios'
import ky from 'ky'
import got from 'got'

const origin = process.argv[2]
for (const name of ${JSON.stringify(names)}) assert.equal(typeof (await import(name)), 'object', name)
const signer = oauth1(${JSON.stringify(CREDENTIALS)})
const signed = await signer.sign({ method: 'GET', url: origin + '/core?step=1' })
assert.equal((await fetch(signed.url, { headers: signed.headers })).status, 200, 'core')
assert.equal((await withFetch(fetch, signer)(origin + '/fetch?step=2')).status, 200, 'fetch')
assert.deepEqual(await withKy(ky, signer).get(origin + '/ky', { searchParams: { step: 3 } }).json(), { verified: 'smoke-consumer' }, 'ky')
assert.deepEqual(await withGot(got, signer).get(origin + '/got', { searchParams: { step: 4 } }).json(), { verified: 'smoke-consumer' }, 'got')
const instance = axios.create({ baseURL: origin })
withAxios(instance, signer)
assert.equal((await instance.post('/axios', new URLSearchParams({ step: '5' }))).status, 200, 'axios')
console.log('smoke ok')
`
}

function cjsScript(names) {
  return `// Generated by scripts/pack-smoke.mjs.
const assert = require('node:assert/strict')
const origin = process.argv[2]
for (const name of ${JSON.stringify(names)}) {
  const loaded = require(name)
  assert.equal(typeof loaded, 'object', name)
  assert.equal('default' in loaded && Object.keys(loaded).length === 1, false, name + ' is only a default export')
}
const { oauth1 } = require('@oauthkit/core')
const { withOAuth } = require('@oauthkit/axios')
const { withOAuth: withFetch } = require('@oauthkit/fetch')
const axios = require('axios')
assert.equal(typeof withOAuth, 'function')
const signer = oauth1(${JSON.stringify(CREDENTIALS)})
const instance = axios.create({ baseURL: origin })
withOAuth(instance, signer)
Promise.all([instance.get('/axios-cjs', { params: { step: 6 } }), withFetch(fetch, signer)(origin + '/fetch-cjs?step=7')]).then(
  ([fromAxios, fromFetch]) => {
    assert.equal(fromAxios.status, 200, 'axios')
    assert.equal(fromFetch.status, 200, 'fetch')
    console.log('smoke ok')
  },
  (error) => {
    console.error(error)
    process.exitCode = 1
  },
)
`
}

function typesScript(names) {
  const namespaces = names.map((name, i) => `import * as package${i} from '${name}'`).join('\n')
  return `// Generated by scripts/pack-smoke.mjs: compiled with tsc, never run.
${namespaces}
import { oauth1, type OAuth1Signer, type SignedRequest } from '@oauthkit/core'
import { withOAuth as withFetch, type OAuthFetch } from '@oauthkit/fetch'
import { withOAuth as withKy } from '@oauthkit/ky'
import { withOAuth as withGot } from '@oauthkit/got'
import { withOAuth as withAxios } from '@oauthkit/axios'
import axios from 'axios'
import ky from 'ky'
import got from 'got'

export const everyPackage: object[] = [${names.map((_, i) => `package${i}`).join(', ')}]
const signer: OAuth1Signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
export const signed: Promise<SignedRequest> = signer.sign({ method: 'GET', url: 'https://api.example.com/' })
export const signedFetch: OAuthFetch = withFetch(fetch, signer)
export const kyClient = withKy(ky, signer)
export const gotClient = withGot(got, signer)
export const eject: () => void = withAxios(axios.create(), signer)
export const placement: Promise<unknown> = signedFetch('https://api.example.com/', { oauth: { placement: 'query' } })
// The per-request options typed on the instances ky's and got's withOAuth return.
export const kyTyped: Promise<unknown> = kyClient.get('https://api.example.com/', { oauth: { placement: 'query' } }).json<number>()
export const gotTyped: Promise<unknown> = gotClient.get('https://api.example.com/', { context: { oauth: false } }).json<number>()
// @ts-expect-error a misspelt placement (ky)
export const kyTypo: unknown = kyClient.get('https://api.example.com/', { context: { oauth: { placement: 'querry' } } })
// @ts-expect-error a misspelt placement (got)
export const gotTypo: unknown = gotClient.get('https://api.example.com/', { context: { oauth: { placement: 'querry' } } })
`
}

function typesRequireScript(names) {
  const required = names.map((name, i) => `import required${i} = require('${name}')`).join('\n')
  return `// Generated by scripts/pack-smoke.mjs: the CommonJS types (.d.cts), compiled with tsc, never run.
${required}
import core = require('@oauthkit/core')
import adapter = require('@oauthkit/axios')
import axios = require('axios')

export const everyPackage: object[] = [${names.map((_, i) => `required${i}`).join(', ')}]
export const eject: () => void = adapter.withOAuth(axios.create(), core.oauth1({ consumerKey: 'key', consumerSecret: 'secret' }))
`
}

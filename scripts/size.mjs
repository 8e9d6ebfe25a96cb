// Size budgets of what a browser app ships, from the packages' builds (dist/, so run the build first).
//
// Each entry is bundled as an app's bundler does it: rolldown (Vite's bundler), platform browser,
// minified, tree-shaken, code split at dynamic imports, nothing external but the HTTP clients.
// "Initial" is what the browser loads up front: the entry chunk and every chunk it imports
// statically, gzipped together (node:zlib, level 9). The core loads a few parts only when they are
// needed (RSA keys, body hashes, problem reports on a refusal, clock-skew correction, Node's own
// crypto): those are the "on demand" chunks, measured and listed too. A single-file bundle without
// code splitting (esbuild) is printed beside it: what an app that inlines everything ships.
//
//   node scripts/size.mjs          prints the table; exits 1 when a budget or a check fails
//   node scripts/size.mjs --files  also where the bytes of the initial oauth1 bundle come from
//   node scripts/size.mjs --json   the same measurements as JSON
//
// Every number that decides pass or fail is in BUDGETS below. `budget` fails the test command;
// `target` is where we want to be, printed next to it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { rolldown } from 'rolldown'

export const BUDGETS = {
  /**
   * `import { oauth1 } from '@oauthkit/core'`: bytes of min+gzip loaded up front. 6.4 kB since the
   * signer refuses PLAINTEXT over plain http and a per-request token without its secret, replaces
   * escaped names of an earlier attempt, and reads form bodies held as bytes (6.09 → 6.29 kB).
   * 6.6 kB since form decoding is one pass that never throws, as a hostile body needs (6.29 → 6.53 kB).
   * 6.65 kB since RSA and Node's HMAC are imported once, not per signing function (+0.05 kB: 6.60 kB).
   */
  coreOAuth1: { budget: 6_650, target: 3_000 },
  /**
   * The same as one file, every on-demand part inlined (an app without code splitting). 10.3 kB since
   * this stop's checks above and a problem-report parser that skips quoted strings (10.23 kB). 11 kB
   * since a refusal's review redacts the signer's secrets from the report (+0.39 kB, all of it in the
   * on-demand review, none up front), scans a challenge of at most 8192 characters in one pass
   * (+0.05 kB), and the one-pass form decoder above (+0.23 kB): 10.93 kB. 11.1 kB since the modules
   * are imported once and the Authorization header is parsed by slices, for verifyOAuth1 (11.02 kB).
   */
  coreOAuth1OneFile: { budget: 11_100 },
  /**
   * What each adapter adds to that (adapter + core minus core alone), bytes of min+gzip up front.
   * 2.3 kB since axios follows the redirects of its fetch adapter too (2.09 → 2.20 kB); 2.55 kB since
   * the call loop is core's one driver for fetch and axios, not two inline loops (axios 2.27 → 2.50 kB).
   */
  adapter: { budget: 2_550, target: 1_500 },
}

/** The adapters, each with its client left external. */
export const ADAPTERS = ['axios', 'fetch', 'ky', 'got']
const CLIENTS = ['axios', 'ky', 'got']

/** Strings found only in the OAuth 2 code of the core (packages/core/src/oauth2/). */
const OAUTH2_MARKERS = ['grant_type', 'code_verifier', 'client_credentials']

const root = fileURLToPath(new URL('..', import.meta.url))
const gzip = (text) => gzipSync(text, { level: 9 }).length

/** Bundles `contents` (an ES module) as an app would, split at dynamic imports. */
async function bundle(contents) {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-size-'))
  const input = join(dir, 'entry.js')
  writeFileSync(input, contents)
  try {
    const bundler = await rolldown({
      input,
      platform: 'browser',
      external: CLIENTS,
      resolve: { modules: [join(root, 'node_modules')] },
      logLevel: 'silent',
    })
    const { output } = await bundler.generate({ format: 'esm', minify: true })
    const chunks = new Map(output.filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk]))
    const entry = [...chunks.values()].find((chunk) => chunk.isEntry)
    const initial = new Set()
    for (const pending = [entry.fileName]; pending.length > 0; ) {
      const name = pending.pop()
      if (initial.has(name)) continue
      initial.add(name)
      pending.push(...chunks.get(name).imports.filter((imported) => chunks.has(imported)))
    }
    const code = (names) => [...names].map((name) => chunks.get(name).code).join('\n')
    const initialCode = code(initial)
    const onDemand = [...chunks.keys()]
      .filter((name) => !initial.has(name))
      .map((name) => {
        const chunk = chunks.get(name)
        const sources = Object.entries(chunk.modules)
          .filter(([, module]) => module.renderedLength > 0)
          .map(([id]) => id.replace(/^.*\/packages\//, ''))
        return { chunk: name.replace(/-[\w-]{8}\.js$/, ''), min: chunk.code.length, gzip: gzip(chunk.code), sources }
      })
    const modules = [...initial].flatMap((name) =>
      Object.entries(chunks.get(name).modules).map(([id, module]) => ({
        file: id.replace(`${root}`, ''),
        rendered: module.renderedLength,
      })),
    )
    return {
      min: initialCode.length,
      gzip: gzip(initialCode),
      onDemand,
      allText: code(chunks.keys()),
      modules: modules.filter((module) => module.rendered > 0).sort((a, b) => b.rendered - a.rendered),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same entry as one file, dynamic imports inlined (esbuild without code splitting). */
async function singleFile(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: 'browser',
    format: 'esm',
    external: CLIENTS,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return { min: code.length, gzip: gzip(code) }
}

export async function measure() {
  const oauth1Entry = `export { oauth1 } from '@oauthkit/core'`
  const core = await bundle(oauth1Entry)
  const coreSingle = await singleFile(oauth1Entry)
  const rows = [
    {
      entry: "core: import { oauth1 } from '@oauthkit/core'",
      min: core.min,
      gzip: core.gzip,
      singleFileGzip: coreSingle.gzip,
      ...verdict(core.gzip, BUDGETS.coreOAuth1),
    },
  ]
  const oneFileOk = coreSingle.gzip <= BUDGETS.coreOAuth1OneFile.budget
  for (const adapter of ADAPTERS) {
    const contents = `${oauth1Entry}\nexport { withOAuth } from '@oauthkit/${adapter}'`
    const both = await bundle(contents)
    const bothSingle = await singleFile(contents)
    const added = both.gzip - core.gzip
    rows.push({
      entry: `@oauthkit/${adapter} on top of the core`,
      min: both.min - core.min,
      gzip: added,
      singleFileGzip: bothSingle.gzip - coreSingle.gzip,
      ...verdict(added, BUDGETS.adapter),
    })
  }
  // What signing itself weighs, with the fast paths the signing benchmark needs and nothing else:
  // encoding, parameter parsing and sorting, the base string, the HMAC, the nonce. Everything else
  // in the oauth1 bundle is checking, placing and stripping.
  const dist = (module) => JSON.stringify(join(root, 'packages/core/dist', module))
  const pipelineEntry = [
    `import { baseStringOf } from ${dist('oauth1/signing/base-string.js')}`,
    `import { createSignFunction } from ${dist('oauth1/signing/signature.js')}`,
    `import { generateNonce } from ${dist('oauth1/signing/nonce.js')}`,
    `import { percentEncode, percentEncodeTwice } from ${dist('http/percent-encode.js')}`,
    `import { addFormParameters } from ${dist('http/parameters.js')}`,
    'export const parts = [baseStringOf, createSignFunction, generateNonce, percentEncode, percentEncodeTwice, addFormParameters]',
  ].join('\n')
  const pipeline = await bundle(pipelineEntry)
  const pipelineSingle = await singleFile(pipelineEntry)
  rows.push({
    entry: 'core: the signing pipeline alone (for reference)',
    min: pipeline.min,
    gzip: pipeline.gzip,
    singleFileGzip: pipelineSingle.gzip,
  })
  const everything = await singleFile(`export * from '@oauthkit/core'`)
  rows.push({ entry: "core: export * from '@oauthkit/core' (for reference)", min: everything.min, gzip: everything.gzip })
  const peer = await singleFile(
    [
      "import OAuth from 'oauth-1.0a'",
      "import hmacSHA1 from 'crypto-js/hmac-sha1'",
      "import Base64 from 'crypto-js/enc-base64'",
      "export const signer = (consumer) => new OAuth({ consumer, signature_method: 'HMAC-SHA1', hash_function: (base, key) => Base64.stringify(hmacSHA1(base, key)) })",
    ].join('\n'),
  )
  rows.push({ entry: 'oauth-1.0a + crypto-js HMAC-SHA1 (for reference)', min: peer.min, gzip: peer.gzip })

  // OAuth 2 stays out of an OAuth 1.0a bundle, on-demand chunks included: none of the marker strings
  // of the OAuth 2 code, which an OAuth 2 bundle does contain, and no module of core/src/oauth2/.
  const oauth2 = await bundle(`export { oauth2 } from '@oauthkit/core'`)
  const oauth2Modules = [...core.modules, ...core.onDemand.flatMap((chunk) => chunk.sources.map((file) => ({ file })))].filter((module) =>
    module.file.includes('/oauth2/'),
  )
  const checks = [
    {
      check: `the oauth1 bundle as one file, ${kB(coreSingle.gzip)} kB, within its budget of ${kB(BUDGETS.coreOAuth1OneFile.budget)} kB`,
      ok: oneFileOk,
    },
    { check: 'an oauth2 bundle contains the OAuth 2 markers', ok: OAUTH2_MARKERS.every((marker) => oauth2.allText.includes(marker)) },
    {
      check: 'the oauth1 bundle, on-demand chunks included, contains none of them',
      ok: OAUTH2_MARKERS.every((marker) => !core.allText.includes(marker)),
    },
    { check: `no module of core/src/oauth2/ in the oauth1 bundle (${oauth2Modules.length} found)`, ok: oauth2Modules.length === 0 },
    {
      check: 'the signer loads RSA, body hashes, problem reports and clock correction on demand',
      ok: ['rsa', 'body-hash', 'response-review', 'clock-skew'].every((name) => core.onDemand.some((chunk) => chunk.chunk === name)),
    },
  ]
  return {
    rows,
    onDemand: core.onDemand,
    checks,
    breakdown: core.modules,
    ok: rows.every((row) => row.ok !== false) && checks.every((check) => check.ok),
  }
}

function verdict(size, { budget, target }) {
  return { budget, ok: size <= budget, target, targetMet: size <= target }
}

const kB = (bytes) => (bytes / 1000).toFixed(2)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2))
  else {
    console.log('Bundle sizes in kB: rolldown, browser, minified, split at dynamic imports; gzip level 9.')
    console.log('"initial" is what loads up front; "one file" is the same entry with everything inlined (esbuild).\n')
    console.log(
      `${'entry'.padEnd(56)} ${'min'.padStart(7)} ${'initial'.padStart(8)} ${'one file'.padStart(9)} ${'budget'.padStart(7)} ${'target'.padStart(7)}`,
    )
    for (const row of result.rows) {
      const limits =
        row.budget === undefined
          ? ''
          : `${kB(row.budget).padStart(7)} ${kB(row.target).padStart(7)}  ${row.ok ? 'ok' : 'OVER BUDGET'}${row.targetMet ? '' : ', target not met'}`
      const single = row.singleFileGzip === undefined ? kB(row.gzip) : kB(row.singleFileGzip)
      const initial = row.singleFileGzip === undefined ? '' : kB(row.gzip)
      console.log(`${row.entry.padEnd(56)} ${kB(row.min).padStart(7)} ${initial.padStart(8)} ${single.padStart(9)} ${limits}`)
    }
    console.log('\nLoaded on demand by the oauth1 bundle (min+gzip):')
    for (const chunk of result.onDemand)
      console.log(`  ${chunk.chunk.padEnd(18)} ${kB(chunk.gzip).padStart(6)}  ${chunk.sources.join(', ')}`)
    console.log('')
    for (const check of result.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.check}`)
    if (process.argv.includes('--files')) {
      console.log('\nThe initial oauth1 bundle by module (rendered bytes, before minifying):')
      for (const { file, rendered } of result.breakdown) console.log(`${String(rendered).padStart(7)}  ${file}`)
    }
  }
  process.exit(result.ok ? 0 : 1)
}

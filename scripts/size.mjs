// Size budgets of what a browser app ships: each entry bundled with esbuild (platform browser,
// minified, tree-shaken, nothing external but the HTTP client peers) from the packages' builds
// (dist/, so run the build first), and gzipped with node:zlib (level 9).
//
//   node scripts/size.mjs          prints the table; exits 1 when a budget or a check fails
//   node scripts/size.mjs --files  also where the bytes of the oauth1 bundle come from
//   node scripts/size.mjs --json   the same measurements as JSON
//
// Every number that decides pass or fail is in BUDGETS below. `budget` fails the test command;
// `target` is where we want to be, printed next to it (the budgets keep what we have from growing
// while the targets are not met).

import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

export const BUDGETS = {
  /** `import { oauth1 } from '@oauthkit/core'`, bytes of min+gzip. */
  coreOAuth1: { budget: 10_000, target: 3_000 },
  /** What each adapter adds on top of that (adapter + core minus core alone), bytes of min+gzip. */
  adapter: { budget: 1_900, target: 1_500 },
}

/** The adapters, each with its client left external. */
export const ADAPTERS = ['axios', 'fetch', 'ky', 'got']
const CLIENTS = ['axios', 'ky', 'got']

/** Strings found only in the OAuth 2 code of the core (packages/core/src/oauth2/). */
const OAUTH2_MARKERS = ['grant_type', 'code_verifier', 'client_credentials']

const root = fileURLToPath(new URL('..', import.meta.url))

async function bundle(contents, { source = false } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: 'browser',
    format: 'esm',
    external: CLIENTS,
    // The source build maps every output byte to its source file; the default one uses dist/.
    conditions: source ? ['@oauthkit/source'] : [],
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  const [output] = Object.values(result.metafile.outputs)
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, text: new TextDecoder().decode(code), inputs: output.inputs }
}

export async function measure() {
  const core = await bundle(`export { oauth1 } from '@oauthkit/core'`)
  const rows = [
    { entry: "core: import { oauth1 } from '@oauthkit/core'", min: core.min, gzip: core.gzip, ...verdict(core.gzip, BUDGETS.coreOAuth1) },
  ]
  for (const adapter of ADAPTERS) {
    const both = await bundle(`export { oauth1 } from '@oauthkit/core'\nexport { withOAuth } from '@oauthkit/${adapter}'`)
    const added = both.gzip - core.gzip
    rows.push({
      entry: `@oauthkit/${adapter} on top of the core`,
      min: both.min - core.min,
      gzip: added,
      ...verdict(added, BUDGETS.adapter),
    })
  }
  const everything = await bundle(`export * from '@oauthkit/core'`)
  rows.push({ entry: "core: export * from '@oauthkit/core' (for reference)", min: everything.min, gzip: everything.gzip })
  const peer = await bundle(
    [
      "import OAuth from 'oauth-1.0a'",
      "import hmacSHA1 from 'crypto-js/hmac-sha1'",
      "import Base64 from 'crypto-js/enc-base64'",
      "export const signer = (consumer) => new OAuth({ consumer, signature_method: 'HMAC-SHA1', hash_function: (base, key) => Base64.stringify(hmacSHA1(base, key)) })",
    ].join('\n'),
  )
  rows.push({ entry: 'oauth-1.0a + crypto-js HMAC-SHA1 (for reference)', min: peer.min, gzip: peer.gzip })

  // OAuth 2 stays out of an OAuth 1.0a bundle: no byte of packages/core/src/oauth2/ in the source
  // build, and none of its marker strings in the dist build — which an OAuth 2 bundle does contain.
  const oauth2 = await bundle(`export { oauth2 } from '@oauthkit/core'`)
  const oauth1Source = await bundle(`export { oauth1 } from '@oauthkit/core'`, { source: true })
  const oauth2Bytes = Object.entries(oauth1Source.inputs)
    .filter(([file]) => file.includes('packages/core/src/oauth2/'))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  const checks = [
    { check: 'an oauth2 bundle contains the OAuth 2 markers', ok: OAUTH2_MARKERS.every((marker) => oauth2.text.includes(marker)) },
    { check: 'the oauth1 bundle contains none of them', ok: OAUTH2_MARKERS.every((marker) => !core.text.includes(marker)) },
    { check: `no byte of packages/core/src/oauth2/ in the oauth1 bundle (${oauth2Bytes} bytes)`, ok: oauth2Bytes === 0 },
  ]
  // Where the bytes of the oauth1 bundle come from (minified, before gzip), largest first.
  const breakdown = Object.entries(oauth1Source.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file, input]) => ({ file, min: input.bytesInOutput }))
    .sort((a, b) => b.min - a.min)
  return { rows, checks, breakdown, ok: rows.every((row) => row.ok !== false) && checks.every((check) => check.ok) }
}

function verdict(size, { budget, target }) {
  return { budget, ok: size <= budget, target, targetMet: size <= target }
}

const kB = (bytes) => (bytes / 1000).toFixed(2)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2))
  else {
    console.log('Bundle sizes (esbuild, browser, minified; gzip level 9), in kB\n')
    console.log(`${'entry'.padEnd(56)} ${'min'.padStart(7)} ${'gzip'.padStart(7)} ${'budget'.padStart(7)} ${'target'.padStart(7)}`)
    for (const row of result.rows) {
      const limits =
        row.budget === undefined
          ? ''
          : `${kB(row.budget).padStart(7)} ${kB(row.target).padStart(7)}  ${row.ok ? 'ok' : 'OVER BUDGET'}${row.targetMet ? '' : ', target not met'}`
      console.log(`${row.entry.padEnd(56)} ${kB(row.min).padStart(7)} ${kB(row.gzip).padStart(7)} ${limits}`)
    }
    console.log('')
    for (const check of result.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.check}`)
    if (process.argv.includes('--files')) {
      console.log('\nThe oauth1 bundle by source file (minified bytes, before gzip):')
      for (const { file, min } of result.breakdown) console.log(`${String(min).padStart(7)}  ${file}`)
    }
  }
  process.exit(result.ok ? 0 : 1)
}

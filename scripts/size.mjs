// Size budgets of what a browser app loads, measured the way such an app lives: a small app is
// bundled with code splitting (esbuild, minified, platform browser), served on loopback and run in
// Chromium; it signs one HMAC-SHA1 request (or sends one through an adapter), and every script the
// browser fetched is added up, each gzipped on its own (level 9) as it travels. Parts the request
// does not need (RSA, body hashes, problem reports, clock-skew correction, Node's crypto) are chunks
// the page never fetches. Uses the packages' builds (dist/): run the build first.
//
//   node scripts/size.mjs          prints the table; exits 1 when a budget or a check fails
//   node scripts/size.mjs --files  also which modules the fetched scripts carry
//   node scripts/size.mjs --json   the same measurements as JSON
//
// Every number that decides pass or fail is in BUDGETS below. `budget` fails the test command;
// `target` is where we want to be, printed next to it.

import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { gzip, openBrowser } from './browser-load.mjs'

export const BUDGETS = {
  /**
   * Every script Chromium fetches to sign one HMAC-SHA1 request with `oauth1().sign()` (min+gzip).
   * 7.88 kB when first measured this way (9.70 kB before `isOAuthProblem` left the problem parser,
   * which esbuild then loaded up front). The target is the 3 kB: see docs/performance.md
   * for what each remaining kB is.
   */
  signer: { budget: 8_050, target: 3_000 },
  /**
   * What sending that request through `@oauthkit/fetch` adds (min+gzip). 2.45 kB since a refusal
   * comes back as the response with what the provider said (2.12 → 2.38 kB): each attempt's base
   * string kept, the refusal recorded against its response, and its marking shared with the review.
   */
  fetch: { budget: 2_450, target: 1_500 },
  /** What axios's and ky's adapters add to the signer and the client, one request each (min+gzip). */
  adapter: { budget: 2_600, target: 1_500 },
}

const root = fileURLToPath(new URL('..', import.meta.url))
const CREDENTIALS = "{ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' }"
// Source text of the apps: the page's own origin, read in the browser.
const URL_OF_PAGE = "new URL('/photos?size=original', location.href).href"
const finish = '.then((value) => { globalThis.done = value }, (error) => { globalThis.done = error })'

/** The apps: each ends by setting `globalThis.done` to the Authorization header that was sent. */
const APPS = {
  signer: [
    "import { oauth1 } from '@oauthkit/core'",
    `oauth1(${CREDENTIALS}).sign({ method: 'GET', url: ${URL_OF_PAGE} }).then((signed) => signed.headers.get('authorization'))${finish}`,
  ],
  fetch: [
    "import { oauth1 } from '@oauthkit/core'",
    "import { withOAuth } from '@oauthkit/fetch'",
    `withOAuth(fetch, oauth1(${CREDENTIALS}))(${URL_OF_PAGE}).then((response) => response.json()).then((body) => body.authorization)${finish}`,
  ],
  axios: ["import axios from 'axios'", `axios.get(${URL_OF_PAGE}).then(() => 'OAuth unsigned')${finish}`],
  axiosSigned: [
    "import axios from 'axios'",
    "import { oauth1 } from '@oauthkit/core'",
    "import { withOAuth } from '@oauthkit/axios'",
    'const api = axios.create()',
    `withOAuth(api, oauth1(${CREDENTIALS}))`,
    `api.get(${URL_OF_PAGE}).then((response) => response.data.authorization)${finish}`,
  ],
  ky: ["import ky from 'ky'", `ky.get(${URL_OF_PAGE}).then(() => 'OAuth unsigned')${finish}`],
  kySigned: [
    "import ky from 'ky'",
    "import { oauth1 } from '@oauthkit/core'",
    "import { withOAuth } from '@oauthkit/ky'",
    `withOAuth(ky, oauth1(${CREDENTIALS})).get(${URL_OF_PAGE}).json().then((body) => body.authorization)${finish}`,
  ],
  peer: [
    "import OAuth from 'oauth-1.0a'",
    "import hmacSHA1 from 'crypto-js/hmac-sha1'",
    "import Base64 from 'crypto-js/enc-base64'",
    "const oauth = new OAuth({ consumer: { key: 'key', secret: 'secret' }, signature_method: 'HMAC-SHA1', hash_function: (base, key) => Base64.stringify(hmacSHA1(base, key)) })",
    `const request = { method: 'GET', url: ${URL_OF_PAGE} }`,
    `Promise.resolve(oauth.toHeader(oauth.authorize(request, { key: 'token', secret: 'token-secret' })).Authorization)${finish}`,
  ],
}

/** Modules a page that signs one HMAC request must not fetch: they load when a request needs them. */
const ON_DEMAND = {
  rsa: 'core/dist/oauth1/signing/rsa.js',
  'body hashes': 'core/dist/oauth1/signing/body-hash.js',
  'problem reports': 'core/dist/oauth1/problem.js',
  'response review': 'core/dist/oauth1/response-review.js',
  'clock-skew correction': 'core/dist/oauth1/clock-skew.js',
  "Node's crypto": 'core/dist/oauth1/signing/node-hmac.js',
}

const SIGNED = /^OAuth oauth_consumer_key="key", oauth_token="token", oauth_signature_method="HMAC-SHA1", .*oauth_signature="[^"]+"$/

export async function measure() {
  const browser = await openBrowser()
  const pages = {}
  try {
    for (const [name, lines] of Object.entries(APPS)) {
      const page = await browser.load(lines.join('\n'))
      pages[name] = { ...page, gzip: page.scripts.reduce((sum, script) => sum + script.gzip, 0) }
    }
  } finally {
    await browser.close()
  }
  const signer = pages.signer.gzip
  const rows = [
    { entry: 'oauth1().sign(), one HMAC-SHA1 request', page: 'signer', gzip: signer, ...verdict(signer, BUDGETS.signer) },
    {
      entry: '+ @oauthkit/fetch, one request',
      page: 'fetch',
      gzip: pages.fetch.gzip - signer,
      ...verdict(pages.fetch.gzip - signer, BUDGETS.fetch),
    },
  ]
  for (const client of ['axios', 'ky']) {
    const added = pages[`${client}Signed`].gzip - pages[client].gzip - signer
    rows.push({
      entry: `+ @oauthkit/${client} (the client itself not counted)`,
      page: `${client}Signed`,
      gzip: added,
      ...verdict(added, BUDGETS.adapter),
    })
  }
  rows.push({ entry: 'oauth-1.0a + crypto-js, one request (for reference)', page: 'peer', gzip: pages.peer.gzip })
  const oneFile = await singleFile(APPS.signer[0])
  rows.push({ entry: 'the signer as one file, nothing split (for reference)', gzip: oneFile })

  const fetchedModules = (page) => pages[page].scripts.flatMap((script) => script.modules.map((module) => module.module))
  const inSomeChunk = (module) => pages.signer.chunks.some((chunk) => chunk.modules.some((entry) => entry.module === module))
  const checks = [
    ...['signer', 'fetch', 'axiosSigned', 'kySigned'].map((page) => ({
      check: `the ${page} page sent a request signed with HMAC-SHA1`,
      ok: typeof pages[page].result === 'string' && SIGNED.test(pages[page].result),
    })),
    ...Object.entries(ON_DEMAND).map(([part, module]) => ({
      check: `the signer loads ${part} on demand: a chunk of its own, not fetched to sign with HMAC`,
      ok: inSomeChunk(module) && !fetchedModules('signer').includes(module) && !fetchedModules('fetch').includes(module),
    })),
    {
      check: 'no OAuth 2 module is fetched by the signer or the fetch page',
      // Each page's modules known first: an empty list would pass any "none of them" check.
      ok:
        fetchedModules('signer').length > 0 &&
        fetchedModules('fetch').length > 0 &&
        [...fetchedModules('signer'), ...fetchedModules('fetch')].every((module) => !module.includes('/oauth2/')),
    },
  ]
  return {
    rows,
    checks,
    scripts: Object.fromEntries(['signer', 'fetch'].map((page) => [page, pages[page].scripts])),
    ok: rows.every((row) => row.ok !== false) && checks.every((check) => check.ok),
  }
}

/** The signer app's import as one file (esbuild without code splitting): what an app that inlines everything ships. */
async function singleFile(contents) {
  const result = await build({
    stdin: { contents: `${contents}\nexport { oauth1 }`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  return gzip(result.outputFiles[0].contents)
}

function verdict(size, { budget, target }) {
  return { budget, ok: size <= budget, target, targetMet: size <= target }
}

const kB = (bytes) => (bytes / 1000).toFixed(2)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2))
  else {
    console.log('kB of min+gzip that Chromium fetched: esbuild, minified, code split; each script gzipped (level 9).\n')
    console.log(`${'what the page does'.padEnd(56)} ${'kB'.padStart(6)} ${'budget'.padStart(7)} ${'target'.padStart(7)}`)
    for (const row of result.rows) {
      const limits =
        row.budget === undefined
          ? ''
          : `${kB(row.budget).padStart(7)} ${kB(row.target).padStart(7)}  ${row.ok ? 'ok' : 'OVER BUDGET'}${row.targetMet ? '' : ', target not met'}`
      console.log(`${row.entry.padEnd(56)} ${kB(row.gzip).padStart(6)} ${limits}`)
    }
    console.log('')
    for (const check of result.checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.check}`)
    if (process.argv.includes('--files')) {
      for (const [page, scripts] of Object.entries(result.scripts)) {
        console.log(`\nThe scripts the ${page} page fetched (gzip of each; its modules in minified bytes):`)
        for (const script of scripts) {
          console.log(`  ${kB(script.gzip).padStart(6)}  ${script.file}`)
          for (const { module, bytes } of script.modules) console.log(`          ${String(bytes).padStart(6)}  ${module}`)
        }
      }
    }
  }
  process.exit(result.ok ? 0 : 1)
}

// Where each adapter's time goes, beyond signing: the adapters' own sources, rebuilt with one step
// taken out (an ablation), measured paired and interleaved with the bare client, the bare client
// after sign(), and the adapter as built. The saving of an ablation is the median per-round
// difference from the unchanged sources built the same way ("ablated: none"), in µs of wall time and
// of this process's CPU time.
//
//   node bench/ablation.mjs [fetch|axios|ky|got ...] [--rounds N] [--list]
//
// Also measured: the adapter with a stand-in authorizer that puts a ready Authorization header on
// (no signing: the adapter's and the binding's own work), and the same without `onResponse`.
// Each ablation is a text replacement in packages/*/src (bundled with esbuild into .tmp/ablation,
// @oauthkit/core and the HTTP clients external); one that no longer matches the source is reported
// and skipped. Ablations are measuring instruments: some are wrong for other requests than this GET.
import { mkdirSync, readFileSync } from 'node:fs'
import { build } from 'esbuild'
import { benchSigner, clientTasks } from './adapters.mjs'
import { median, paired, pairedDifference } from './paired.mjs'
import { startServer } from './server.mjs'

const root = new URL('../', import.meta.url)
const args = process.argv.slice(2)
const roundsIndex = args.indexOf('--rounds')
const rounds = roundsIndex === -1 ? 1500 : Number(args[roundsIndex + 1])
const selected = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--rounds')

const FETCH = 'packages/fetch/src/with-oauth.ts'
const AXIOS = 'packages/axios/src/with-oauth.ts'
const KY = 'packages/ky/src/with-oauth.ts'
const GOT = 'packages/got/src/with-oauth.ts'

/** Ablations of the fetch adapter; the ky adapter goes through it, so they apply there too. */
const fetchAblations = {
  'no new Request (string input)': [
    [
      FETCH,
      'const request = new Request(input, requestInit)',
      `const request = input instanceof Request ? new Request(input, requestInit)
        : { url: new URL(String(input)).href, method: (requestInit.method ?? 'GET').toUpperCase(), headers: new Headers(requestInit.headers), redirect: requestInit.redirect ?? 'follow', body: null, signal: requestInit.signal }`,
    ],
  ],
  'no copy of a Request input': [
    [
      FETCH,
      'const request = new Request(input, requestInit)',
      'const request = input instanceof Request && Object.keys(requestInit).length === 0 ? input : new Request(input, requestInit)',
    ],
  ],
  'no shared init (signal, mode…)': [[FETCH, 'const shared = sharedInit(request)', 'const shared = {}']],
  'shared init without signal': [
    [FETCH, 'const shared = sharedInit(request)', 'const { signal: _signal, ...shared } = sharedInit(request)'],
  ],
  'no Headers copy into parts': [[FETCH, 'headers: new Headers(request.headers),', 'headers: request.headers,']],
  'no readBody': [[FETCH, 'body: await readBody(request),', 'body: null,']],
  'no redirect check': [[FETCH, 'const hop = follow ?', 'const hop = undefined && follow ?']],
  'no review': [[FETCH, 'const verdict = await call.review(', 'const verdict = undefined && await call.review(']],
}

const ATTEMPT = 'packages/core/src/attempt.ts'

/**
 * Ablations of the core's binding (packages/core/src/attempt.ts, built from source for the
 * measurement only): what the core changes proposed for the adapters would save. They are compared
 * with "none, core from source".
 */
const coreAblations = {
  'core: review without the origin check': [
    [
      ATTEMPT,
      'if (auth.onResponse === undefined || !mayCarryCredentials(requestUrl(request), scope)) return undefined',
      'if (auth.onResponse === undefined) return undefined',
    ],
  ],
  'core: review skipped below 400 (status filter)': [
    [
      ATTEMPT,
      'async review(response, request) {',
      'async review(response, request) {\n          if (response.status < 400) return undefined',
    ],
  ],
  'core: attempt, initial origin parsed once': [
    [ATTEMPT, 'const scope = { initialUrl, origins }', 'const scope = { initialUrl: new URL(initialUrl), origins }'],
  ],
  'core: attempt without the origin check': [
    [ATTEMPT, 'if (!mayCarryCredentials(requestUrl(request), scope)) return auth.strip(request)', ''],
  ],
}

const clients = {
  fetch: { ...fetchAblations, ...coreAblations },
  'ky 2': {
    ...fetchAblations,
    ...coreAblations,
    'no beforeRequest hook': [[KY, 'hooks: { beforeRequest: [carryContextOptions] }', 'hooks: { beforeRequest: [] }']],
  },
  axios: {
    ...coreAblations,
    'no review (and no ResponseParts)': [[AXIOS, "(await call.review(responseParts(response), parts)) === 'retry'", 'false']],
    'review, ResponseParts not built': [
      [AXIOS, 'call.review(responseParts(response), parts)', 'call.review(STATIC_PARTS, parts)'],
      [AXIOS, 'const wrappers =', "const STATIC_PARTS = { status: 200, headers: new Headers(), text: async () => '' }\nconst wrappers ="],
    ],
    'no absoluteUrl()': [[AXIOS, 'url: absoluteUrl(config)', 'url: config.url']],
    'getAdapter() once': [
      [
        AXIOS,
        'const inner = wrapped?.inner ?? getAdapter(current ?? instance.defaults.adapter ?? axios.defaults.adapter, config)',
        'const inner = wrapped?.inner ?? (cached ??= getAdapter(current ?? instance.defaults.adapter ?? axios.defaults.adapter, config))',
      ],
      [AXIOS, 'const installAdapter =', 'let cached\n  const installAdapter ='],
    ],
    'outgoing(): set the header only': [
      [
        AXIOS,
        'const sent = new Headers(headerPairs(hop.headers))',
        "const quick = new AxiosHeaders(hop.headers); quick.set('authorization', authorized.headers.get('authorization'), true)\n  if (quick) return { ...config, method: authorized.method.toLowerCase(), url: authorized.url, baseURL: undefined, params: undefined, data: hop.data, headers: quick }\n  const sent = new Headers(headerPairs(hop.headers))",
      ],
    ],
  },
  'got 16': {
    ...coreAblations,
    'no afterResponse work': [[GOT, 'if (call === undefined || call.unsigned) return response', 'if (true) return response']],
    'afterResponse: no readHeaders(response)': [[GOT, 'headers: readHeaders(response.headers),', 'headers: new Headers(),']],
    'authorize: no header diff': [
      [
        GOT,
        'for (const [name, value] of authorized.headers) if (headers.get(name) !== value) setHeader(options.headers, name, value)',
        "setHeader(options.headers, 'authorization', authorized.headers.get('authorization'))",
      ],
      [GOT, 'for (const [name] of headers) if (!authorized.headers.has(name)) deleteHeader(options.headers, name)', ''],
    ],
    'authorize: URL not parsed again': [[GOT, 'const url = new URL(String(options.url))', 'const url = options.url']],
  },
}

if (args.includes('--list')) {
  for (const [client, ablations] of Object.entries(clients)) console.log(client, Object.keys(ablations))
  process.exit(0)
}

const outDir = new URL('.tmp/ablation/', root)
mkdirSync(outDir, { recursive: true })

/** Builds the adapter of `client` with `patches` applied; resolves with its `withOAuth`. */
async function buildVariant(client, name, patches) {
  const entry = { fetch: FETCH, 'ky 2': KY, axios: AXIOS, 'got 16': GOT }[client]
  const unused = new Set(patches)
  const coreFromSource = patches.some(([target]) => target.startsWith('packages/core/'))
  const file = new URL(`${client.replace(/\W/g, '')}-${name.replace(/\W+/g, '-')}.mjs`, outDir)
  await build({
    entryPoints: [new URL(entry, root).pathname],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: file.pathname,
    logLevel: 'error',
    external: [...(coreFromSource ? [] : ['@oauthkit/core']), 'axios', 'got', 'ky'],
    plugins: [
      {
        name: 'ablate',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^@oauthkit\/fetch$/ }, () => ({ path: new URL('packages/fetch/src/index.ts', root).pathname }))
          if (coreFromSource)
            esbuild.onResolve({ filter: /^@oauthkit\/core$/ }, () => ({ path: new URL('packages/core/src/index.ts', root).pathname }))
          esbuild.onLoad({ filter: /packages\/\w+\/src\/.*\.ts$/ }, ({ path }) => {
            let contents = readFileSync(path, 'utf8')
            for (const patch of patches) {
              const [target, from, to] = patch
              if (!path.endsWith(target) || !contents.includes(from)) continue
              contents = contents.replace(from, to)
              unused.delete(patch)
            }
            return { contents, loader: 'ts' }
          })
        },
      },
    ],
  })
  if (unused.size > 0) return undefined
  return (await import(file.href)).withOAuth
}

/** An authorizer that puts a ready header on: the adapter's own work, without signing. */
function standIn(signer, header, { review }) {
  return {
    kind: 'oauth1',
    placement: 'header',
    origins: [],
    strip: (request) => signer.strip(request),
    async authorize(request) {
      const headers = new Headers(request.headers)
      headers.set('authorization', header)
      return { method: request.method, url: String(request.url), headers, body: request.body ?? null }
    },
    ...(review ? { onResponse: (response, request) => signer.onResponse(response, request) } : {}),
  }
}

const server = await startServer()
try {
  const signer = benchSigner()
  const url = `${server.origin}/resource?page=2&sort=new`
  const tasks = await clientTasks(url, signer)
  const header = (await signer.sign({ method: 'GET', url })).headers.get('authorization')
  const { default: axios } = await import('axios')
  const { default: got } = await import('got')
  const { default: ky } = await import('ky')
  const sendThrough = {
    fetch: (withOAuth, auth) => {
      const signedFetch = withOAuth(fetch, auth)
      return async () => (await signedFetch(url)).text()
    },
    'ky 2': (withOAuth, auth) => {
      const signedKy = withOAuth(ky, auth)
      return () => signedKy.get(url).text()
    },
    axios: (withOAuth, auth) => {
      const instance = axios.create()
      withOAuth(instance, auth)
      return () => instance.get(url)
    },
    'got 16': (withOAuth, auth) => {
      const signedGot = withOAuth(got, auth)
      return () => signedGot(url).text()
    },
  }
  for (const [client, ablations] of Object.entries(clients)) {
    if (selected.length > 0 && !selected.some((name) => client.startsWith(name))) continue
    const own = tasks[client]
    const set = {
      bare: own.bare,
      'bare after sign()': own.signed,
      adapter: own.adapter(signer),
      'adapter, stand-in authorizer': own.adapter(standIn(signer, header, { review: true })),
      'adapter, stand-in without onResponse': own.adapter(standIn(signer, header, { review: false })),
    }
    // The sources rebuilt without any change: what the ablations are compared with (a bundle of its
    // own, as each ablation is, so that the build and the code's warmth are alike).
    const core = Object.values(ablations).some((patches) => patches.some(([target]) => target.startsWith('packages/core/')))
    const none = { none: [], ...(core ? { 'none, core from source': [[ATTEMPT, 'let replayed = false', 'let replayed = false']] } : {}) }
    for (const [name, patches] of Object.entries({ ...none, ...ablations })) {
      const withOAuth = await buildVariant(client, name, patches)
      if (withOAuth === undefined) console.log(`${client}: ablation "${name}" no longer matches the source; skipped`)
      else set[`ablated: ${name}`] = sendThrough[client](withOAuth, signer)
    }
    const { wall, cpu } = await paired(set, { rounds, warmup: 300 })
    const bare = median(wall.bare)
    console.log(`\n${client}: bare ${(bare / 1000).toFixed(1)} µs wall, ${(median(cpu.bare) / 1000).toFixed(1)} µs CPU; ${rounds} rounds`)
    const referenceOf = (name) => (name.startsWith('ablated: core:') ? 'ablated: none, core from source' : 'ablated: none')
    const rows = Object.keys(set).map((name) => ({
      task: name,
      'wall − bare µs': round1(pairedDifference(wall[name], wall.bare) / 1000),
      'CPU − bare µs': round1(pairedDifference(cpu[name], cpu.bare) / 1000),
      'of bare': `${((median(wall[name]) / bare - 1) * 100).toFixed(1)}%`,
      'saves (wall µs)': name.startsWith('ablated') ? round1(pairedDifference(wall[referenceOf(name)], wall[name]) / 1000) : '',
      'saves (CPU µs)': name.startsWith('ablated') ? round1(pairedDifference(cpu[referenceOf(name)], cpu[name]) / 1000) : '',
    }))
    console.table(rows)
  }
} finally {
  await server.close()
}

function round1(value) {
  return Math.round(value * 10) / 10
}

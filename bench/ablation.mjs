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
import { benchSigner, clientTasks, SIGNER_OPTIONS } from './adapters.mjs'
import { median, paired, pairedDifference } from './paired.mjs'
import { startServer } from './server.mjs'

const root = new URL('../', import.meta.url)
const args = process.argv.slice(2)
const roundsIndex = args.indexOf('--rounds')
const rounds = roundsIndex === -1 ? 1500 : Number(args[roundsIndex + 1])
const onlyIndex = args.indexOf('--only')
const only = onlyIndex === -1 ? undefined : args[onlyIndex + 1]
const selected = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--rounds' && args[index - 1] !== '--only')

const FETCH = 'packages/fetch/src/with-oauth.ts'
const AXIOS = 'packages/axios/src/with-oauth.ts'
const KY = 'packages/ky/src/with-oauth.ts'
const GOT = 'packages/got/src/with-oauth.ts'

/** Ablations of the fetch adapter; the ky adapter goes through it, so they apply there too. */
const fetchAblations = {
  'a Request built for every call (as before)': [
    [FETCH, 'const plain = plainStart(input, init)', 'const plain = undefined'],
    [FETCH, 'const request = asIs(input, init) ? input : new Request(input, init)', 'const request = new Request(input, init)'],
  ],
  'no Headers copy into parts': [[FETCH, 'headers: new Headers(request.headers),', 'headers: request.headers,']],
  'no redirect check': [[FETCH, 'const hop = follow ?', 'const hop = undefined && follow ?']],
  'no review': [[FETCH, 'if (!reviews(auth, response.status)) return response', 'return response']],
}

const ATTEMPT = 'packages/core/src/attempt.ts'
const SIGNER = 'packages/core/src/signer.ts'

/**
 * Ablations of the core (built from source for the measurement only, never committed): what the core
 * changes proposed for the adapters would save. They are compared with "none, core from source".
 */
const coreAblations = {
  'core: oauth1() lists onResponseStatuses [400, 401]': [
    [SIGNER, 'onResponse: reviewOAuth1Response(', 'onResponseStatuses: [400, 401],\n    onResponse: reviewOAuth1Response('],
  ],
  "core: review reuses attempt's origin decision": [
    [ATTEMPT, 'let replayed = false', 'let replayed = false\n      const carried = new WeakSet<object>()'],
    [
      ATTEMPT,
      'if (!mayCarryCredentials(requestUrl(request), scope)) return auth.strip(request)',
      'if (!mayCarryCredentials(requestUrl(request), scope)) return auth.strip(request)\n          carried.add(request)',
    ],
    [
      ATTEMPT,
      'if (auth.onResponse === undefined || !mayCarryCredentials(requestUrl(request), scope)) return undefined',
      'if (auth.onResponse === undefined || !(carried.has(request) || mayCarryCredentials(requestUrl(request), scope))) return undefined',
    ],
  ],
  'core: attempt parses each URL once': [
    [ATTEMPT, 'let replayed = false', 'let replayed = false\n      let initialOrigin: string | undefined'],
    [
      ATTEMPT,
      'if (!mayCarryCredentials(requestUrl(request), scope)) return auth.strip(request)',
      `const origin = requestUrl(request).origin
          initialOrigin ??= new URL(initialUrl).origin
          if (!(origins.length > 0 ? origins.includes(origin) : origin === initialOrigin)) return auth.strip(request)`,
    ],
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
    'no review': [[AXIOS, 'reviews(owner.auth, response.status)', 'false']],
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
        'const sent = new Headers(headerPairs(hopHeaders))',
        "const quick = new AxiosHeaders(hop.headers); quick.set('authorization', authorized.headers.get('authorization'), true)\n  if (quick) return { ...config, method: authorized.method.toLowerCase(), url: authorized.url, baseURL: undefined, params: undefined, data: hop.data, headers: quick }\n  const sent = new Headers(headerPairs(hopHeaders))",
      ],
    ],
  },
  'got 16': {
    ...coreAblations,
    'no afterResponse hook': [[GOT, 'afterResponse: [', 'afterResponse: [] || [']],
    'no review': [[GOT, '|| !reviews(auth, response.statusCode)) return response', '|| true) return response']],
    'authorize: no header diff': [
      [
        GOT,
        'for (const [name, value] of authorized.headers) if (headers.get(name) !== value) setHeader(options.headers, name, value)',
        "setHeader(options.headers, 'authorization', authorized.headers.get('authorization'))",
      ],
      [GOT, 'for (const [name] of headers) if (!authorized.headers.has(name)) deleteHeader(options.headers, name)', ''],
    ],
  },
}

if (args.includes('--list')) {
  for (const [client, ablations] of Object.entries(clients)) console.log(client, Object.keys(ablations))
  process.exit(0)
}

const outDir = new URL('.tmp/ablation/', root)
mkdirSync(outDir, { recursive: true })

/**
 * Builds the adapter of `client` with `patches` applied; resolves with its `withOAuth` and the
 * `oauth1` of the core it uses (the patched one when a patch is in the core).
 */
async function buildVariant(client, name, patches) {
  const entry = { fetch: FETCH, 'ky 2': KY, axios: AXIOS, 'got 16': GOT }[client]
  const unused = new Set(patches)
  const coreFromSource = patches.some(([target]) => target.startsWith('packages/core/'))
  const file = new URL(`${client.replace(/\W/g, '')}-${name.replace(/\W+/g, '-')}.mjs`, outDir)
  await build({
    stdin: {
      contents: `export { withOAuth } from './${entry}'\nexport { oauth1 } from '@oauthkit/core'`,
      resolveDir: root.pathname,
      loader: 'ts',
    },
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
  return import(file.href)
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
    const chosen = Object.entries(ablations).filter(([name]) => only === undefined || name.includes(only))
    for (const [name, patches] of [...Object.entries(none), ...chosen]) {
      const variant = await buildVariant(client, name, patches)
      if (variant === undefined) console.log(`${client}: ablation "${name}" no longer matches the source; skipped`)
      // The signer comes from the variant's core, so that a change to oauth1() is measured too.
      else set[`ablated: ${name}`] = sendThrough[client](variant.withOAuth, variant.oauth1({ ...SIGNER_OPTIONS }))
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

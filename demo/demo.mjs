// The oauthkit demo: an OAuth 1.0a provider (@oauthkit/server) on loopback, the three-legged dance
// (oauth1Session), then one protected resource called through axios, ky, got and fetch in every
// placement. Prints a table and exits non-zero if any row failed. No network, no configuration.
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { withOAuth as withOAuthAxios } from '@oauthkit/axios'
import { oauth1Session } from '@oauthkit/core'
import { PLACEMENTS } from '@oauthkit/core/adapter'
import { parseForm } from '@oauthkit/core/oauth1'
import { withOAuth as withOAuthFetch } from '@oauthkit/fetch'
import { withOAuth as withOAuthGot } from '@oauthkit/got'
import { withOAuth as withOAuthKy } from '@oauthkit/ky'
import { MemoryConsumerStore, nodeListener, oauth1Provider } from '@oauthkit/server'
import axios from 'axios'
import got from 'got'
import ky from 'ky'

const CONSUMER = { key: 'demo-consumer', secret: 'demo consumer secret' }

/** Where a request carried its oauth_* parameters, as the provider received it. */
async function carried(request) {
  const places = []
  if ((request.headers.get('authorization') ?? '').startsWith('OAuth ')) places.push('header')
  const url = new URL(request.url)
  if (parseForm(url.search.slice(1)).some(([name]) => name.startsWith('oauth_'))) places.push('query')
  if (/x-www-form-urlencoded/.test(request.headers.get('content-type') ?? '')) {
    if (parseForm(await request.clone().text()).some(([name]) => name.startsWith('oauth_'))) places.push('body')
  }
  return places.join(' + ') || 'nothing'
}

/** Starts the provider; `/api/me` is the protected resource. */
async function startProvider() {
  const provider = oauth1Provider({
    consumers: new MemoryConsumerStore([CONSUMER]),
    realm: 'oauthkit demo',
    // The user's decision: the authorization page (a GET) is a consent form, and only its POST
    // approves. A real app also checks the signed-in user and a CSRF field here (docs/server.md).
    decide: async ({ request, consumer }) => {
      if (request.method === 'GET') {
        const form = `<form method="post">Allow ${consumer.key} to act for you? <button name="allow" value="yes">Allow</button></form>`
        return new Response(form, { headers: { 'content-type': 'text/html; charset=utf-8' } })
      }
      const form = new URLSearchParams(await request.text())
      return form.get('allow') === 'yes' ? { approve: true, user: { id: 'u-42', name: 'demo user' } } : { deny: true }
    },
    // Accept Falcon's FULL placements (header plus a copy), which RFC 5849 3.5 does not allow.
    allowCopiedParameters: true,
  })
  const app = async (request) => {
    if (new URL(request.url).pathname !== '/api/me') return provider.handle(request)
    const sent = await carried(request)
    const result = await provider.protect(request)
    if (!result.ok) return new Response(JSON.stringify({ sent, problem: result.problem }), { status: 401 })
    return Response.json({ sent, location: result.location, user: result.user.name, consumer: result.consumer.key })
  }
  const server = createServer(nodeListener(app))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** The three-legged dance; the "browser" opens the consent form, posts "Allow" and reads the redirect. */
async function dance(origin) {
  const session = oauth1Session({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret })
  await session.fetchRequestToken(`${origin}/oauth/request_token`, { callback: `${origin}/callback` })
  const authorizationUrl = session.authorizationUrl(`${origin}/oauth/authorize`)
  const page = await (await fetch(authorizationUrl)).text()
  if (!page.includes('<form method="post">')) throw new Error(`the authorization page is not the consent form: ${page}`)
  // The form has no action: it posts back to the authorization URL, oauth_token in its query.
  const approved = await fetch(authorizationUrl, { method: 'POST', body: new URLSearchParams({ allow: 'yes' }), redirect: 'manual' })
  const { verifier } = session.parseAuthorizationResponse(approved.headers.get('location'))
  await session.fetchAccessToken(`${origin}/oauth/access_token`, { verifier })
  return session.signer
}

/** One client per library, each sending `POST /api/me` with a form body in the given placement. */
const clients = {
  axios: async (origin, auth, placement) => {
    const instance = axios.create({ baseURL: origin, validateStatus: () => true })
    withOAuthAxios(instance, auth, { placement })
    const response = await instance.post('/api/me?demo=1', new URLSearchParams({ greeting: 'hello' }))
    return { status: response.status, body: response.data }
  },
  ky: async (origin, auth, placement) => {
    const api = withOAuthKy(ky.create({ prefix: origin, throwHttpErrors: false }), auth, { placement })
    const response = await api.post('api/me?demo=1', { body: new URLSearchParams({ greeting: 'hello' }) })
    return { status: response.status, body: await response.json() }
  },
  got: async (origin, auth, placement) => {
    const api = withOAuthGot(got.extend({ prefixUrl: origin, throwHttpErrors: false }), auth, { placement })
    const response = await api.post('api/me?demo=1', { form: { greeting: 'hello' } })
    return { status: response.statusCode, body: JSON.parse(response.body) }
  },
  fetch: async (origin, auth, placement) => {
    const signedFetch = withOAuthFetch(undefined, auth, { placement })
    const response = await signedFetch(`${origin}/api/me?demo=1`, { method: 'POST', body: new URLSearchParams({ greeting: 'hello' }) })
    return { status: response.status, body: await response.json() }
  },
}

/** One line under the table: what its columns say. */
export const LEGEND =
  'One POST per row, through that client, asked for that placement; sent: where the provider found the oauth_* parameters; verified: what its verifier accepted.'
export const NEXT = 'Next: docs/getting-started.md signs a request with your own client; every guide: docs/README.md.'

const EXPECTED = { header: 'header', query: 'query', body: 'body', 'header+query': 'header + query', 'header+body': 'header + body' }

/** Runs the demo and returns its rows; `print` writes the table. */
export async function runDemo({ print = () => {} } = {}) {
  const provider = await startProvider()
  try {
    const auth = await dance(provider.origin)
    const rows = []
    for (const [client, send] of Object.entries(clients)) {
      for (const placement of PLACEMENTS) {
        const { status, body } = await send(provider.origin, auth, placement)
        const ok = status === 200 && body.sent === EXPECTED[placement] && body.user === 'demo user'
        const verified = status === 200 ? `${body.location}, ${body.consumer} for ${body.user}` : `refused: ${body.problem}`
        rows.push({ client, placement, sent: body.sent, verified, ok })
      }
    }
    const width = (key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length))
    const columns = ['client', 'placement', 'sent', 'verified']
    const line = (cells) => `${cells.map((cell, i) => String(cell).padEnd(width(columns[i]))).join('  ')}\n`
    print(line(columns) + line(columns.map((column) => '-'.repeat(width(column)))))
    for (const row of rows) print(`${line(columns.map((column) => row[column])).slice(0, -1)}  ${row.ok ? 'ok' : 'FAILED'}\n`)
    const failed = rows.filter((row) => !row.ok).length
    print(`\n${LEGEND}\n`)
    print(`${rows.length - failed} of ${rows.length} rows verified${failed ? `; ${failed} FAILED` : ''}, `)
    print(`by a provider on ${provider.origin} after the three-legged dance gave "demo user" an access token.\n`)
    print(`${NEXT}\n`)
    return rows
  } finally {
    await provider.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runDemo({ print: (text) => process.stdout.write(text) })
    .then((rows) => {
      process.exitCode = rows.every((row) => row.ok) ? 0 : 1
    })
    .catch((error) => {
      process.stderr.write(`demo: ${error.message}\n`)
      process.exitCode = 1
    })
}

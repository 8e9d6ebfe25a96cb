// (d) Verifying requests signed by oauthlib: `verifyOAuth1` against `oauth1().sign()` of the same
// requests in the same process, and against oauthlib's own `ResourceEndpoint` verifying them in a
// Python child process (bench/oauthlib-verify.py), round for round.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { MemoryNonceStore, oauth1, verifyOAuth1 } from '@oauthkit/core'
import { compare, throughputRatio } from './compare.mjs'
import { credentials, form, url } from './signing.mjs'

/** The interpreter with python3-oauthlib, as in the interop tests (test/interop/oauthlib/fixtures.ts). */
const PYTHON = '/usr/bin/python3'
const SCRIPT = fileURLToPath(new URL('./oauthlib-verify.py', import.meta.url))
/** Every request's timestamp, and the verifiers' fixed clock. */
const NOW_SECONDS = 1_700_000_000
/** Distinct requests, each with its own nonce and status text. */
const REQUESTS = 1000
const BATCH = 64

/** (a)'s status update, the i-th of {@link REQUESTS}: its text and its nonce differ from the others'. */
function requestCase(i) {
  const body = new URLSearchParams({ ...form, status: `${form.status} #${i}` }).toString()
  return {
    id: String(i),
    uri: url,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    clientKey: credentials.consumerKey,
    clientSecret: credentials.consumerSecret,
    resourceOwnerKey: credentials.token,
    resourceOwnerSecret: credentials.tokenSecret,
    signatureMethod: 'HMAC-SHA1',
    signatureType: 'AUTH_HEADER',
    nonce: createHash('sha256').update(`nonce ${i}`).digest('hex').slice(0, 32),
    timestamp: NOW_SECONDS,
  }
}

/** bench/oauthlib-verify.py in a child process: one JSON line asked, one answered. */
function startOauthlib() {
  const child = spawn(PYTHON, [SCRIPT, '--now', String(NOW_SECONDS)], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const exited = new Promise((_, reject) =>
    child.on('exit', (code) => reject(new Error(`bench/oauthlib-verify.py exited (${code}): ${stderr}`))),
  )
  exited.catch(() => {})
  return {
    async ask(message) {
      child.stdin.write(`${JSON.stringify(message)}\n`)
      const line = await Promise.race([lines.next(), exited])
      if (line.done) throw new Error(`bench/oauthlib-verify.py stopped: ${stderr}`)
      return JSON.parse(line.value)
    },
    close: () => child.stdin.end(),
  }
}

/** @param {{ rounds?: number, time?: number }} options */
export async function verifyBenchmark(options) {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} (with python3-oauthlib) is not installed` }
  const oauthlib = startOauthlib()
  try {
    const cases = Array.from({ length: REQUESTS }, (_, i) => requestCase(i))
    const signed = await oauthlib.ask({
      sign: cases,
      clients: { [credentials.consumerKey]: { secret: credentials.consumerSecret } },
      tokens: { [credentials.token]: { client: credentials.consumerKey, secret: credentials.tokenSecret } },
    })
    const refused = signed.find((each) => each.error !== undefined)
    if (refused) throw new Error(`oauthlib did not sign request ${refused.id}: ${refused.error}`)
    // What a server hands verifyOAuth1: the parts of the request as they arrived.
    const requests = signed.map(({ method, uri, headers, body }) => ({ method, url: uri, headers, body }))
    // The same requests before signing, for sign().
    const unsigned = cases.map(({ method, uri, headers, body }) => ({ method, url: uri, headers, body }))

    const verifyOptions = {
      lookupConsumer: (key) => (key === credentials.consumerKey ? { secret: credentials.consumerSecret } : undefined),
      lookupToken: (token, consumerKey) =>
        token === credentials.token && consumerKey === credentials.consumerKey ? { secret: credentials.tokenSecret } : undefined,
      now: () => NOW_SECONDS * 1000,
      nonceStore: new MemoryNonceStore(),
    }
    let next = 0
    let verified = 0
    let verifyCalls = 0
    const verifyNext = async () => {
      // A fresh store each time the requests start over: every verification is a first use of its nonce.
      if (next === requests.length) {
        next = 0
        verifyOptions.nonceStore = new MemoryNonceStore()
      }
      verifyCalls++
      const result = await verifyOAuth1(requests[next++], verifyOptions)
      if (result.token === credentials.token && result.consumerKey === credentials.consumerKey) verified++
    }
    const signer = oauth1(credentials)
    let signNext = 0
    let sink = 0
    const nextUnsigned = () => unsigned[signNext++ % unsigned.length]

    const results = await compare(
      {
        'oauthkit verifyOAuth1() (MemoryNonceStore)': async () => {
          for (let i = 0; i < BATCH; i++) await verifyNext()
        },
        'oauthkit oauth1().sign() with its Headers': async () => {
          for (let i = 0; i < BATCH; i++) sink += (await signer.sign(nextUnsigned())).headers.get('authorization').length
        },
        'oauthkit oauth1().authorize()': async () => {
          for (let i = 0; i < BATCH; i++) sink += (await signer.authorize(nextUnsigned())).headerChanges.authorization.length
        },
      },
      {
        ...options,
        batch: BATCH,
        outside: {
          "oauthlib ResourceEndpoint (Python's oauthlib)": async ({ time, warmup, batch }) =>
            oauthlib.ask({ round: { timeMs: time, warmupMs: warmup, batch } }),
        },
      },
    )
    // Every verification counted must have succeeded: a refusal would have thrown, and this checks it did not return early.
    if (verified === 0 || verified !== verifyCalls) throw new Error(`${verifyCalls - verified} of ${verifyCalls} verifications failed`)
    if (sink === 0) throw new Error('nothing was signed')
    const [verify, sign, authorize, peer] = Object.values(results)
    const versusSign = throughputRatio(verify, sign)
    const versusOauthlib = throughputRatio(verify, peer)
    return {
      requests: { count: REQUESTS, method: 'POST', url, signedParameters: 11, signatureMethod: 'HMAC-SHA1', signedBy: 'oauthlib 3.2.2' },
      verified,
      tasks: results,
      ratios: { versusSign, versusOauthlib, versusAuthorize: throughputRatio(verify, authorize) },
      targets: {
        versusSign: { atLeast: 0.5, met: versusSign >= 0.5 },
        versusOauthlib: { atLeast: 10, met: versusOauthlib >= 10 },
      },
    }
  } finally {
    oauthlib.close()
  }
}

// (b) What each adapter adds to a request of its client: the same GET to a loopback server, bare
// (with a fixed Authorization header of the same size, so the same bytes go on the wire) and through
// the adapter with an OAuth 1.0a signer (HMAC-SHA1, Authorization header, signed afresh each time),
// as a ratio of median latencies. A third task signs each request with sign() and hands the header to
// the bare client: the share of signing in that overhead. A fourth task is the bare client again: the
// A/A comparison, whose "overhead" is the noise floor of the run.
//
// The tasks of a client are measured paired and interleaved (bench/paired.mjs): every round sends one
// request of each, in a shuffled order.
import { createHmac } from 'node:crypto'
import { withOAuth as withAxios } from '@oauthkit/axios'
import { oauth1 } from '@oauthkit/core'
import { withOAuth as withFetch } from '@oauthkit/fetch'
import { withOAuth as withGot } from '@oauthkit/got'
import { withOAuth as withKy } from '@oauthkit/ky'
import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { round3 } from './compare.mjs'
import { median, overheadOf, paired, pairedDifference } from './paired.mjs'

const TARGET = 0.05

export const SIGNER_OPTIONS = Object.freeze({
  consumerKey: 'bench-consumer',
  consumerSecret: 'bench-secret',
  token: 'bench-token',
  tokenSecret: 'bench-token-secret',
})

export const benchSigner = () => oauth1({ ...SIGNER_OPTIONS })

/**
 * For each client: `bare` (a fixed Authorization header), `signed` (the bare client after a fresh
 * `sign()`), and `adapter(auth)`, a task sending through `withOAuth(client, auth)`.
 * @param {string} url @param {ReturnType<typeof benchSigner>} signer
 */
export async function clientTasks(url, signer) {
  const bareAxios = axios.create()
  const { headers: once } = await signer.sign({ method: 'GET', url })
  const headers = { authorization: once.get('authorization') }
  const fresh = async () => ({ authorization: (await signer.sign({ method: 'GET', url })).headers.get('authorization') })
  return {
    fetch: {
      bare: async () => (await fetch(url, { headers })).text(),
      signed: async () => (await fetch(url, { headers: await fresh() })).text(),
      adapter: (auth) => {
        const signedFetch = withFetch(fetch, auth)
        return async () => (await signedFetch(url)).text()
      },
    },
    axios: {
      bare: () => bareAxios.get(url, { headers }),
      signed: async () => bareAxios.get(url, { headers: await fresh() }),
      adapter: (auth) => {
        const signedAxios = axios.create()
        withAxios(signedAxios, auth)
        return () => signedAxios.get(url)
      },
    },
    'ky 2': {
      bare: () => ky.get(url, { headers }).text(),
      signed: async () => ky.get(url, { headers: await fresh() }).text(),
      adapter: (auth) => {
        const signedKy = withKy(ky, auth)
        return () => signedKy.get(url).text()
      },
    },
    'got 16': {
      bare: () => got(url, { headers }).text(),
      signed: async () => got(url, { headers: await fresh() }).text(),
      adapter: (auth) => {
        const signedGot = withGot(got, auth)
        return () => signedGot(url).text()
      },
    },
  }
}

/**
 * What the same work costs right after the event loop woke for a response, and at once again: the
 * HMAC floor and `authorize()`, each timed first thing after a bare fetch of `url` and then a second
 * time. On a machine whose CPU idles while the request is away, the first run finds cold caches:
 * it is that cost, not the hot-loop one, that a request pays.
 * @param {string} url @param {ReturnType<typeof benchSigner>} signer @param {number} rounds
 */
export async function afterResponse(url, signer, rounds) {
  const request = { method: 'GET', url }
  const timings = { hmacFirst: [], hmacAgain: [], authorizeFirst: [], authorizeAgain: [] }
  const time = async (name, work) => {
    const start = process.hrtime.bigint()
    await work()
    timings[name].push(Number(process.hrtime.bigint() - start))
  }
  const key = `${SIGNER_OPTIONS.consumerSecret}&${SIGNER_OPTIONS.tokenSecret}`
  const hmac = () => createHmac('sha1', key).update(url).digest('base64')
  const authorize = () => signer.authorize(request)
  for (let round = 0; round < rounds; round++) {
    // Alternate which of the two goes first after the response.
    const [first, second] =
      round % 2 === 0
        ? [
            ['hmac', hmac],
            ['authorize', authorize],
          ]
        : [
            ['authorize', authorize],
            ['hmac', hmac],
          ]
    await (await fetch(url)).text()
    await time(`${first[0]}First`, first[1])
    await time(`${first[0]}Again`, first[1])
    await (await fetch(url)).text()
    await time(`${second[0]}First`, second[1])
    await time(`${second[0]}Again`, second[1])
  }
  const us = (name) => round3(median(Float64Array.from(timings[name])) / 1000)
  return {
    hmacFirstUs: us('hmacFirst'),
    hmacAgainUs: us('hmacAgain'),
    authorizeFirstUs: us('authorizeFirst'),
    authorizeAgainUs: us('authorizeAgain'),
  }
}

/** @param {{ origin: string }} server @param {{ rounds?: number }} options */
export async function adaptersBenchmark(server, options) {
  const signer = benchSigner()
  const url = `${server.origin}/resource?page=2&sort=new`
  const clients = await clientTasks(url, signer)
  const results = {}
  for (const [client, tasks] of Object.entries(clients)) {
    const measured = await paired(
      { bare: tasks.bare, 'bare again': tasks.bare, 'bare after sign()': tasks.signed, 'with the adapter': tasks.adapter(signer) },
      { rounds: options.rounds, warmup: Math.min(500, options.rounds) },
    )
    const { wall, cpu } = measured
    const bare = median(wall.bare)
    const overhead = overheadOf(wall['with the adapter'], wall.bare)
    const signing = overheadOf(wall['bare after sign()'], wall.bare)
    const noise = overheadOf(wall['bare again'], wall.bare)
    results[client] = {
      bareMedianUs: round3(bare / 1000),
      bareAfterSignMedianUs: round3(median(wall['bare after sign()']) / 1000),
      adapterMedianUs: round3(median(wall['with the adapter']) / 1000),
      signingShare: round3(signing.estimate),
      overhead: round3(overhead.estimate),
      overheadInterval: [round3(overhead.low), round3(overhead.high)],
      noiseFloor: round3(noise.estimate),
      noiseInterval: [round3(noise.low), round3(noise.high)],
      pairedDifferenceUs: {
        adapter: round3(pairedDifference(wall['with the adapter'], wall.bare) / 1000),
        signing: round3(pairedDifference(wall['bare after sign()'], wall.bare) / 1000),
        noise: round3(pairedDifference(wall['bare again'], wall.bare) / 1000),
      },
      cpuMedianUs: {
        bare: round3(median(cpu.bare) / 1000),
        'bare after sign()': round3(median(cpu['bare after sign()']) / 1000),
        'with the adapter': round3(median(cpu['with the adapter']) / 1000),
      },
      samples: measured.rounds * Object.keys(wall).length,
      target: { atMost: TARGET, met: overhead.estimate <= TARGET },
    }
  }
  return {
    request: { method: 'GET', url: '/resource?page=2&sort=new', signatureMethod: 'HMAC-SHA1', placement: 'header' },
    afterResponse: await afterResponse(url, signer, Math.min(1000, options.rounds ?? 1000)),
    method: 'paired: one request of each task per round, shuffled order; ratio of medians, 95% bootstrap interval over rounds',
    server: server.isolation,
    clients: results,
  }
}

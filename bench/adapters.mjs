// (b) What each adapter adds to a request of its client: the same GET to a loopback server, bare
// (with a fixed Authorization header of the same size, so the same bytes go on the wire) and through
// the adapter with an OAuth 1.0a signer (HMAC-SHA1, Authorization header, signed afresh each time),
// as a ratio of median latencies. A third task signs each request with sign() and hands the header to
// the bare client: the share of signing in that overhead.
import { withOAuth as withAxios } from '@oauthkit/axios'
import { oauth1 } from '@oauthkit/core'
import { withOAuth as withFetch } from '@oauthkit/fetch'
import { withOAuth as withGot } from '@oauthkit/got'
import { withOAuth as withKy } from '@oauthkit/ky'
import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { compare, round3 } from './compare.mjs'

const TARGET = 0.05

/** @param {{ origin: string }} server @param {{ rounds?: number, time?: number }} options */
export async function adaptersBenchmark(server, options) {
  const signer = oauth1({
    consumerKey: 'bench-consumer',
    consumerSecret: 'bench-secret',
    token: 'bench-token',
    tokenSecret: 'bench-token-secret',
  })
  const url = `${server.origin}/resource?page=2&sort=new`
  const bareAxios = axios.create()
  const signedAxios = axios.create()
  withAxios(signedAxios, signer)
  const signedFetch = withFetch(fetch, signer)
  const signedKy = withKy(ky, signer)
  const signedGot = withGot(got, signer)
  const { headers: once } = await signer.sign({ method: 'GET', url })
  const headers = { authorization: once.get('authorization') }
  const fresh = async () => ({ authorization: (await signer.sign({ method: 'GET', url })).headers.get('authorization') })
  const clients = {
    fetch: {
      bare: async () => (await fetch(url, { headers })).text(),
      signed: async () => (await fetch(url, { headers: await fresh() })).text(),
      adapter: async () => (await signedFetch(url)).text(),
    },
    axios: {
      bare: () => bareAxios.get(url, { headers }),
      signed: async () => bareAxios.get(url, { headers: await fresh() }),
      adapter: () => signedAxios.get(url),
    },
    'ky 2': {
      bare: () => ky.get(url, { headers }).text(),
      signed: async () => ky.get(url, { headers: await fresh() }).text(),
      adapter: () => signedKy.get(url).text(),
    },
    'got 16': {
      bare: () => got(url, { headers }).text(),
      signed: async () => got(url, { headers: await fresh() }).text(),
      adapter: () => signedGot(url).text(),
    },
  }
  const results = {}
  for (const [client, tasks] of Object.entries(clients)) {
    // Many short rounds, alternating the order: drift in the machine's load weighs on every task alike.
    const measured = await compare(
      { bare: tasks.bare, 'bare after sign()': tasks.signed, 'with the adapter': tasks.adapter },
      { rounds: options.rounds * 5, time: Math.max(50, options.time / 5), warmup: 50 },
    )
    const bare = measured.bare.medianNs
    const overhead = round3(measured['with the adapter'].medianNs / bare - 1)
    results[client] = {
      bareMedianUs: round3(bare / 1000),
      bareAfterSignMedianUs: round3(measured['bare after sign()'].medianNs / 1000),
      adapterMedianUs: round3(measured['with the adapter'].medianNs / 1000),
      signingShare: round3(measured['bare after sign()'].medianNs / bare - 1),
      overhead,
      samples: Object.values(measured).reduce((sum, task) => sum + task.samples, 0),
      target: { atMost: TARGET, met: overhead <= TARGET },
    }
  }
  return {
    request: { method: 'GET', url: '/resource?page=2&sort=new', signatureMethod: 'HMAC-SHA1', placement: 'header' },
    clients: results,
  }
}

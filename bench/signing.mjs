// (a) Signing a typical request with HMAC-SHA1: oauthkit's signer against the `oauth-1.0a` package
// with Node's crypto, and against the floor, one HMAC-SHA1 over a ready base string.
import { createHmac } from 'node:crypto'
import { oauth1 } from '@oauthkit/core'
import OAuth from 'oauth-1.0a'
import { compare, throughputRatio } from './compare.mjs'

// X (Twitter)'s documented example credentials: a 43 + 41 character secret pair, as real ones are.
export const credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
}
// A status update: two query parameters, three form parameters and six protocol parameters — eleven
// signed parameters, one of them a sentence to encode.
export const url = 'https://api.x.com/1.1/statuses/update.json?include_entities=true&trim_user=1'
export const form = { status: 'Hello Ladies + Gentlemen, a signed OAuth request!', lat: '37.7821120598956', long: '-122.400612831116' }
const request = {
  method: 'POST',
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(form).toString(),
}

// Operations per task call, so that the timer's own cost does not weigh on a few microseconds.
const BATCH = 64

/** @param {{ rounds?: number, time?: number }} options */
export async function signingBenchmark(options) {
  const signer = oauth1(credentials)
  const { oauth } = await signer.sign(request)
  const baseString = oauth.baseString
  const key = `${credentials.consumerSecret}&${credentials.tokenSecret}`

  const peer = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, signingKey) => createHmac('sha1', signingKey).update(base).digest('base64'),
  })
  const peerToken = { key: credentials.token, secret: credentials.tokenSecret }
  const peerRequest = { url, method: 'POST', data: form }

  let sink = 0
  const results = await compare(
    {
      // What an adapter asks for: the signed request, its Authorization value among the header changes.
      'oauthkit oauth1().authorize()': async () => {
        for (let i = 0; i < BATCH; i++) sink += (await signer.authorize(request)).headerChanges.authorization.length
      },
      // What a person asks for: the same, as a plain object with a Headers.
      'oauthkit oauth1().sign() with its Headers': async () => {
        for (let i = 0; i < BATCH; i++) sink += (await signer.sign(request)).headers.get('authorization').length
      },
      'oauth-1.0a authorize() + toHeader()': () => {
        for (let i = 0; i < BATCH; i++) sink += peer.toHeader(peer.authorize(peerRequest, peerToken)).Authorization.length
      },
      "floor: createHmac('sha1', key).update(base).digest('base64')": () => {
        for (let i = 0; i < BATCH; i++) sink += createHmac('sha1', key).update(baseString).digest('base64').length
      },
    },
    { ...options, batch: BATCH },
  )
  if (sink === 0) throw new Error('nothing was signed')
  const [ours, withHeaders, peerResult, floor] = Object.values(results)
  const versusPeer = throughputRatio(ours, peerResult)
  const versusFloor = throughputRatio(ours, floor)
  return {
    request: { method: request.method, url, form, signedParameters: oauth.parameters.length - 1 + 5, signatureMethod: 'HMAC-SHA1' },
    tasks: results,
    ratios: {
      versusOauth10a: versusPeer,
      versusHmacFloor: versusFloor,
      signWithHeadersVersusOauth10a: throughputRatio(withHeaders, peerResult),
      signWithHeadersVersusHmacFloor: throughputRatio(withHeaders, floor),
    },
    targets: {
      versusOauth10a: { atLeast: 4, met: versusPeer >= 4 },
      versusHmacFloor: { atLeast: 0.4, met: versusFloor >= 0.4 },
    },
  }
}

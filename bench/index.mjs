// `pnpm bench`: every benchmark in one process, results in bench/results.json and as a table.
// `node bench/index.mjs signing verify adapters oauth2` runs some of them; `--quick` runs shorter rounds.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { adaptersBenchmark } from './adapters.mjs'
import { oauth2Benchmark } from './oauth2.mjs'
import { startServer } from './server.mjs'
import { signingBenchmark } from './signing.mjs'
import { verifyBenchmark } from './verify.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const selected = args.filter((arg) => !arg.startsWith('--'))
const wanted = (name) => selected.length === 0 || selected.includes(name)
const options = quick ? { rounds: 3, time: 150 } : { rounds: 7, time: 400 }

const machine = {
  nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
}
console.log(`oauthkit benchmarks — ${machine.cpu}, ${machine.nproc} CPUs, Node ${machine.node}${quick ? ' (quick)' : ''}\n`)

// A run of some parts replaces those parts in bench/results.json and keeps the others.
const file = new URL('./results.json', import.meta.url)
const previous = selected.length > 0 && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
const results = { ...previous, date: new Date().toISOString(), machine, options }
if (wanted('signing')) {
  results.signing = await signingBenchmark(options)
  const { tasks, ratios, targets } = results.signing
  console.log('(a) Signing a typical request, HMAC-SHA1 (median per request)')
  console.table(Object.entries(tasks).map(([task, r]) => ({ task, µs: Math.round(r.medianNs / 10) / 100, 'ops/s': r.opsPerSecond })))
  console.log(
    `    oauthkit / oauth-1.0a throughput: ${ratios.versusOauth10a}x (target ≥ ${targets.versusOauth10a.atLeast}x: ${verdict(targets.versusOauth10a.met)})`,
  )
  console.log(
    `    oauthkit / HMAC floor throughput: ${ratios.versusHmacFloor}x (target ≥ ${targets.versusHmacFloor.atLeast}x: ${verdict(targets.versusHmacFloor.met)})`,
  )
  console.log(
    `    sign() with its Headers: ${ratios.signWithHeadersVersusOauth10a}x oauth-1.0a, ${ratios.signWithHeadersVersusHmacFloor}x the HMAC floor\n`,
  )
}

if (wanted('verify')) {
  results.verify = await verifyBenchmark(options)
  console.log('(d) Verifying requests signed by oauthlib, HMAC-SHA1 (median per request)')
  if (results.verify.skipped) console.log(`    skipped: ${results.verify.skipped}\n`)
  else {
    const { tasks, ratios, targets, verified } = results.verify
    console.table(Object.entries(tasks).map(([task, r]) => ({ task, µs: Math.round(r.medianNs / 10) / 100, 'ops/s': r.opsPerSecond })))
    console.log(
      `    verifyOAuth1 / sign() throughput: ${ratios.versusSign}x (target ≥ ${targets.versusSign.atLeast}x: ${verdict(targets.versusSign.met)}); / authorize(): ${ratios.versusAuthorize}x`,
    )
    console.log(
      `    verifyOAuth1 / oauthlib ResourceEndpoint throughput: ${ratios.versusOauthlib}x (target ≥ ${targets.versusOauthlib.atLeast}x: ${verdict(targets.versusOauthlib.met)})`,
    )
    console.log(`    ${verified} verifications, every one of them successful\n`)
  }
}

if (wanted('adapters') || wanted('oauth2')) {
  // The server runs in a child process: its event loop and garbage collector are not the clients'.
  const server = await startServer()
  try {
    if (wanted('adapters')) {
      results.adapters = await adaptersBenchmark(server, { rounds: quick ? 600 : 3000 })
      console.log('(b) Adapter overhead over the bare client, GET to a loopback server (median per request, paired rounds)')
      const percent = (value) => `${(value * 100).toFixed(1)}%`
      console.table(
        Object.entries(results.adapters.clients).map(([client, r]) => ({
          client,
          'bare µs': r.bareMedianUs,
          'bare + sign() µs': r.bareAfterSignMedianUs,
          'adapter µs': r.adapterMedianUs,
          'of it sign()': percent(r.signingShare),
          overhead: percent(r.overhead),
          '95% interval': r.overheadInterval.map(percent).join(' … '),
          'A/A (noise)': `${percent(r.noiseFloor)} (${r.noiseInterval.map(percent).join(' … ')})`,
          'target ≤ 5%': verdict(r.target.met),
        })),
      )
      const cold = results.adapters.afterResponse
      console.log(
        `    right after a response, then at once again (median µs): createHmac ${cold.hmacFirstUs} then ${cold.hmacAgainUs}; authorize() ${cold.authorizeFirstUs} then ${cold.authorizeAgainUs}`,
      )
      console.log('')
    }
    if (wanted('oauth2')) {
      results.oauth2 = await oauth2Benchmark(server, { rounds: quick ? 3 : 7 })
      console.log('(c) OAuth 2: 1000 concurrent requests at token expiry (fetch adapter, refresh token)')
      if (results.oauth2.skipped) console.log(`    skipped: ${results.oauth2.skipped}\n`)
      else {
        const r = results.oauth2
        console.log(
          `    token requests per round: ${r.tokenRequestsPerRound.join(', ')} (${r.singleFlight ? 'one each: single-flight' : 'NOT single-flight'}); all 200: ${r.allSucceeded}`,
        )
        console.log(`    drain at expiry: ${r.drainAtExpiryMs} ms; with a valid token: ${r.drainWithValidTokenMs} ms (${r.ratio}x)\n`)
      }
    }
  } finally {
    await server.close()
  }
}

writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
console.log('Written to bench/results.json')

function verdict(met) {
  return met ? 'met' : 'NOT MET'
}

// How much of (b)'s "overhead" is noise: the bare client against itself (A/A) next to the bare
// client against the adapter, under one measuring setup. Prints one JSON line per client.
//
//   node bench/noise.mjs [--harness paired|tinybench] [--isolation process|worker] [--server-cpu N]
//                        [--rounds N] [--clients fetch,axios,ky 2,got 16]
//
// Run it several times (each run is a fresh process) to see the spread of each figure between runs;
// pin the client with `taskset -c 0 node bench/noise.mjs --server-cpu 1`.
import { benchSigner, clientTasks } from './adapters.mjs'
import { compare, round3 } from './compare.mjs'
import { median, overheadOf, paired } from './paired.mjs'
import { startServer } from './server.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1]
}
const harness = option('harness', 'paired')
const isolation = option('isolation', 'process')
const serverCpu = option('server-cpu', undefined)
const rounds = Number(option('rounds', harness === 'paired' ? 3000 : 35))
const wanted = option('clients', 'fetch,axios,ky 2,got 16').split(',')

const server = await startServer({ isolation, cpu: serverCpu === undefined ? undefined : Number(serverCpu) })
try {
  const signer = benchSigner()
  const clients = await clientTasks(`${server.origin}/resource?page=2&sort=new`, signer)
  for (const client of wanted) {
    const tasks = clients[client]
    const set = { bare: tasks.bare, 'bare again': tasks.bare, adapter: tasks.adapter(signer) }
    const line = { harness, isolation, serverCpu: serverCpu ?? null, rounds, client }
    if (harness === 'paired') {
      const { wall, cpu } = await paired(set, { rounds, warmup: 500 })
      const aa = overheadOf(wall['bare again'], wall.bare)
      const ab = overheadOf(wall.adapter, wall.bare)
      Object.assign(line, {
        bareUs: round3(median(wall.bare) / 1000),
        aa: [aa.estimate, aa.low, aa.high].map(round3),
        overhead: [ab.estimate, ab.low, ab.high].map(round3),
        cpuUs: {
          bare: round3(median(cpu.bare) / 1000),
          again: round3(median(cpu['bare again']) / 1000),
          adapter: round3(median(cpu.adapter) / 1000),
        },
      })
    } else {
      // The former harness: tinybench blocks of 80 ms per task, rounds alternating the order.
      const measured = await compare(set, { rounds, time: 80, warmup: 50 })
      Object.assign(line, {
        bareUs: round3(measured.bare.medianNs / 1000),
        aa: round3(measured['bare again'].medianNs / measured.bare.medianNs - 1),
        overhead: round3(measured.adapter.medianNs / measured.bare.medianNs - 1),
      })
    }
    console.log(JSON.stringify(line))
  }
} finally {
  await server.close()
}

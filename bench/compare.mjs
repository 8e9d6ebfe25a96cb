// Runs tasks side by side with tinybench, in rounds that alternate their order (so that a change in
// the machine's load during the run weighs on every task alike), and keeps each task's median
// latency per round. A task's figure is the median of its round medians; a comparison of two tasks
// is the median of their per-round ratios (`throughputRatio`).
import { Bench } from 'tinybench'

/**
 * @param {Record<string, () => unknown>} tasks  name -> task; a task may do `batch` operations
 * @param {{ rounds?: number, time?: number, batch?: number, warmup?: number,
 *   outside?: Record<string, (round: { time: number, warmup: number, batch: number }) => Promise<{ medianNs: number, samples: number }>> }} options
 *   `outside`: tasks timed elsewhere (another process), once a round, before or after the others in
 *   turn; each resolves with its median nanoseconds per operation in that round and its sample count
 * @returns {Promise<Record<string, { medianNs: number, opsPerSecond: number, samples: number, roundsNs: number[] }>>}
 *   per operation: the median latency in nanoseconds, the matching throughput and each round's median
 */
export async function compare(tasks, { rounds = 5, time = 400, batch = 1, warmup = 100, outside = {} } = {}) {
  const names = [...Object.keys(tasks), ...Object.keys(outside)]
  const medians = Object.fromEntries(names.map((name) => [name, []]))
  const samples = Object.fromEntries(names.map((name) => [name, 0]))
  const runOutside = async () => {
    for (const [name, task] of Object.entries(outside)) {
      const result = await task({ time, warmup, batch })
      medians[name].push(result.medianNs)
      samples[name] += result.samples
    }
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? Object.keys(tasks) : Object.keys(tasks).reverse()
    if (round % 2 === 1) await runOutside()
    const bench = new Bench({ time, warmupTime: warmup, throws: true })
    for (const name of order) bench.add(name, tasks[name])
    await bench.run()
    for (const task of bench.tasks) {
      const { result } = task
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
      medians[task.name].push((result.latency.p50 * 1e6) / batch)
      samples[task.name] += result.latency.samplesCount ?? 0
    }
    if (round % 2 === 0) await runOutside()
  }
  return Object.fromEntries(
    names.map((name) => {
      const medianNs = median(medians[name])
      const roundsNs = medians[name].map(round3)
      return [name, { medianNs: round3(medianNs), opsPerSecond: Math.round(1e9 / medianNs), samples: samples[name], roundsNs }]
    }),
  )
}

/** How many times `task`'s throughput is `reference`'s: the median of the per-round ratios. */
export function throughputRatio(task, reference) {
  return round3(median(task.roundsNs.map((ns, round) => reference.roundsNs[round] / ns)))
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export const round3 = (value) => Math.round(value * 1000) / 1000

// Runs tasks side by side with tinybench, in rounds that alternate their order (so that a change in
// the machine's load during the run weighs on every task alike), and keeps each task's median
// latency per round. A task's figure is the median of its round medians.
import { Bench } from 'tinybench'

/**
 * @param {Record<string, () => unknown>} tasks  name -> task; a task may do `batch` operations
 * @param {{ rounds?: number, time?: number, batch?: number, warmup?: number }} options
 * @returns {Promise<Record<string, { medianNs: number, opsPerSecond: number, samples: number }>>}
 *   per operation: the median latency in nanoseconds and the matching throughput
 */
export async function compare(tasks, { rounds = 5, time = 400, batch = 1, warmup = 100 } = {}) {
  const names = Object.keys(tasks)
  const medians = Object.fromEntries(names.map((name) => [name, []]))
  const samples = Object.fromEntries(names.map((name) => [name, 0]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse()
    const bench = new Bench({ time, warmupTime: warmup, throws: true })
    for (const name of order) bench.add(name, tasks[name])
    await bench.run()
    for (const task of bench.tasks) {
      const { result } = task
      if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`)
      medians[task.name].push((result.latency.p50 * 1e6) / batch)
      samples[task.name] += result.latency.samplesCount ?? 0
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const medianNs = median(medians[name])
      return [name, { medianNs: round3(medianNs), opsPerSecond: Math.round(1e9 / medianNs), samples: samples[name] }]
    }),
  )
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export const round3 = (value) => Math.round(value * 1000) / 1000

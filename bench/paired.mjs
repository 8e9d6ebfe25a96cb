// Paired, interleaved measurement of a few asynchronous tasks (one request each).
//
// Each round runs every task once, in a freshly shuffled order, and records each call's wall time
// (`process.hrtime`) and the CPU time this process spent on it (`process.cpuUsage`: every thread,
// garbage collection included). A change in the machine's load — other processes on a shared
// 2-CPU machine, a burst of GC — therefore falls on all tasks alike, round by round, instead of on
// whichever task happened to run during it. Comparisons are ratios of medians, with a 95% bootstrap
// interval that resamples whole rounds (so the pairing is kept).

import { median } from './compare.mjs'

/**
 * @param {Record<string, () => unknown>} tasks  name -> task (one operation per call)
 * @param {{ rounds?: number, warmup?: number, seed?: number }} options
 * @returns {Promise<{ rounds: number, wall: Record<string, Float64Array>, cpu: Record<string, Float64Array> }>}
 *   per task and round: the wall time and the CPU time of the call, in nanoseconds
 */
export async function paired(tasks, { rounds = 2000, warmup = 300, seed = 1 } = {}) {
  const names = Object.keys(tasks)
  const functions = names.map((name) => tasks[name])
  const random = mulberry32(seed)
  for (let i = 0; i < warmup; i++) for (const task of functions) await task()
  const wall = names.map(() => new Float64Array(rounds))
  const cpu = names.map(() => new Float64Array(rounds))
  const order = names.map((_, index) => index)
  for (let round = 0; round < rounds; round++) {
    shuffle(order, random)
    for (const index of order) {
      const task = functions[index]
      const cpuBefore = process.cpuUsage()
      const start = process.hrtime.bigint()
      await task()
      const end = process.hrtime.bigint()
      const used = process.cpuUsage(cpuBefore)
      wall[index][round] = Number(end - start)
      cpu[index][round] = (used.user + used.system) * 1000
    }
  }
  return {
    rounds,
    wall: Object.fromEntries(names.map((name, index) => [name, wall[index]])),
    cpu: Object.fromEntries(names.map((name, index) => [name, cpu[index]])),
  }
}

/**
 * `measured / reference - 1` of the medians, with a 95% bootstrap interval over rounds.
 * @param {Float64Array} measured @param {Float64Array} reference
 */
export function overheadOf(measured, reference, { resamples = 400, seed = 7 } = {}) {
  const estimate = median(measured) / median(reference) - 1
  const random = mulberry32(seed)
  const n = measured.length
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  const draws = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n)
      a[i] = measured[j]
      b[i] = reference[j]
    }
    draws[r] = median(a) / median(b) - 1
  }
  draws.sort()
  return { estimate, low: draws[Math.floor(resamples * 0.025)], high: draws[Math.ceil(resamples * 0.975) - 1] }
}

/** The median of the per-round differences `measured - reference` (ns): the paired estimate. */
export function pairedDifference(measured, reference) {
  const differences = new Float64Array(measured.length)
  for (let i = 0; i < measured.length; i++) differences[i] = measured[i] - reference[i]
  return median(differences)
}

export { median }

function shuffle(array, random) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[array[i], array[j]] = [array[j], array[i]]
  }
}

function mulberry32(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

import fc from 'fast-check'

// Property tests are reproducible: a fixed seed unless FC_SEED asks for another run.
const seed = process.env.FC_SEED === undefined ? 20261122 : Number(process.env.FC_SEED)
fc.configureGlobal({ seed, numRuns: Number(process.env.FC_RUNS ?? 200) })

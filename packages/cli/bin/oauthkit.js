#!/usr/bin/env node
// The command's entry, committed so that `pnpm install` can link it before anything is built; the
// command itself is dist/bin.js, which `prepack` builds into every published tarball.
import '../dist/bin.js'

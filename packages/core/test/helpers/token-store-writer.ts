// Run by token-store.test.ts in child processes: `node token-store-writer.ts <file> <writer> <count>`
// sets <count> profiles named `<writer>-<i>` in the same file as the other writers, at the same time.
import { FileTokenStore } from '../../src/node/file-token-store.ts'

const [file = '', writer = '', count = '0'] = process.argv.slice(2)
const store = new FileTokenStore(file)
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    store.set(`${writer}-${i}`, { consumerKey: `${writer}-key-${i}`, token: 't', tokenSecret: 's' }),
  ),
)

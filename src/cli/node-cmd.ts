// `weir node --listen HOST:PORT`: serves this node's packets to central viewers (the node API) and
// keeps the node registered in the shared store; for nodes whose captures came by `weir import`.
import { UsageError, str } from './args.js';
import { nodeKeys, nodeName, nodeTls, openStore, parseCommand, spoolBytesOf } from './common.js';
import { startNodeService } from '../node-api/node-service.js';

export async function runNode(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['listen', 'url'], []);
  const listen = str(a, 'listen');
  if (!listen) throw new UsageError('weir node needs --listen HOST:PORT');
  const keys = nodeKeys(a);
  if (!keys) throw new UsageError('the node API needs keys: --node-keys FILE or $WEIR_NODE_SECRET (no route works unsigned)');
  const store = await openStore(a);
  const log = (l: string) => process.stderr.write(`weir: ${l}\n`);
  const svc = await startNodeService({ node: nodeName(a), store, keys, listen, publicUrl: str(a, 'url'), tls: nodeTls(a), spoolBytes: spoolBytesOf(store), log });
  process.stdout.write(`weir: node ${nodeName(a)} API at ${svc.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await svc.close();
  await store.close();
  return 0;
}

import { str, UsageError } from './args.js';
import { clickHouseUrl, nodeKeys, nodeName, nodeTls, openStore, parseCommand, storeDir } from './common.js';
import { FleetPacketSource } from '../node-api/fleet-source.js';
import { LocalPacketSource } from '../pcap/packet-source.js';
import { createViewer } from '../viewer/server.js';
import { StaticFiles } from '../viewer/static-files.js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { startCapture } from '../capture/service.js';
import { CAPTURE_OPTIONS, RETENTION_OPTIONS, captureOptions, positive, retentionOptions } from './retention-args.js';
import { fileURLToPath } from 'node:url';

export async function runServe(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['port', 'host', 'tls-cert', 'tls-key', 'web-root', 'capture', 'capture-dir', 'stats-interval', ...CAPTURE_OPTIONS, ...RETENTION_OPTIONS], []);
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const port = Number(str(a, 'port') ?? process.env.WEIR_PORT ?? 8005);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port needs a port number');
  const host = str(a, 'host') ?? process.env.WEIR_HOST ?? '0.0.0.0';
  const certPath = str(a, 'tls-cert'), keyPath = str(a, 'tls-key');
  if (Boolean(certPath) !== Boolean(keyPath)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = certPath && keyPath ? { cert: readFileSync(certPath), key: readFileSync(keyPath) } : undefined;
  const webRoot = str(a, 'web-root') ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist');
  const store = await openStore(a);
  // With node keys this viewer is central: other nodes' packets come from their node API.
  const keys = nodeKeys(a);
  if (!keys && clickHouseUrl(a)) process.stderr.write('weir: a shared store without node keys (--node-keys or $WEIR_NODE_SECRET): only this machine\'s packets can be read\n');
  const source = keys ? new FleetPacketSource({ keys, tls: nodeTls(a), nodes: () => store.listNodes(), local: { node: nodeName(a), source: new LocalPacketSource() } }) : undefined;
  const viewer = await createViewer({ store, source, node: nodeName(a), tls, webRoot: StaticFiles.available(webRoot) ? webRoot : undefined, uploadDir: join(storeDir(a), 'uploads') });
  // Single-box mode: capture runs in this process and shares its store (DuckDB has one writer).
  const ifaces = str(a, 'capture')?.split(',').filter(Boolean) ?? [];
  const log = (l: string) => process.stderr.write(`weir: ${l}\n`);
  const capture = ifaces.length
    ? await startCapture(store, captureOptions(a, ifaces, resolve(str(a, 'capture-dir') ?? join(storeDir(a), 'pcap')), nodeName(a)),
      retentionOptions(a), positive(a, 'stats-interval', 5) * 1000, log).catch(async (e) => {
      await viewer.close();
      await store.close();
      throw new UsageError((e as Error).message);
    })
    : null;
  if (capture) log(`capturing on ${ifaces.join(', ')}`);
  await new Promise<void>((resolve, reject) => {
    viewer.server.once('error', reject);
    viewer.server.listen(port, host, () => resolve());
  });
  const addr = viewer.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  // One write: whoever reads the first line also gets the login.
  process.stdout.write(`weir: viewer at http${tls ? 's' : ''}://${shown}:${actual}/ (store ${store.path})\n` +
    (viewer.adminPassword ? `weir: created user admin with password ${viewer.adminPassword} (shown once; set WEIR_ADMIN_PASSWORD to choose it)\n` : ''));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await capture?.stop();
  await viewer.close();
  await store.close();
  return 0;
}

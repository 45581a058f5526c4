// `weir capture -i IFACE [-i IFACE...]`: a capture node writing rolling pcap files and sessions.
import { join, resolve } from 'node:path';
import { str, UsageError } from './args.js';
import { nodeKeys, nodeName, nodeTls, openStore, parseCommand, spoolBytesOf, storeDir } from './common.js';
import { startNodeService } from '../node-api/node-service.js';
import { startCapture } from '../capture/service.js';
import { CAPTURE_OPTIONS, RETENTION_OPTIONS, captureOptions, positive, retentionOptions, withFileOptions } from './retention-args.js';
import { pcapBinding } from '../capture/binding.js';

export async function runCapture(argv: string[]): Promise<number> {
  // -i may be repeated; the other options are single.
  const interfaces: string[] = [];
  const rest: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '-i' || argv[k] === '--interface') {
      if (k + 1 >= argv.length) throw new UsageError(`${argv[k]} needs an interface name`);
      interfaces.push(...argv[++k].split(',').filter(Boolean));
    } else rest.push(argv[k]);
  }
  const cli = parseCommand(rest, ['dir', 'stats-interval', 'config', 'listen', 'url', ...CAPTURE_OPTIONS, ...RETENTION_OPTIONS], ['list-interfaces', 'quiet']);
  const configPath = str(cli, 'config');
  // Options from --config (a JSON object of option names), overridden by the command line.
  const withConfig = () => configPath ? withFileOptions(cli, configPath, [...CAPTURE_OPTIONS, ...RETENTION_OPTIONS, 'dir', 'stats-interval']) : cli;
  const a = withConfig();
  const pcap = pcapBinding();
  if (a.opts.has('list-interfaces')) {
    for (const i of pcap.listInterfaces()) process.stdout.write(`${i.name}\t${i.up ? 'up' : 'down'}${i.loopback ? '\tloopback' : ''}\t${i.description}\n`);
    return 0;
  }
  if (!interfaces.length) throw new UsageError('capture needs at least one -i INTERFACE (weir capture --list-interfaces shows them)');
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const store = await openStore(a);
  const node = nodeName(a);
  const dir = resolve(str(a, 'dir') ?? join(storeDir(a), 'pcap'));
  const options = captureOptions(a, interfaces, dir, node);
  const log = (l: string) => process.stderr.write(`weir: ${l}\n`);
  let service;
  try {
    service = await startCapture(store, options, retentionOptions(a), positive(a, 'stats-interval', 5) * 1000, log);
  } catch (e) {
    await store.close();
    throw new UsageError((e as Error).message);
  }
  log(`capturing on ${interfaces.join(', ')} as node ${node}; files in ${dir}${options.filter ? `; filter ${options.filter}` : ''}`);
  // A fleet node: central viewers fetch its packets through the node API.
  const listen = str(a, 'listen');
  const keys = nodeKeys(a);
  if (listen && !keys) log('--listen needs --node-keys FILE or $WEIR_NODE_SECRET: no node API started');
  const nodeApi = listen && keys ? await startNodeService({ node, store, keys, listen, publicUrl: str(a, 'url'), tls: nodeTls(a), spoolBytes: spoolBytesOf(store), log }) : null;
  if (nodeApi) log(`node API at ${nodeApi.url}`);
  const quiet = a.opts.has('quiet');
  const ticker = setInterval(() => {
    const s = service.stats.latest;
    if (!quiet && s) log(`${s.packets} packets, ${s.sessions} sessions saved, ${s.activeSessions} active, ${Math.round(s.packetsPerSec)} packets/s, drops kernel ${s.kernelDrops} queue ${s.queueDrops}`);
  }, positive(a, 'stats-interval', 5) * 1000);
  // SIGHUP re-reads --config: retention and roll limits change in place; a new filter or
  // directory needs a restart and is said so.
  process.on('SIGHUP', () => {
    try {
      const b = withConfig();
      const next = captureOptions(b, interfaces, dir, node);
      service.reconfigure(retentionOptions(b), next.maxFileBytes, next.maxFileAgeMs);
      log(`reloaded ${configPath ?? 'the command line (no --config)'}: retention and roll limits applied${next.filter !== options.filter ? '; the new filter needs a restart' : ''}`);
    } catch (e) {
      log(`reload failed, settings unchanged: ${(e as Error).message}`);
    }
  });
  let watch: NodeJS.Timeout | undefined;
  const code = await new Promise<number>((done) => {
    process.once('SIGINT', () => done(0));
    process.once('SIGTERM', () => done(0));
    watch = setInterval(() => service.node.error() && done(1), 500);
  });
  clearInterval(watch);
  clearInterval(ticker);
  await nodeApi?.close();
  await service.stop();
  const c = service.node.counters();
  // The final line is what scripts and tests read: every packet accounted for.
  process.stdout.write(JSON.stringify({ packets: c.packets, sessions: c.sessions, kernelDropped: c.kernelDropped, queueDropped: c.queueDropped, received: c.interfaces.reduce((n, i) => n + i.received, 0) }) + '\n');
  await store.close();
  if (service.node.error()) log(`capture stopped: ${service.node.error()!.message}`);
  return code;
}

// The `weir` command line.
import { UsageError } from './args.js';
import { CaptureUnavailableError } from '../capture/binding.js';
import { QueryError } from '../query/simple.js';
import { ExpressionError } from '../query/parser.js';
import { StoreLockedError } from '../store/store.js';

export const HELP = `weir — full packet capture: sessions with SPI, indexed, packets retrievable

Usage: weir <command> [options]

Commands:
  import <files|dirs>...   ingest pcap/pcapng captures (gzip/zstd too) into the database
      --force              import files even if already imported (their sessions are replaced)
      --flush              end all sessions at the end of each file (unrelated captures);
                           by default files in time order form one continuous stream
      --timeouts SPEC      override idle timeouts in seconds, e.g. tcp=480,udp=60,icmp=10,closing=5
      --max-packets N      save a segment every N packets of a session (default 10000)
      --no-vlan-key        do not key sessions on their VLAN id
      --no-parsers         skip application protocols (transport-level SPI only)
      --http-all-headers   record every HTTP header's name and value (http.header.*, .value)
      --reassembly-memory MIB  out-of-order TCP bytes held by all sessions together (default
                           256); a session needing more stops parsing, its SPI is kept
      --oui-file PATH      MAC vendor table (Wireshark manuf format; default
                           /usr/share/wireshark/manuf, or $WEIR_OUI_FILE) for oui.*, dhcp.oui
      --bpf FILTER         import only packets this libpcap filter keeps (needs the addon)
      --workers N          packet workers (default: cores - 1, at least 1; 1 runs on the
                           reading thread); sessions are spread over them by flow hash
      --quiet              no progress bar and no per-file lines
  sessions                 print every matching session (no paging unless --limit)
      --expression EXPR    filter, e.g. 'ip.src == 10.0.0.1 && port.dst == 53'
      --json               one JSON object per line, keyed by field query names
      --fields LIST        comma-separated field names to show
      --limit N            at most N sessions
  pcap <session-id>        write the session's packets as pcap
      -o, --output FILE    output file (default: standard output when it is not a terminal)
  files                    list capture files (--json for JSON lines)
  files lock|unlock ID     hold a file as evidence: retention never deletes it
  capture -i IFACE [-i ...] capture live traffic into rolling pcap files and sessions
      --bpf FILTER         libpcap filter, e.g. 'not port 22'
      --workers N          packet workers, as for import
      --dir DIR            capture files (default: pcap/ beside the database)
      --roll-size MIB      roll files at this size (default 1024) --roll-age S (default 3600)
      --fsync never|roll|batch   when files are synced to disk (default roll)
      --snaplen N --buffer MIB (kernel buffer, default 64) --queue MIB (default 256)
      --retain-free PCT%|MIB  keep this much free space, deleting the oldest closed files
      --retain-bytes MIB   at most this much capture data  --retain-age HOURS  --retain-sessions DAYS
                           (never the file being written, never a locked one)
      --list-interfaces    list what can be captured
  serve                    the viewer's HTTP API (and, with issue 5, its web UI)
      --port N             listen port (default 8005, or $WEIR_PORT; 0 picks a free one)
      --host ADDR          listen address (default 0.0.0.0, or $WEIR_HOST)
      --tls-cert FILE --tls-key FILE   serve HTTPS (PEM files); cookies are then Secure
      --web-root DIR       the built web UI (default: web/dist of this checkout)
      --capture IFACE[,IFACE]  single-box mode: also capture in this process (same store);
                           --bpf, --capture-dir and the --retain-* options as for capture
                           First start creates user admin with a random password, printed
                           once (or $WEIR_ADMIN_PASSWORD). All endpoints but /health need it.
  user add|passwd NAME     add a viewer user or set a password (printed once, or read with
      --role ROLE          --password-stdin); roles: admin, analyst (default), viewer
      --expression EXPR    forced expression AND-ed into all of this user's searches
  user list | remove NAME  list users (--json) or remove one
  node --listen HOST:PORT  serve this node's packets to central viewers (signed requests only)
                           and register the node in the shared store; --url URL as viewers
                           reach it. capture takes --listen too.
  cert ca --dir DIR        a project CA for mutual TLS between viewers and node APIs
  cert issue NAME --dir DIR [--host H,...]  a certificate for a node or a viewer, signed by it
                           (nodes and viewers take --node-tls-cert, --node-tls-key, --node-ca)
  db init|upgrade          create the ClickHouse schema on every shard, or add the columns of
                           fields a newer Weir knows (needs --store clickhouse://...)
  sample -o FILE           write sample traffic (a pcap made by Weir itself) for trying things out
  help                     this text

Common options:
  --db PATH                database file (default: $WEIR_DB or ./weir.duckdb)
  --store URL              clickhouse://[user[:pass]@]host:port[,host:port...]/database
                           [?cluster=NAME&spool=DIR&spoolMb=N&timeoutMs=N] (or $WEIR_STORE):
                           the fleet's shared store instead of --db; spooled batches wait in
                           DIR (default ./weir-spool) while ClickHouse is away
  --node-keys FILE         keys for viewer-to-node requests: "<node> <secret>" lines ("*" for
                           every node), or one shared secret in $WEIR_NODE_SECRET (>= 32 chars)
  --node NAME              capture node name (default: $WEIR_NODE or the host name)
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // Output piped into `head` and the like: a closed pipe ends the command quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  try {
    // Each command's modules load when it runs: `weir --help` or `weir files` need not load the
    // viewer, the capture engine and every protocol parser.
    switch (cmd) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      case 'import':
        return await (await import('./import-cmd.js')).runImport(rest);
      case 'sessions':
        return await (await import('./sessions-cmd.js')).runSessions(rest);
      case 'pcap':
        return await (await import('./pcap-cmd.js')).runPcap(rest);
      case 'files':
        return await (await import('./files-cmd.js')).runFiles(rest);
      case 'sample':
        return await (await import('./sample-cmd.js')).runSample(rest);
      case 'serve':
        return await (await import('./serve-cmd.js')).runServe(rest);
      case 'user':
        return await (await import('./user-cmd.js')).runUser(rest);
      case 'db':
        return await (await import('./db-cmd.js')).runDb(rest);
      case 'node':
        return await (await import('./node-cmd.js')).runNode(rest);
      case 'cert':
        return await (await import('./cert-cmd.js')).runCert(rest);
      case 'capture':
        return await (await import('./capture-cmd.js')).runCapture(rest);
      default:
        throw new UsageError(`unknown command "${cmd}" (try weir --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof CaptureUnavailableError || e instanceof QueryError || e instanceof ExpressionError || e instanceof StoreLockedError) {
      process.stderr.write(`weir: ${e.message}\n`);
      return 2;
    }
    if (process.env.WEIR_DEBUG) throw e;
    process.stderr.write(`weir: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

// A running capture node: repairs what a crash left, captures, records stats every few seconds
// and applies retention after each record. `weir capture` and `weir serve --capture` both run it.
import type { ViewerStore } from '../store/store.js';
import { CaptureNode, type CaptureOptions } from './capture-node.js';
import { StatsRecorder } from './stats.js';
import { applyRetention, type RetentionOptions } from './retention.js';
import { repairOpenFiles } from './repair.js';

export interface CaptureService {
  node: CaptureNode;
  stats: StatsRecorder;
  /** Applies reloaded settings: retention at once, roll limits from the next batch. */
  reconfigure(retention: RetentionOptions, maxFileBytes: number, maxFileAgeMs: number): void;
  stop(): Promise<void>;
}

export async function startCapture(store: ViewerStore, o: CaptureOptions, retention: RetentionOptions, statsEveryMs: number, log: (line: string) => void): Promise<CaptureService> {
  await repairOpenFiles(store, o.node, o.dir, log);
  const node = new CaptureNode(store, o);
  node.start();
  const stats = new StatsRecorder(store, node, o.node, o.dir);
  let running = Promise.resolve();
  let current = retention;
  const tick = () => {
    running = running.then(async () => {
      await stats.record();
      await applyRetention(store, o.node, o.dir, node.writingFiles(), current, log);
    }).catch((e) => log(`stats/retention: ${(e as Error).message}`));
  };
  const timer = setInterval(tick, statsEveryMs);
  return {
    node, stats,
    reconfigure(r, maxFileBytes, maxFileAgeMs) {
      current = r;
      node.setRollLimits(maxFileBytes, maxFileAgeMs);
    },
    async stop() {
      clearInterval(timer);
      await running;
      await node.stop();
      await stats.record();
    },
  };
}

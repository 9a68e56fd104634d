// Durable follow-up of work that a crash or an outage interrupted: approval cards
// that never went out, approved members not added yet, old retry ids. Each step is
// claimed in the database, so two instances sweeping at once do not double it.
import type { Platform } from '../core/model.js';
import type { CoreDeps, Logger } from '../core/ports.js';
import { fulfilJoin, MAX_ATTEMPTS } from '../core/usecases/join/fulfil.js';
import { notifyApprovers } from '../core/usecases/join/request.js';
import type { CharterStore } from '../store/index.js';

const BATCH = 50;
const NOTIFY_AFTER_MS = 60_000;
const RETRY_AFTER_MS = 60_000;
const KEEP_EVENT_IDS_MS = 7 * 24 * 60 * 60_000;

export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly cores: Partial<Record<Platform, CoreDeps>>,
    private readonly store: CharterStore,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  private coreFor(workspaceId: string): CoreDeps | undefined {
    const platform = workspaceId.split(':', 1)[0] as Platform;
    return this.cores[platform];
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; a pass already under way is joined, not doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const now = this.now().getTime();
      for (const r of await this.store.joinRequests.listUnnotified(new Date(now - NOTIFY_AFTER_MS), BATCH)) {
        const core = this.coreFor(r.workspaceId);
        if (core !== undefined) await notifyApprovers(core, r.id).catch((err: unknown) => this.log.warn({ err, requestId: r.id }, 'sweep: notify failed'));
      }
      for (const r of await this.store.joinRequests.listFulfilmentDue(new Date(now - RETRY_AFTER_MS), MAX_ATTEMPTS, BATCH)) {
        const core = this.coreFor(r.workspaceId);
        if (core !== undefined) await fulfilJoin(core, r.id).catch((err: unknown) => this.log.warn({ err, requestId: r.id }, 'sweep: fulfil failed'));
      }
      await this.store.events.prune(new Date(now - KEEP_EVENT_IDS_MS));
    } catch (err) {
      this.log.warn({ err }, 'sweep failed; will try again');
    }
  }
}

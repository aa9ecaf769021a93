// Owns `--profile`: a V8 CPU profile of one benchmark scenario (node:inspector), saved as .cpuprofile and summarised as the functions with the most self time.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  /** file:line, relative to the repository. */
  where: string;
  selfMs: number;
  share: number;
}

export class Profiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  }

  /** Stops, writes `file`, and returns the top functions by self time. */
  async stop(file: string, root: string, top = 12): Promise<HotFunction[]> {
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<string, { name: string; where: string; us: number }>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    let total = 0;
    for (let i = 0; i < samples.length; i++) {
      const node = byNode.get(samples[i]!);
      const dt = deltas[i] ?? 0;
      if (!node) continue;
      total += dt;
      const f = node.callFrame;
      const rel = f.url.startsWith('file://') ? path.relative(root, new URL(f.url).pathname) : f.url || '(native)';
      const where = `${rel}:${f.lineNumber + 1}`;
      const key = `${f.functionName}@${where}`;
      const entry = selfUs.get(key) ?? { name: f.functionName || '(anonymous)', where, us: 0 };
      entry.us += dt;
      selfUs.set(key, entry);
    }
    return [...selfUs.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: total ? e.us / total : 0 }));
  }
}

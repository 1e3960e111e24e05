import type { GraphViewGraph } from '../../../../core/api/graph-view';
import type { Scene } from '../../../../core/views/graph-scene';
import { unpackScene, type LayoutReply, type LayoutRequest } from './layout-protocol';

export type LayoutResult = Omit<Extract<LayoutReply, { type: 'done' }>, 'scene' | 'boxes'> & {
  scene: Scene;
};
type Options = Omit<LayoutRequest, 'type' | 'id' | 'graph' | 'graphKey'>;

/**
 * Runs layouts in a web worker; the latest request wins. A request made while another is
 * running cancels it for real: the busy worker is terminated (dagre cannot be interrupted)
 * and a fresh one takes the new request, so a stale 20,000-node layout never holds up the
 * one the user asked for last. The graph is encoded once as JSON bytes; each new worker gets
 * a copy of the bytes (a memcpy) and parses them off the UI thread.
 */
export class LayoutClient {
  private worker: Worker | null = null;
  private workerHas: string | null = null;
  private busy: { id: number; resolve: (r: LayoutResult | null) => void } | null = null;
  private nextId = 1;
  private encoded: { key: string; bytes: ArrayBuffer } | null = null;

  request(graphKey: string, graph: GraphViewGraph, options: Options): Promise<LayoutResult | null> {
    if (this.busy) {
      // Stale: stop it and answer its caller with null.
      this.worker?.terminate();
      this.worker = null;
      this.workerHas = null;
      this.busy.resolve(null);
      this.busy = null;
    }
    if (this.encoded?.key !== graphKey)
      this.encoded = {
        key: graphKey,
        bytes: new TextEncoder().encode(JSON.stringify(graph)).buffer,
      };
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const bytes = this.workerHas === graphKey ? null : this.encoded.bytes.slice(0);
    this.workerHas = graphKey;
    return new Promise((resolve, reject) => {
      this.busy = { id, resolve };
      worker.onmessage = (e: MessageEvent<LayoutReply>) => {
        if (e.data.id !== id) return;
        this.busy = null;
        if (e.data.type === 'done') {
          const { scene, boxes, ...rest } = e.data;
          resolve({ ...rest, scene: unpackScene(scene, boxes) });
        } else reject(new Error(e.data.message));
      };
      worker.onerror = (e) => {
        this.busy = null;
        this.worker = null;
        this.workerHas = null;
        reject(new Error(e.message || 'the layout worker failed'));
      };
      const message: LayoutRequest = { type: 'layout', id, graphKey, graph: bytes, ...options };
      worker.postMessage(message, bytes ? [bytes] : []);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy?.resolve(null);
    this.busy = null;
  }

  private ensureWorker(): Worker {
    if (!this.worker)
      this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    return this.worker;
  }
}

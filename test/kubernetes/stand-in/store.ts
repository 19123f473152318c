import { randomUUID } from 'node:crypto';
import { child, clone, type Obj } from './json';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  object: Obj;
  resourceVersion: number;
}
type Listener = (event: WatchEvent) => void;

/** Objects by collection (`apps/deployments`) and `namespace/name`, with a resourceVersion clock and watch fan-out. */
export class Store {
  private revision = 100;
  private readonly collections = new Map<string, Map<string, Obj>>();
  private readonly history = new Map<string, WatchEvent[]>();
  private readonly listeners = new Map<string, Set<Listener>>();

  currentRevision(): number {
    return this.revision;
  }

  get(collection: string, namespace: string, name: string): Obj | undefined {
    const found = this.collections.get(collection)?.get(`${namespace}/${name}`);
    return found ? clone(found) : undefined;
  }

  list(collection: string, namespace: string | undefined): Obj[] {
    const all = [...(this.collections.get(collection)?.values() ?? [])];
    return all
      .filter((item) => namespace === undefined || child(item, 'metadata').namespace === namespace)
      .map((item) => clone(item));
  }

  /** Stores `object` (metadata.namespace/name set), stamping resourceVersion, uid and creationTimestamp. */
  put(collection: string, object: Obj): Obj {
    const metadata = child(object, 'metadata');
    const key = `${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
    let items = this.collections.get(collection);
    if (!items) {
      items = new Map();
      this.collections.set(collection, items);
    }
    const existed = items.has(key);
    this.revision += 1;
    metadata.resourceVersion = String(this.revision);
    metadata.uid ??= randomUUID();
    metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    items.set(key, clone(object));
    this.emit(collection, {
      type: existed ? 'MODIFIED' : 'ADDED',
      object: clone(object),
      resourceVersion: this.revision,
    });
    return clone(object);
  }

  delete(collection: string, namespace: string, name: string): void {
    const items = this.collections.get(collection);
    const found = items?.get(`${namespace}/${name}`);
    if (!items || !found) return;
    items.delete(`${namespace}/${name}`);
    this.revision += 1;
    child(found, 'metadata').resourceVersion = String(this.revision);
    this.emit(collection, { type: 'DELETED', object: found, resourceVersion: this.revision });
  }

  /** Events after `sinceRevision`, then live ones, until the returned function is called. */
  watch(collection: string, sinceRevision: number, listener: Listener): () => void {
    for (const event of this.history.get(collection) ?? []) {
      if (event.resourceVersion > sinceRevision) listener(event);
    }
    let set = this.listeners.get(collection);
    if (!set) {
      set = new Set();
      this.listeners.set(collection, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(collection: string, event: WatchEvent): void {
    let log = this.history.get(collection);
    if (!log) {
      log = [];
      this.history.set(collection, log);
    }
    log.push(event);
    for (const listener of this.listeners.get(collection) ?? []) listener(event);
  }
}

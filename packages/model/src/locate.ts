import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based position in the file. */
export interface Position {
  line: number;
  column: number;
}

/** Finds where a key path was written, from a document parsed with a LineCounter. */
export class Locator {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The position of the deepest part of `path` present in the file: the key itself for a map
   * entry (so `hosts: x` points at `hosts`), the item for a list entry. A missing key points at
   * the key of the map it is missing from.
   */
  positionOf(path: readonly PropertyKey[]): Position {
    let node: unknown = this.document.contents;
    let at: Node | undefined = undefined;
    for (const segment of path) {
      node = this.resolve(node);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        at = isScalar(pair.key) ? pair.key : at;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (!item) break;
        at = this.isNode(item) ? item : at;
        node = item;
      } else {
        break;
      }
    }
    return this.position(at ?? this.nodeOrNothing(this.document.contents));
  }

  /** The offset's line and column. */
  at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private position(node: Node | undefined): Position {
    const start = node?.range?.[0];
    return start === undefined ? { line: 1, column: 1 } : this.at(start);
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.document) : node;
  }

  private isNode(value: unknown): value is Node {
    return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
  }

  private nodeOrNothing(value: unknown): Node | undefined {
    return this.isNode(value) ? value : undefined;
  }
}

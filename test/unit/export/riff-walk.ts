// Reads the RIFF tree of an AVI back, for the tests' structural checks (independent of the writer's code).
import assert from 'node:assert/strict';

export type RiffNode = { id: string; pos: number; size: number; type?: string; children?: RiffNode[] };

const LISTS = new Set(['RIFF', 'LIST']);

export function walkRiff(file: Buffer, start = 0, end = file.length): RiffNode[] {
  const out: RiffNode[] = [];
  let pos = start;
  while (pos < end) {
    assert.ok(pos + 8 <= end, `chunk header at ${pos} runs past its parent (${end})`);
    const id = file.toString('latin1', pos, pos + 4);
    const size = file.readUInt32LE(pos + 4);
    const dataEnd = pos + 8 + size;
    assert.ok(dataEnd <= end, `${id} at ${pos} (size ${size}) runs past its parent (${end})`);
    const node: RiffNode = { id, pos, size };
    if (LISTS.has(id)) {
      node.type = file.toString('latin1', pos + 8, pos + 12);
      node.children = walkRiff(file, pos + 12, dataEnd);
    }
    out.push(node);
    pos = dataEnd + (size & 1);
  }
  assert.equal(pos, end, 'chunks do not end where their parent does');
  return out;
}

export function find(nodes: readonly RiffNode[], id: string, type?: string): RiffNode[] {
  return nodes.filter((n) => n.id === id && (type === undefined || n.type === type));
}

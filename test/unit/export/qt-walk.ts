// Reads the atom tree of a MOV back, for the tests' structural checks (independent of the writer's code).
import assert from 'node:assert/strict';

export type Atom = { type: string; pos: number; headerBytes: number; size: number; children?: Atom[] };

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'dinf', 'edts', 'udta', 'gmhd']);

export function walkAtoms(file: Buffer, start = 0, end = file.length): Atom[] {
  const out: Atom[] = [];
  for (let pos = start; pos < end;) {
    let size = file.readUInt32BE(pos);
    let headerBytes = 8;
    if (size === 1) {
      size = Number(file.readBigUInt64BE(pos + 8));
      headerBytes = 16;
    }
    assert.ok(size >= headerBytes && pos + size <= end, `atom at ${pos} (size ${size}) runs past its parent (${end})`);
    const type = file.toString('latin1', pos + 4, pos + 8);
    const node: Atom = { type, pos, headerBytes, size };
    if (CONTAINERS.has(type)) node.children = walkAtoms(file, pos + headerBytes, pos + size);
    out.push(node);
    pos += size;
  }
  return out;
}

/** The atom at a path of types, e.g. path(atoms, 'moov', 'trak', 'mdia'); `index` picks among siblings of the first step. */
export function atomAt(atoms: readonly Atom[], ...types: string[]): Atom {
  let level: readonly Atom[] = atoms;
  let found: Atom | undefined;
  for (const type of types) {
    found = level.find((a) => a.type === type);
    assert.ok(found, `no ${types.join('/')}`);
    level = found.children ?? [];
  }
  return found!;
}

/** Payload offset of a full atom (after version and flags). */
export function fullPayload(a: Atom): number {
  return a.pos + a.headerBytes + 4;
}

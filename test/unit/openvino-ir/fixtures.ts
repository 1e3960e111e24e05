import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hand-written IR fixtures (test/fixtures/openvino-ir) and the .bin each one expects. */
export const FIXTURE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/openvino-ir',
);

export type FixtureName =
  'matmul-add-v11' | 'dynamic-dims-v11' | 'element-types-v10' | 'tensor-iterator-v11';

export const FIXTURES: FixtureName[] = [
  'matmul-add-v11',
  'dynamic-dims-v11',
  'element-types-v10',
  'tensor-iterator-v11',
];

/** Little-endian byte builder, so the .bin is the same on any host. */
class Bin {
  private readonly parts: number[] = [];
  f32(...values: number[]): this {
    for (const v of values)
      this.raw(new DataView(new ArrayBuffer(4)), (dv) => dv.setFloat32(0, v, true));
    return this;
  }
  u16(...values: number[]): this {
    for (const v of values)
      this.raw(new DataView(new ArrayBuffer(2)), (dv) => dv.setUint16(0, v, true));
    return this;
  }
  i64(...values: bigint[]): this {
    for (const v of values)
      this.raw(new DataView(new ArrayBuffer(8)), (dv) => dv.setBigInt64(0, v, true));
    return this;
  }
  bytes(...values: number[]): this {
    for (const v of values) this.parts.push(v & 0xff);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
  private raw(dv: DataView, write: (dv: DataView) => void): void {
    write(dv);
    for (let i = 0; i < dv.byteLength; i++) this.parts.push(dv.getUint8(i));
  }
}

export const MATMUL_WEIGHTS = Array.from({ length: 12 }, (_, i) => 0.5 * i - 1);
export const MATMUL_BIAS = [0.25, -0.5, 1.5];
/** f16 bit patterns of 1, 2, -1, 0.5. */
export const HALF_BITS = [0x3c00, 0x4000, 0xbc00, 0x3800];
export const NEW_SHAPE = [1n, 4n];
export const INT8_VALUES = [-3, 0, 7, 127];
/** u4 elements 1, 2, 3 packed low nibble first: 0x21, 0x03. */
export const U4_PACKED = [0x21, 0x03];
export const BOOL_VALUES = [1, 0, 1];
export const TI_SHIFT = [1.5, -2];

/** The .bin for each fixture, or null when the fixture has no Const layers. */
export function binFor(name: FixtureName): Uint8Array | null {
  switch (name) {
    case 'matmul-add-v11':
      return new Bin()
        .f32(...MATMUL_WEIGHTS)
        .f32(...MATMUL_BIAS)
        .build();
    case 'element-types-v10':
      return new Bin()
        .u16(...HALF_BITS)
        .i64(...NEW_SHAPE)
        .bytes(...INT8_VALUES)
        .bytes(...U4_PACKED)
        .bytes(...BOOL_VALUES)
        .build();
    case 'tensor-iterator-v11':
      return new Bin().f32(...TI_SHIFT).build();
    case 'dynamic-dims-v11':
      return null;
  }
}

export function fixtureXml(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURE_DIR, `${name}.xml`)));
}

/** A temp folder holding copies of the fixtures with their .bin files; remove() when done. */
export interface Staged {
  dir: string;
  xmlPath(name: FixtureName): string;
  binPath(name: FixtureName): string;
  remove(): void;
}

export function stageFixtures(): Staged {
  const dir = mkdtempSync(path.join(tmpdir(), 'sparsescope-ir-'));
  for (const name of FIXTURES) {
    writeFileSync(path.join(dir, `${name}.xml`), fixtureXml(name));
    const bin = binFor(name);
    if (bin) writeFileSync(path.join(dir, `${name}.bin`), bin);
  }
  return {
    dir,
    xmlPath: (name) => path.join(dir, `${name}.xml`),
    binPath: (name) => path.join(dir, `${name}.bin`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

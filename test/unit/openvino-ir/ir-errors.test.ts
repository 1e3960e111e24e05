import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { openvinoIrImporter } from '../../../core/model/openvino-ir/ir-importer';
import { binFor, fixtureXml } from './fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'sparsescope-ir-err-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = new TextDecoder().decode(fixtureXml('matmul-add-v11'));
const FULL_BIN = binFor('matmul-add-v11')!;
let counter = 0;

/** Write `xml` (and `bin` unless null) as a fresh model pair and open it. */
async function openVariant(
  xml: string,
  bin: Uint8Array | null = FULL_BIN,
): Promise<{ xmlPath: string; binPath: string; error: UserError }> {
  const stem = path.join(dir, `variant-${counter++}`);
  const xmlPath = `${stem}.xml`;
  const binPath = `${stem}.bin`;
  const bytes = new TextEncoder().encode(xml);
  writeFileSync(xmlPath, bytes);
  if (bin) writeFileSync(binPath, bin);
  try {
    await openvinoIrImporter.open(xmlPath, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    expect(e.kind).toBe('BadModel');
    return { xmlPath, binPath, error: e };
  }
  throw new Error('expected the import to fail');
}

function replaced(from: string, to: string): string {
  expect(BASE.includes(from)).toBe(true);
  return BASE.replace(from, to);
}

describe('weights file problems', () => {
  it('a missing .bin names the .bin, the Const layer and the bytes it needs', async () => {
    const { binPath, error } = await openVariant(BASE, null);
    expect(error.message).toContain(binPath);
    expect(error.message).toContain('not found');
    expect(error.message).toContain('layer 1 "fc.weight"');
    expect(error.message).toContain('offset 0, size 48');
  });

  it('a too-short .bin names the .bin, the layer, offset/size and the file length', async () => {
    const { binPath, error } = await openVariant(BASE, FULL_BIN.subarray(0, 50));
    expect(error.message).toContain(binPath);
    expect(error.message).toContain('too short');
    expect(error.message).toContain('layer 3 "fc.bias"');
    expect(error.message).toContain('offset 48, size 12');
    expect(error.message).toContain('has 50 bytes');
  });

  it('a Const whose size disagrees with shape × element size is refused', async () => {
    const { error } = await openVariant(replaced('offset="0" size="48"', 'offset="0" size="40"'));
    expect(error.message).toMatch(
      /layer 1 "fc.weight" \(line \d+\) \(Const\): expected size="48" \(12 elements of float32, shape \[3,4\]\), found size="40"/,
    );
  });

  it('a negative or non-numeric offset is refused', async () => {
    const { error } = await openVariant(replaced('offset="48"', 'offset="-4"'));
    expect(error.message).toContain('offset to be a non-negative integer');
  });

  it('element types graph.ts lacks are refused by name', async () => {
    const { error } = await openVariant(
      replaced('element_type="f32" shape="3,4"', 'element_type="u1" shape="3,4"'),
    );
    expect(error.message).toContain('layer 1 "fc.weight"');
    expect(error.message).toContain('"u1" is not supported');
    const unknown = await openVariant(
      replaced('element_type="f32" shape="3,4"', 'element_type="q7" shape="3,4"'),
    );
    expect(unknown.error.message).toContain('unknown element type "q7"');
  });
});

describe('XML problems', () => {
  it('malformed XML reports the file and line', async () => {
    const { xmlPath, error } = await openVariant(
      replaced('<data transpose_a="false" transpose_b="true" />', '<data transpose_a="false">'),
    );
    expect(error.message).toContain(xmlPath);
    expect(error.message).toMatch(/line \d+, column \d+: expected well-formed XML/);
  });

  it('truncated XML is malformed, not a crash', async () => {
    const { error } = await openVariant(BASE.slice(0, BASE.indexOf('<layer id="2"')));
    expect(error.message).toContain(
      'end of file: expected well-formed XML, found unclosed <net>, <layers> (is the file truncated?)',
    );
  });

  it('binary junk is refused', async () => {
    const stem = path.join(dir, 'junk.xml');
    await expect(
      openvinoIrImporter.open(stem, Uint8Array.of(0x08, 0x00, 0xff, 0x3c)),
    ).rejects.toBeInstanceOf(UserError);
  });

  it('a root other than <net> is refused', async () => {
    const { error } = await openVariant(
      '<?xml version="1.0"?><graph version="11"><layers/></graph>',
    );
    expect(error.message).toContain(
      'the XML root: expected a <net> element (OpenVINO IR), found <graph>',
    );
  });

  it('IR versions other than 10 and 11 are refused', async () => {
    const { error } = await openVariant(
      replaced('<net name="tiny_linear" version="11">', '<net name="tiny_linear" version="7">'),
    );
    expect(error.message).toContain('expected IR version 10 or 11, found "7"');
  });

  it('a net without <layers> is refused', async () => {
    const { error } = await openVariant('<net version="11"><edges/></net>');
    expect(error.message).toContain('expected a <layers> element');
  });
});

describe('graph structure problems', () => {
  it('an edge to an unknown layer names the edge line and the layer id', async () => {
    const { error } = await openVariant(
      replaced('to-layer="5" to-port="0"', 'to-layer="9" to-port="0"'),
    );
    expect(error.message).toMatch(
      /<edge> \(line \d+\): expected to-layer="9" to name a layer of this graph, found no such layer/,
    );
  });

  it('an edge to an unknown port lists the ports the layer has', async () => {
    const { error } = await openVariant(
      replaced('to-layer="2" to-port="1"', 'to-layer="2" to-port="7"'),
    );
    expect(error.message).toContain(
      'expected to-port="7" to be an input port of layer 2 "fc/MatMul"',
    );
    expect(error.message).toContain('(has 0, 1)');
  });

  it('an edge from an input port is refused', async () => {
    const { error } = await openVariant(
      replaced('from-layer="2" from-port="2"', 'from-layer="2" from-port="0"'),
    );
    expect(error.message).toContain('from-port="0" to be an output port of layer 2 "fc/MatMul"');
  });

  it('an input port without an edge is refused', async () => {
    const { error } = await openVariant(
      replaced('<edge from-layer="3" from-port="0" to-layer="4" to-port="1" />', ''),
    );
    expect(error.message).toContain('layer 4 "fc/Add"');
    expect(error.message).toContain('input port 1: expected an <edge> into this port');
  });

  it('two edges into one port are refused', async () => {
    const { error } = await openVariant(
      replaced(
        '<edge from-layer="3" from-port="0" to-layer="4" to-port="1" />',
        '<edge from-layer="3" from-port="0" to-layer="4" to-port="1" /><edge from-layer="1" from-port="0" to-layer="4" to-port="1" />',
      ),
    );
    expect(error.message).toContain('expected one edge into layer 4 "fc/Add"');
  });

  it('a cycle is refused', async () => {
    const { error } = await openVariant(
      replaced(
        '<edge from-layer="0" from-port="0" to-layer="2" to-port="0" />',
        '<edge from-layer="4" from-port="2" to-layer="2" to-port="0" />',
      ),
    );
    expect(error.message).toContain('expected edges without cycles');
  });

  it('duplicate layer ids are refused', async () => {
    const { error } = await openVariant(
      replaced('<layer id="3" name="fc.bias"', '<layer id="1" name="fc.bias"'),
    );
    expect(error.message).toContain('expected layer ids unique, found id 1 used twice');
  });

  it('a non-numeric dim names the port', async () => {
    const { error } = await openVariant(replaced('<dim>4</dim>', '<dim>four</dim>'));
    expect(error.message).toMatch(
      /layer 0 "input" \(line \d+\) output port 0 \(line \d+\): expected <dim> to be a size, -1 or \?, found "four"/,
    );
  });

  it('a layer without a type is refused', async () => {
    const { error } = await openVariant(replaced('type="MatMul" ', ''));
    expect(error.message).toContain('expected a type="…" attribute');
  });
});

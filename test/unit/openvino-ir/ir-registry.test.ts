import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { IMPORTERS, openModelFile } from '../../../core/model/registry';
import { openvinoIrImporter } from '../../../core/model/openvino-ir/ir-importer';
import { stageFixtures, type Staged } from './fixtures';

let staged: Staged;
beforeAll(() => {
  staged = stageFixtures();
});
afterAll(() => staged.remove());

describe('OpenVINO IR through the model registry', () => {
  it('is registered', () => {
    expect(IMPORTERS).toContain(openvinoIrImporter);
  });

  it('opens an IR .xml with its .bin', async () => {
    const m = await openModelFile(staged.xmlPath('matmul-add-v11'));
    expect(m.format).toBe('openvino-ir');
    expect(m.graph.initializers.get('fc.weight:0')?.dims).toEqual([3, 4]);
  });

  it('passes the IR importer error through for a broken .xml', async () => {
    const bad = path.join(staged.dir, 'broken.xml');
    writeFileSync(bad, '<?xml version="1.0"?><net version="11"><layers></net>');
    await expect(openModelFile(bad)).rejects.toBeInstanceOf(UserError);
    await expect(openModelFile(bad)).rejects.toThrow(/broken\.xml.*expected well-formed XML/);
  });
});

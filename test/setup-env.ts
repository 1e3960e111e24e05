import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Tests never touch the user's ~/.sparsescope: each test file gets a fresh workspace.
process.env.SPARSESCOPE_HOME = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-test-home-'));

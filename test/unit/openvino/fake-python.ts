import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A stand-in for the OpenVINO worker's Python, for fault tests that must run on any machine:
 * it answers --probe like a working OpenVINO, then misbehaves on "compile" according to the
 * model file the request names — die.onnx: exits 139 after a last word on stderr; hang.onnx:
 * never answers (exec, so a SIGKILL ends it); garbage.onnx: prints a line that is not JSON;
 * refuse.onnx: replies with OpenVINO's kind of refusal; wrongid.onnx: answers another id.
 */
export function fakePython(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-fake-ov-'));
  const file = path.join(dir, 'python');
  writeFileSync(
    file,
    `#!/bin/bash
if [ "$2" = "--probe" ]; then
  echo '{"ok":true,"protocol":1,"version":"test-double","devices":["CPU"],"device_name":"test double"}'
  exit 0
fi
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -E 's/^\\{"id":([0-9]+).*/\\1/')
  case "$line" in
    *die.onnx*) echo "Fatal Python error: Segmentation fault" >&2; exit 139 ;;
    *hang.onnx*) exec sleep 600 ;;
    *garbage.onnx*) echo "[CPU] plugin says hello" ;;
    *refuse.onnx*) echo "{\\"id\\":$id,\\"ok\\":false,\\"error\\":{\\"kind\\":\\"BadModel\\",\\"message\\":\\"OpenVINO could not read refuse.onnx.\\",\\"detail\\":\\"Check 'ir_version' failed\\"}}" ;;
    *wrongid.onnx*) echo '{"id":999,"ok":true}' ;;
    *) echo "{\\"id\\":$id,\\"ok\\":true}" ; exit 0 ;;
  esac
done
`,
  );
  chmodSync(file, 0o755);
  return file;
}

/**
 * A real Python in which `import openvino` fails as it does where the package is missing, so
 * the real ov-worker.py runs and reports it (a shim module first on PYTHONPATH raises
 * ModuleNotFoundError). Needs python3 on PATH, as npm run setup:openvino does.
 */
export function pythonWithoutOpenvino(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-no-ov-'));
  const shim = path.join(dir, 'shim', 'openvino');
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    path.join(shim, '__init__.py'),
    'raise ModuleNotFoundError("No module named \'openvino\'", name="openvino")\n',
  );
  const file = path.join(dir, 'python');
  writeFileSync(
    file,
    `#!/bin/sh\nPYTHONPATH=${JSON.stringify(path.join(dir, 'shim'))} exec python3 "$@"\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

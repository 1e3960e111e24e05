import { child, type XmlElement } from './xml-tree';

/**
 * Net-level metadata: v11 writes `<rt_info>` (`<Runtime_version value=…/>`,
 * `<conversion_parameters><framework value=…/></conversion_parameters>`), v10 writes
 * `<meta_data>` (`<MO_version value=…/>`, `<cli_parameters>…`). Both flatten to dotted
 * keys: "conversion_parameters.framework" → "onnx". `<attribute name=… value=…>` entries
 * use their name as the key part.
 */
export function readNetMetadata(net: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const section of ['meta_data', 'rt_info']) {
    const el = child(net, section);
    if (el) for (const c of el.children) flatten(c, '', out);
  }
  return out;
}

/** The OpenVINO version that wrote the file, from whichever metadata field is present. */
export function producerVersionOf(metadata: Record<string, string>): string {
  return metadata.Runtime_version ?? metadata.MO_version ?? '';
}

function flatten(el: XmlElement, prefix: string, out: Record<string, string>): void {
  const part = el.name === 'attribute' && el.attrs.name !== undefined ? el.attrs.name : el.name;
  const key = prefix === '' ? part : `${prefix}.${part}`;
  // A key that would reach Object.prototype is dropped rather than trusted.
  if (el.attrs.value !== undefined && part !== '__proto__') out[key] = el.attrs.value;
  for (const c of el.children) flatten(c, key, out);
}

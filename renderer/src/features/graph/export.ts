import type { HeatLegend } from '../../../../core/views/graph-heat';
import type { Scene } from '../../../../core/views/graph-scene';
import { svgDocument, type DrawStyle } from '../../../../core/views/graph-svg';

/** Largest PNG side: canvases and most viewers stop near 16k pixels. */
const MAX_PNG_SIDE = 16_000;

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The current graph as a standalone SVG document: the same drawing as the screen, whole. */
export function graphSvg(
  title: string,
  scene: Scene,
  style: DrawStyle,
  legend: HeatLegend | null,
): string {
  return svgDocument([{ title, scene }], { ...style, interactive: false }, legend);
}

export function exportSvg(svg: string, fileName: string): void {
  save(new Blob([svg], { type: 'image/svg+xml' }), fileName);
}

/** Rasterise the SVG document in the page (2× where it fits, scaled down past 16k pixels). */
export async function exportPng(svg: string, fileName: string): Promise<void> {
  const size = /<svg[^>]*\bwidth="(\d+)" height="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 600);
  const scale = Math.min(2, MAX_PNG_SIDE / Math.max(width, height));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(width * scale));
    canvas.height = Math.max(1, Math.floor(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gave no 2D canvas for the PNG');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(`the PNG (${canvas.width}×${canvas.height}) could not be encoded`);
    save(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}

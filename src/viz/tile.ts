/**
 * Shared helpers of the digit renderers. A 28x28 staging canvas is created once and reused:
 * a fresh canvas and 2D context per redraw (several times a second while training) cost more
 * than the drawing itself.
 */
let tile: CanvasRenderingContext2D | null = null;

/** The reusable staging context for one 28x28 digit (putImageData, then drawImage scaled). */
export function digitTile(side: number): CanvasRenderingContext2D {
  if (!tile || tile.canvas.width !== side) {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    tile = canvas.getContext('2d')!;
  }
  return tile;
}

/** Sets a canvas's size only when it changes (assigning it, even unchanged, resets the context). */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

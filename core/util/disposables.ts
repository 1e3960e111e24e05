/** Cleanup steps collected as work starts (timers, listeners), run once in reverse order. */
export class Disposables {
  private readonly steps: Array<() => void> = [];

  add(step: () => void): void {
    this.steps.push(step);
  }

  /** A setInterval that is cleared on dispose. */
  interval(fn: () => void, ms: number): void {
    const id = setInterval(fn, ms);
    this.add(() => clearInterval(id));
  }

  dispose(): void {
    for (const step of this.steps.splice(0).reverse()) step();
  }
}

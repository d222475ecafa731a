// A list that only builds the rows in view (plus a margin), so a 1,000-request run costs the same to
// draw as a 20-request one. Rows have a fixed height, which makes positions plain arithmetic.

const OVERSCAN_ROWS = 10;

export class VirtualList {
  readonly viewport: HTMLElement;
  private readonly canvas: HTMLElement;
  private count = 0;
  private frame = 0;

  constructor(
    private readonly rowHeight: number,
    private readonly renderRow: (index: number) => HTMLElement,
    className: string,
  ) {
    this.viewport = document.createElement('div');
    this.viewport.className = `virtual-viewport ${className}`;
    this.canvas = document.createElement('div');
    this.canvas.className = 'virtual-canvas';
    this.viewport.append(this.canvas);
    this.viewport.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  /** Rebuilds the visible rows now, e.g. after the data changed. */
  update(count: number): void {
    this.count = count;
    this.canvas.style.height = `${count * this.rowHeight}px`;
    this.render();
  }

  /** Scrolls just enough to show the row. */
  reveal(index: number): void {
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (bottom > this.viewport.scrollTop + this.viewport.clientHeight)
      this.viewport.scrollTop = bottom - this.viewport.clientHeight;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    // A viewport not laid out yet (hidden tab) reports 0: render a first screenful anyway.
    const height = this.viewport.clientHeight || 800;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - OVERSCAN_ROWS);
    const last = Math.min(
      this.count,
      Math.ceil((this.viewport.scrollTop + height) / this.rowHeight) + OVERSCAN_ROWS,
    );
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = this.renderRow(i);
      row.style.top = `${i * this.rowHeight}px`;
      row.style.height = `${this.rowHeight}px`;
      rows.push(row);
    }
    this.canvas.replaceChildren(...rows);
  }
}

// Collects pass/fail per check across both phases and prints the closing `N passed, N failed` line.
import { messageOf } from '../../src/core/common/messageOf';
export class Tally {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  pass(title: string): void {
    this.passed++;
    console.log(`  ✓ ${title}`);
  }

  fail(title: string, error: unknown): void {
    this.failed++;
    const text = messageOf(error);
    console.log(`  ✗ ${title}\n      ${text.split('\n').join('\n      ')}`);
  }

  skip(title: string, reason: string): void {
    this.skipped++;
    console.log(`  - ${title} (skipped: ${reason})`);
  }

  get ok(): boolean {
    return this.failed === 0 && this.passed > 0;
  }

  closingLine(): string {
    return `${this.passed} passed, ${this.failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}`;
  }
}

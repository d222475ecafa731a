// Seeded pseudo-random numbers for reproducible fuzz cases: a case is named by (seed, index) and
// regenerates bit for bit. sfc32 (Chris Doty-Humphrey's Small Fast Counter) seeded through a
// string hash; statistical quality is ample for test generation, speed matters more.

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Any string names a stream: `new Prng(`${seed}:${caseIndex}`)`. */
  constructor(seed: string) {
    let h = 1779033703 ^ seed.length;
    const words: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < seed.length; i++) {
        h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
        h = (h << 13) | (h >>> 19);
      }
      h = Math.imul(h ^ (h >>> 16), 2246822507 + round);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      words.push((h ^= h >>> 16) >>> 0);
    }
    [this.a, this.b, this.c, this.d] = words;
    for (let i = 0; i < 15; i++) this.next(); // mix away the seeding pattern
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() / 4294967296 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length];
  }

  /** `count` random bytes. */
  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** A random string of length in [min, max] drawn from `alphabet`. */
  string(alphabet: string, min: number, max: number): string {
    let s = '';
    for (let n = this.int(min, max); n > 0; n--) s += alphabet[this.next() % alphabet.length];
    return s;
  }
}

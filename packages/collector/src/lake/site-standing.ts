/**
 * Which sites' objects a flush writes first. Without SITES any valid site id is stored, and a
 * batch naming 10,000 made-up sites makes 10,000 one-row partitions; written in the order they
 * arrived, a real site's row that came after them waited for all of them (5.8 s after its 200 with
 * FLUSH_INTERVAL_MS=1000, issue 23, item 6), and "largest first" cannot tell one row from another.
 *
 * A site has standing when a request named it alone since the flush before last: every page's
 * batch does (the SDK sends one site's events), while made-up ids come by the hundred per batch,
 * because the rate limit (RATE_LIMIT_RPS per client address) makes one request per site slow. The
 * flusher writes the partitions of sites with standing first, then the rest, each group largest
 * first, and when such rows arrive while a flood takes several passes, it seals and writes them
 * before the flood's next pass (`seq`). Sites sent alone from many addresses still look real;
 * SITES is the way to refuse them.
 */
export class SiteStanding {
  private current = new Set<string>();
  private previous = new Set<string>();
  /** counts the requests that named one site: the flusher sees whether such rows came in meanwhile */
  seq = 0;

  /** `max`: sites remembered per flush interval (beyond it, no more earn standing until the next) */
  constructor(private readonly max = 100_000) {}

  /** A request named this site and no other. */
  alone(site: string): void {
    this.seq++;
    if (this.current.size < this.max) this.current.add(site);
  }

  /** At the start of each flush pass: what was earned while its segment filled stays one more pass. */
  turn(): void {
    this.previous = this.current;
    this.current = new Set();
  }

  /** 1 for a site with standing, 0 otherwise: the flusher's first sort key. */
  rank = (site: string): number => (this.current.has(site) || this.previous.has(site) ? 1 : 0);
}

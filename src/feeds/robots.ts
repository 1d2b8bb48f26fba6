/** robots.txt rules, read by robots-parser (the only module that imports it). */
import { createRequire } from 'node:module';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS (`module.exports = fn`) and its bundled types do not resolve as callable under
// NodeNext, so it is loaded the CommonJS way with the part of its documented type used here.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, body: string) => Robot;

export interface RobotsRules {
  /** May `userAgent` fetch `url`? */
  allows(url: string, userAgent: string): boolean;
  /** The Crawl-delay the site asks of `userAgent`, in seconds; undefined when it asks none. */
  crawlDelay(userAgent: string): number | undefined;
}

export const allowAll: RobotsRules = { allows: () => true, crawlDelay: () => undefined };
export const denyAll: RobotsRules = { allows: () => false, crawlDelay: () => undefined };

/** Rules from the text of `robotsUrl`. */
export function parseRobots(robotsUrl: string, body: string): RobotsRules {
  const robot = robotsParser(robotsUrl, body);
  return {
    // Undefined means the URL is not on this robots.txt's host: not ours to forbid.
    allows: (url, ua) => robot.isAllowed(url, ua) !== false,
    crawlDelay: (ua) => robot.getCrawlDelay(ua),
  };
}

/**
 * The tests' stand-in for Ofsted's site (tests/fetch-site.ts), served until Ctrl-C, to try `ofsted fetch`
 * by hand: `npx tsx scripts/debug/fetch-site.ts [--hostile]`, then
 * `node dist/cli.js fetch --site <the URL printed> --la Bradford Nottinghamshire Lewisham Birmingham Brent --out /tmp/f --pause 0.1`.
 */
import { startSite } from '../../tests/fetch-site.js';

const site = await startSite({ hostileUrn: process.argv.includes('--hostile') ? '80479' : undefined });
process.stdout.write(`${site.url}\n`);
process.once('SIGINT', () => void site.close().then(() => process.exit(0)));

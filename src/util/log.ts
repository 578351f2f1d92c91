import pino from 'pino';

/** Logs go to stderr (fd 2); stdout is for results. Level from OFSTED_LOG_LEVEL (default: warn). */
export const log = pino(
  { name: 'ofsted', level: process.env.OFSTED_LOG_LEVEL ?? 'warn', base: undefined },
  pino.destination({ fd: 2, sync: true }),
);

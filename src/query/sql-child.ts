/**
 * Child process of `query sql` (querySqlLimited in sql.ts): runs one read-only statement
 * and sends back its rows, or the InputError that refused it; the parent kills it if the
 * time limit passes first.
 */
import { reasonOf } from '../util/errors.js';
import { runSql, type SqlChildReply, type SqlChildRequest } from './sql.js';

process.once('message', (m: SqlChildRequest) => {
  let reply: SqlChildReply;
  try {
    reply = runSql(m.dbPath, m.sql, m.maxRows);
  } catch (e) {
    reply = { error: { code: (e as { code?: string }).code ?? 'query_failed', reason: reasonOf(e) } };
  }
  process.send!(reply, () => process.disconnect());
});

import type { Command } from 'commander';
import { withDb } from '../../query/sql.js';
import { asOfDate } from '../../query/rules.js';
import { printRows } from '../format.js';
import { queryOptions } from '../options.js';
import { addTrackerCommand } from './query-tracker.js';
import { addThemesCommand } from './query-themes.js';
import { addSqlCommand } from './query-sql.js';

/** The table queries, loaded when one runs (they bring the working-day calendar with them). */
const canned = () => import('../../query/canned-queries.js');

/** `ofsted query`: the table queries over src/query/canned-queries.ts, then tracker, themes and sql (each its own file). */
export function addQueryCommand(program: Command): void {
  const query = program.command('query').description('query the database');
  queryOptions(query.command('judgements').description('graded judgements'))
    .option('--area <area>', 'judgement area')
    .option('--grade <grade>', 'grade')
    .action(async (o) => {
      const { queryJudgements } = await canned();
      printRows(withDb(o.db, (db) => queryJudgements(db, o)), o.format);
    });
  queryOptions(query.command('recommendations').description('recommendations, with the paragraphs they cite')).action(async (o) => {
    const { queryRecommendations } = await canned();
    printRows(withDb(o.db, (db) => queryRecommendations(db, o, o.format === 'json')), o.format);
  });
  queryOptions(query.command('visits').description('focused and monitoring visits, JTAIs and area SEND inspections: date, authority, framework, focus, priority actions, areas for improvement, SEND outcome')).action(async (o) => {
    const { queryVisits } = await canned();
    printRows(withDb(o.db, (db) => queryVisits(db, o)), o.format);
  });
  queryOptions(query.command('deadlines').description('when each inspection document\'s plan is due (working days, England\'s bank holidays; data/deadlines.json), the plan on file, late'))
    .option('--as-of <date>', 'date for "late" (YYYY-MM-DD, default today)')
    .action(async (o) => {
      asOfDate(o.asOf);
      const { queryDeadlines } = await canned();
      printRows(withDb(o.db, (db) => queryDeadlines(db, o)), o.format);
    });
  queryOptions(query.command('paragraphs').description('numbered report paragraphs')).action(async (o) => {
    const { queryParagraphs } = await canned();
    printRows(withDb(o.db, (db) => queryParagraphs(db, o)), o.format);
  });
  queryOptions(query.command('actions').description('action-plan rows'))
    .option('--rag <rag>', 'red, amber, green, blue or complete')
    .option('--overdue', 'due date passed and not done (the state decided at load time: rating or status word)', false)
    .option('--as-of <date>', 'date for --overdue (YYYY-MM-DD, default today)')
    .option('--state <state>', 'done, open, not_started or unknown (decided at load time from the rating or status word)')
    .option('--all-versions', 'actions and plan items of every version of a plan, not only the current one', false)
    .action(async (o) => {
      asOfDate(o.asOf);
      const { queryActions } = await canned();
      printRows(withDb(o.db, (db) => queryActions(db, o)), o.format);
    });
  addTrackerCommand(query);
  addThemesCommand(query);
  addSqlCommand(query);
}

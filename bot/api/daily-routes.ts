/**
 * The daily run over HTTP, for a scheduled job or an automation:
 *   POST /schools/:urn/daily-runs        { "date"?: "YYYY-MM-DD" }  starts (or carries on) the day's run: 202
 *   GET  /schools/:urn/daily-runs/:date                             how far it has got
 * Posting continues after the response; calling POST again is safe and never posts a card twice.
 * While the day's register has not reached Firstday the answer is 200 { state: "waiting", message }: nothing is
 * listed (there is no forcing it: the whole roll would look absent); import the marks and the list follows.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { DailyRunError, describeRun, type DailyRunner } from '../jobs/daily-run';
import type { Logger } from '../platform/logger';
import { HttpError, type Authenticate } from './caller';

const STATUS: Record<DailyRunError['code'], number> = {
  'no-school': 404,
  'no-run': 404,
  'no-channel': 409,
  'not-school-day': 409,
  'bad-date': 400,
  'not-allowed': 403,
};

/** What the routes ask of the daily run: start it, and say how far it has got. */
export type DailyRuns = Pick<DailyRunner, 'start' | 'status'>;

export function dailyRoutes(options: { authenticate: Authenticate; runner: DailyRuns; logger: Logger }): express.Router {
  const router = express.Router();

  router.post('/schools/:urn/daily-runs', async (req, res, next) => {
    try {
      const caller = await options.authenticate(req);
      const date = req.body?.date;
      if (date !== undefined && typeof date !== 'string') throw new HttpError(400, 'Body field "date" must be a string, YYYY-MM-DD.');
      // The run goes on after the answer: posting sixty cards takes Teams about fifteen seconds.
      const running = options.runner.start(req.params.urn, date, { id: caller.id, name: caller.name, source: 'api' });
      const first = await Promise.race([running, delay(1_500, undefined, { ref: false })]);
      running.catch((err) => options.logger.error('daily run failed; run it again to finish', { urn: req.params.urn, error: (err as Error).message }));
      if (first) {
        res.status(first.state === 'busy' ? 409 : 200).json(first.state === 'waiting' ? { ...first, message: describeRun(first) } : first);
        return;
      }
      res.status(202).json({ state: 'posting', message: 'The list is being posted. GET this run to follow it.' });
    } catch (err) {
      next(asHttp(err));
    }
  });

  router.get('/schools/:urn/daily-runs/:date', async (req, res, next) => {
    try {
      await options.authenticate(req);
      const status = await options.runner.status(req.params.urn, req.params.date);
      if (!status) throw new HttpError(404, `There is no daily run for ${req.params.urn} on ${req.params.date}.`);
      const { run, cards } = status;
      res.json({
        urn: run.urn,
        date: run.date,
        state: run.state,
        listed: run.list.length - run.leftOff.length,
        leftOff: run.leftOff.length,
        cards,
        approved: run.approved,
        postedAt: run.postedAt,
        ...(run.afternoon ? { afternoon: { listed: run.afternoon.list.length, postedAt: run.afternoon.postedAt } } : {}),
      });
    } catch (err) {
      next(asHttp(err));
    }
  });

  return router;
}

function asHttp(err: unknown): unknown {
  if (err instanceof DailyRunError) return new HttpError(STATUS[err.code], err.message);
  return err;
}

import { UserError } from '@deploy-kit/action-kit';
import type { RolloutReport } from '../types';

/**
 * A deploy that rolled out in steps and failed. It carries the report of every step, so the
 * engine can show per-host results even though the deploy threw.
 */
export class RolloutFailedError<R extends RolloutReport = RolloutReport> extends UserError {
  override name = 'RolloutFailedError';

  constructor(
    message: string,
    readonly report: R,
  ) {
    super(message);
  }
}

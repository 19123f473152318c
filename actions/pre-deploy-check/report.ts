import * as core from '@actions/core';
import { setOutputs, writeSummary } from '@deploy-kit/action-kit';
import { failuresOf, type CheckResult } from '@deploy-kit/preflight';

const ICON: Record<CheckResult['outcome'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
};

export interface Report {
  environment: string;
  version: string | undefined;
  currentVersion: string | undefined;
  digest: string | undefined;
  results: CheckResult[];
}

/** Outputs, warnings, and the job summary table: one row per check. */
export async function publishReport(report: Report): Promise<void> {
  const failures = failuresOf(report.results);
  for (const result of report.results) {
    if (result.warning) core.warning(result.warning);
    core.info(`${ICON[result.outcome]}: ${result.check}: ${result.detail}`);
  }
  setOutputs({
    ok: failures.length === 0,
    failures: JSON.stringify(failures),
    'current-version': report.currentVersion,
    digest: report.digest,
  });
  const verdict = failures.length === 0 ? '**Ready to deploy.**' : `**Not ready: ${failures.length} check(s) failed.**`;
  await writeSummary(`Pre-deploy checks: ${report.environment}`, [
    {
      text: `${verdict} Version ${report.version ?? '—'}; ${report.environment} runs ${report.currentVersion ?? 'nothing recorded'} now.`,
      table: {
        header: ['Check', 'Result', 'Details'],
        rows: report.results.map((r) => [
          r.check,
          ICON[r.outcome],
          r.warning ? `${r.detail} ⚠️ ${r.warning}` : r.detail,
        ]),
      },
    },
  ]);
}

import * as core from '@actions/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readRunContext, setOutputs, UserError, writeSummary } from '@deploy-kit/action-kit';
import { createGitHubClient } from '@deploy-kit/github';
import { computeMetrics, parseSince, readHistory, renderHtmlPage } from '@deploy-kit/insights';
import { readReportInputs } from './inputs';
import { summarySections } from './summary';

/**
 * Reads the deployments ledger (read-only: nothing is created), writes the
 * history and DORA metrics to the job summary with a Mermaid chart, and a
 * self-contained HTML page to `page-path` for GitHub Pages.
 */
export async function run(): Promise<void> {
  const inputs = readReportInputs();
  const context = readRunContext();
  if (!context.owner || !context.repo)
    throw new UserError('GITHUB_REPOSITORY is not set: run this action in a GitHub Actions workflow');
  const now = inputs.until ?? new Date();
  const since = parseSince(inputs.since, now);
  if (!since) throw new UserError(`Input since ("${inputs.since}") must be before until (${now.toISOString()})`);
  const repo = { owner: context.owner, repo: context.repo };
  const pagePath = resolve(process.env.GITHUB_WORKSPACE || process.cwd(), inputs['page-path']);

  const client = createGitHubClient(inputs['github-token'], { baseUrl: context.apiUrl, log: (l) => core.info(l) });
  let start = since;
  let shortened: string | undefined;
  const entries = await readHistory(client, repo, {
    ...(inputs.environment ? { environment: inputs.environment } : {}),
    since,
    until: now,
    log: (line) => core.info(line),
    // Bounds the requests (one per deployment): the runner's token has 1,000 an hour per repository.
    maxDeployments: inputs['max-deployments'],
    onLimit: (at, dropped) => {
      start = at;
      shortened = `More than ${inputs['max-deployments']} deployments since ${since.toISOString()}: the report starts at ${at.toISOString()} (${dropped} older left out; raise max-deployments to include them).`;
      core.warning(shortened);
    },
  });
  const window = { since: start, now };
  const metrics = computeMetrics(entries, window, inputs.environment ? [inputs.environment] : undefined);
  core.info(`Read ${entries.length} deployment(s) of ${context.repository} since ${start.toISOString()}`);

  mkdirSync(dirname(pagePath), { recursive: true });
  writeFileSync(pagePath, renderHtmlPage({ repo, since: start, now, entries, metrics }));
  core.info(`Wrote the page to ${pagePath}`);

  await writeSummary(`Deployments of ${context.repository}`, summarySections(entries, metrics, window, shortened));
  setOutputs({
    'page-path': pagePath,
    metrics: JSON.stringify(metrics),
    deployments: metrics.reduce((n, m) => n + m.deployments, 0),
  });
}

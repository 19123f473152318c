import type { StepAnalysis } from '@deploy-kit/rollout';

/** The step table's verdicts, in words (the table adds an emoji to each). */
const VERDICT: Record<StepAnalysis['kind'], string> = {
  success: 'passed',
  failure: 'failed',
  inconclusive: 'inconclusive',
};

/**
 * One canary step whose analysis ended, as a progress line in the step table's words, e.g.
 * `canary app1: 50% (step 2 of 3), analysis passed`, or `…, analysis inconclusive, aborted`
 * (on-inconclusive decides whether it goes on). `where` is the host, or a Kubernetes namespace.
 */
export function canaryStepLine(
  where: string,
  step: { index: number; weight: number },
  steps: number,
  analysis: StepAnalysis,
): string {
  const decided =
    analysis.kind === 'inconclusive' ? (analysis.decision === 'continue' ? ', promoted' : ', aborted') : '';
  return `canary ${where}: ${step.weight}% (step ${step.index} of ${steps}), analysis ${VERDICT[analysis.kind]}${decided}`;
}

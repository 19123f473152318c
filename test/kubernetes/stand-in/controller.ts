import { createHash } from 'node:crypto';
import { child, clone, numberAt, objAt, stringAt, type Obj } from './json';
import type { PodBehaviour, Scenario } from './scenario';
import type { Store } from './store';

interface Rollout {
  hash: string;
  startedAtStep: number;
  behaviour: PodBehaviour;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The deployment controller and kubelet, in one loop of discrete steps: a new pod template gets a
 * ReplicaSet and pods whose fate the scenario scripts per image; old pods go once the new ones are
 * ready; a rollout that has not finished within `progressDeadlineSteps` is marked
 * ProgressDeadlineExceeded, as the real controller marks it after progressDeadlineSeconds.
 */
export class DeploymentController {
  private step = 0;
  private readonly rollouts = new Map<string, Rollout>();
  private readonly eventsSent = new Set<string>();
  private eventCounter = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly scenario: Scenario,
    /** Log lines per pod name (the previous, crashed run). */
    readonly podLogs: Map<string, string[]>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.scenario.stepMs);
    this.timer.unref();
  }

  /** Stops the clock: nothing progresses until start() (tests hold a rollout until a client watches). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): void {
    this.step += 1;
    for (const deployment of this.store.list('apps/deployments', undefined)) this.reconcile(deployment);
  }

  private reconcile(deployment: Obj): void {
    const metadata = child(deployment, 'metadata');
    const name = String(metadata.name);
    const namespace = String(metadata.namespace);
    const key = `${namespace}/${name}`;
    const spec = child(deployment, 'spec');
    const template = child(spec, 'template');
    const desired = numberAt(spec, 'replicas') ?? 1;
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
    const rsName = `${name}-${hash}`;

    let rollout = this.rollouts.get(key);
    if (!rollout || rollout.hash !== hash) {
      const image = firstImage(template);
      rollout = { hash, startedAtStep: this.step, behaviour: this.scenario.behaviours[image] ?? 'healthy' };
      this.rollouts.set(key, rollout);
    }
    const elapsed = this.step - rollout.startedAtStep;

    this.ensureReplicaSet(deployment, rsName, hash, desired);
    const containerName = firstContainerName(template);
    for (let index = 0; index < desired; index += 1) {
      this.ensurePod(namespace, rsName, hash, template, index, containerName, rollout, elapsed);
    }
    // Scaled down (a canary scaled to zero): the ReplicaSet's surplus pods go.
    const wanted = new Set(Array.from({ length: desired }, (_, index) => `${rsName}-${podSuffix(index)}`));
    for (const pod of this.store.list('core/pods', namespace)) {
      const podName = String(child(pod, 'metadata').name);
      if (podName.startsWith(`${rsName}-`) && !wanted.has(podName)) this.store.delete('core/pods', namespace, podName);
    }
    const pods = this.store.list('core/pods', namespace).filter((pod) => ownedBy(pod, name));
    const newPods = pods.filter((pod) => stringAt(pod, 'metadata', 'labels', 'pod-template-hash') === hash);
    const oldPods = pods.filter((pod) => stringAt(pod, 'metadata', 'labels', 'pod-template-hash') !== hash);
    const newReady = newPods.filter(isReady).length;
    const complete = newReady >= desired;
    if (complete) {
      for (const pod of oldPods) this.store.delete('core/pods', namespace, String(child(pod, 'metadata').name));
      for (const rs of this.store.list('apps/replicasets', namespace)) {
        const rsMeta = child(rs, 'metadata');
        if (rsMeta.name !== rsName && ownedBy(rs, name) && numberAt(rs, 'spec', 'replicas') !== 0) {
          child(rs, 'spec').replicas = 0;
          rs.status = { replicas: 0, observedGeneration: 1 };
          this.store.put('apps/replicasets', rs);
        }
      }
    }
    const remainingOld = complete ? [] : oldPods;
    const oldReady = remainingOld.filter(isReady).length;
    const available = newReady + oldReady;
    const replicas = newPods.length + remainingOld.length;
    const previous = objAt(deployment, 'status');
    const deadlineExceeded = !complete && elapsed >= this.scenario.progressDeadlineSteps;
    const progressing = complete
      ? condition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
        )
      : deadlineExceeded
        ? condition(
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            `ReplicaSet "${rsName}" has timed out progressing.`,
          )
        : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
    const status: Obj = {
      observedGeneration: numberAt(metadata, 'generation') ?? 1,
      replicas,
      updatedReplicas: newPods.length,
      readyReplicas: available,
      availableReplicas: available,
      ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
      conditions: [
        available >= desired
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition(
              'Available',
              'False',
              'MinimumReplicasUnavailable',
              'Deployment does not have minimum availability.',
            ),
        progressing,
      ],
    };
    if (!sameStatus(previous, status)) {
      // Keep the transition times of unchanged conditions, as the controller does.
      deployment.status = status;
      this.store.put('apps/deployments', deployment);
    }
  }

  private ensureReplicaSet(deployment: Obj, rsName: string, hash: string, desired: number): void {
    const metadata = child(deployment, 'metadata');
    const namespace = String(metadata.namespace);
    const existing = this.store.get('apps/replicasets', namespace, rsName);
    if (existing && numberAt(existing, 'spec', 'replicas') === desired) return;
    const template = clone(child(child(deployment, 'spec'), 'template'));
    child(child(template, 'metadata'), 'labels')['pod-template-hash'] = hash;
    this.store.put('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace,
        labels: { ...(objAt(template, 'metadata', 'labels') ?? {}) },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: metadata.name, uid: metadata.uid, controller: true },
        ],
        ...(existing
          ? { uid: child(existing, 'metadata').uid, creationTimestamp: child(existing, 'metadata').creationTimestamp }
          : {}),
      },
      spec: { replicas: desired, selector: clone(objAt(deployment, 'spec', 'selector') ?? {}), template },
      status: { replicas: desired, observedGeneration: 1 },
    });
  }

  private ensurePod(
    namespace: string,
    rsName: string,
    hash: string,
    template: Obj,
    index: number,
    containerName: string,
    rollout: Rollout,
    elapsed: number,
  ): void {
    const podName = `${rsName}-${podSuffix(index)}`;
    const existing = this.store.get('core/pods', namespace, podName);
    const status = podStatus(rollout.behaviour, containerName, index, elapsed, this.scenario);
    if (existing && JSON.stringify(existing.status) === JSON.stringify(status)) return;
    const labels = { ...(objAt(template, 'metadata', 'labels') ?? {}), 'pod-template-hash': hash };
    const pod: Obj = existing ?? {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace,
        labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, controller: true }],
      },
      spec: clone(objAt(template, 'spec') ?? {}),
    };
    pod.status = status;
    this.store.put('core/pods', pod);
    if (rollout.behaviour === 'crash-loop') this.podLogs.set(podName, this.scenario.crashLogLines);
    this.emitPodEvent(namespace, podName, containerName, rollout.behaviour, firstImage(template));
  }

  private emitPodEvent(
    namespace: string,
    podName: string,
    container: string,
    behaviour: PodBehaviour,
    image: string,
  ): void {
    const said = eventFor(behaviour, podName, container, image);
    if (!said || this.eventsSent.has(podName)) return;
    this.eventsSent.add(podName);
    this.eventCounter += 1;
    this.store.put('core/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${podName}.${this.eventCounter.toString(16).padStart(16, '0')}`, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: podName,
        namespace,
        fieldPath: `spec.containers{${container}}`,
      },
      reason: said.reason,
      message: said.message,
      type: 'Warning',
      count: 1,
      firstTimestamp: now(),
      lastTimestamp: now(),
      source: { component: said.reason === 'FailedScheduling' ? 'default-scheduler' : 'kubelet' },
    });
  }
}

function podSuffix(index: number): string {
  return `${'abcde'[index % 5] ?? 'x'}${index}x${index}z`;
}

function firstImage(template: Obj): string {
  const containers = objAt(template, 'spec')?.containers;
  const first = Array.isArray(containers) ? (containers[0] as unknown) : undefined;
  return stringAt(first, 'image') ?? '';
}

function firstContainerName(template: Obj): string {
  const containers = objAt(template, 'spec')?.containers;
  const first = Array.isArray(containers) ? (containers[0] as unknown) : undefined;
  return stringAt(first, 'name') ?? 'app';
}

function ownedBy(object: Obj, deploymentName: string): boolean {
  const name = stringAt(object, 'metadata', 'name') ?? '';
  return (
    name.startsWith(`${deploymentName}-`) &&
    /^[0-9a-f]{10}$/.test(name.slice(deploymentName.length + 1).split('-')[0] ?? '')
  );
}

function isReady(pod: Obj): boolean {
  const conditions = objAt(pod, 'status')?.conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => stringAt(c, 'type') === 'Ready' && stringAt(c, 'status') === 'True')
  );
}

function condition(type: string, status: string, reason: string, message: string): Obj {
  return { type, status, reason, message, lastUpdateTime: now(), lastTransitionTime: now() };
}

function sameStatus(previous: Obj | undefined, next: Obj): boolean {
  const strip = (value: unknown): string =>
    JSON.stringify(value, (key, entry: unknown) =>
      key === 'lastUpdateTime' || key === 'lastTransitionTime' ? undefined : entry,
    );
  return previous !== undefined && strip(previous) === strip(next);
}

function podStatus(
  behaviour: PodBehaviour,
  container: string,
  index: number,
  elapsed: number,
  scenario: Scenario,
): Obj {
  const readyAt = behaviour === 'slow-start' ? scenario.slowStartSteps + index : 1 + index;
  const startedAt = '2026-01-01T00:00:00Z';
  const ready = (behaviour === 'healthy' || behaviour === 'slow-start') && elapsed >= readyAt;
  const conditionsFor = (isReadyNow: boolean, reason?: string): Obj[] => [
    { type: 'PodScheduled', status: 'True' },
    { type: 'Ready', status: isReadyNow ? 'True' : 'False', ...(reason ? { reason } : {}) },
  ];
  switch (behaviour) {
    case 'healthy':
    case 'slow-start':
      return {
        phase: 'Running',
        conditions: conditionsFor(ready, ready ? undefined : 'ContainersNotReady'),
        containerStatuses: [
          {
            name: container,
            ready,
            restartCount: 0,
            started: true,
            state: { running: { startedAt } },
            image: '',
            imageID: '',
          },
        ],
      };
    case 'image-pull-failure':
      return {
        phase: 'Pending',
        conditions: conditionsFor(false, 'ContainersNotReady'),
        containerStatuses: [
          {
            name: container,
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
            image: '',
            imageID: '',
          },
        ],
      };
    case 'crash-loop':
      return {
        phase: 'Running',
        conditions: conditionsFor(false, 'ContainersNotReady'),
        containerStatuses: [
          {
            name: container,
            ready: false,
            restartCount: 3,
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: `back-off 40s restarting failed container=${container}` },
            },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt, finishedAt: startedAt } },
            image: '',
            imageID: '',
          },
        ],
      };
    case 'unschedulable':
      return {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
          },
        ],
      };
    case 'readiness-failure':
      return {
        phase: 'Running',
        conditions: conditionsFor(false, 'ContainersNotReady'),
        containerStatuses: [
          {
            name: container,
            ready: false,
            restartCount: 0,
            started: true,
            state: { running: { startedAt } },
            image: '',
            imageID: '',
          },
        ],
      };
  }
}

function eventFor(
  behaviour: PodBehaviour,
  podName: string,
  container: string,
  image: string,
): { reason: string; message: string } | undefined {
  switch (behaviour) {
    case 'image-pull-failure':
      return {
        reason: 'Failed',
        message: `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
      };
    case 'crash-loop':
      return { reason: 'BackOff', message: `Back-off restarting failed container ${container} in pod ${podName}` };
    case 'unschedulable':
      return {
        reason: 'FailedScheduling',
        message:
          '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      };
    case 'readiness-failure':
      return { reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' };
    default:
      return undefined;
  }
}

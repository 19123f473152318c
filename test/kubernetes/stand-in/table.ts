import { numberAt, stringAt, type Obj } from './json';

/**
 * `kubectl get` asks for a server-side Table (Accept: ...;as=Table;g=meta.k8s.io;v=v1). The
 * stand-in renders Deployments' columns as kube-apiserver does; other kinds get Name and Age.
 */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').includes('as=Table');
}

function age(object: Obj): string {
  const created = Date.parse(stringAt(object, 'metadata', 'creationTimestamp') ?? '');
  const seconds = Number.isNaN(created) ? 0 : Math.max(0, Math.floor((Date.now() - created) / 1000));
  return seconds < 120 ? `${seconds}s` : `${Math.floor(seconds / 60)}m`;
}

export function table(kind: string, items: Obj[], resourceVersion: string): object {
  const nameColumn = { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 };
  const ageColumn = { name: 'Age', type: 'string', format: '', description: 'Age', priority: 0 };
  const deployment = kind === 'Deployment';
  const columnDefinitions = deployment
    ? [
        nameColumn,
        { name: 'Ready', type: 'string', format: '', description: 'Ready', priority: 0 },
        { name: 'Up-to-date', type: 'integer', format: '', description: 'Up-to-date', priority: 0 },
        { name: 'Available', type: 'integer', format: '', description: 'Available', priority: 0 },
        ageColumn,
      ]
    : [nameColumn, ageColumn];
  const rows = items.map((item) => {
    const name = stringAt(item, 'metadata', 'name') ?? '';
    const cells = deployment
      ? [
          name,
          `${numberAt(item, 'status', 'readyReplicas') ?? 0}/${numberAt(item, 'spec', 'replicas') ?? 1}`,
          numberAt(item, 'status', 'updatedReplicas') ?? 0,
          numberAt(item, 'status', 'availableReplicas') ?? 0,
          age(item),
        ]
      : [name, age(item)];
    return { cells, object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata } };
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion }, columnDefinitions, rows };
}

/** Where the library's progress goes; it never talks to @actions/core itself. */
export interface KubeLog {
  info(line: string): void;
  warning(line: string): void;
}

export { systemClock, type Clock } from '@deploy-kit/http';

/** A RBAC permission: `verb` on `resource` (with `subresource`) of API `group` ('' = core). */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

export function describePermission(p: Permission): string {
  const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${resource}${p.group ? `.${p.group}` : ''}`;
}

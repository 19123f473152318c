import { UserError } from '@deploy-kit/action-kit';
import type { ContextValue } from './expressions';
import type { InputSpec } from './workflow-model';

function typed(name: string, spec: InputSpec, raw: string | boolean | number): ContextValue {
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (/^(true|false)$/i.test(String(raw))) return String(raw).toLowerCase() === 'true';
    throw new UserError(`Input "${name}" must be true or false (got "${raw}")`);
  }
  if (spec.type === 'number') {
    const value = Number(raw);
    if (String(raw).trim() === '' || !Number.isFinite(value))
      throw new UserError(`Input "${name}" must be a number (got "${raw}")`);
    return value;
  }
  if (spec.type === 'choice' && spec.options && !spec.options.includes(String(raw))) {
    throw new UserError(`Input "${name}" must be one of: ${spec.options.join(', ')} (got "${raw}")`);
  }
  return String(raw);
}

/**
 * Builds the `inputs` context of a called or dispatched workflow: typed values,
 * defaults applied, unknown and missing required inputs refused as GitHub does.
 */
export function workflowInputs(
  specs: Record<string, InputSpec>,
  given: Record<string, string | boolean | number>,
): Record<string, ContextValue> {
  const unknown = Object.keys(given).filter((name) => !(name in specs));
  if (unknown.length) {
    const known = Object.keys(specs);
    throw new UserError(
      `Unknown input(s): ${unknown.join(', ')}. This workflow's inputs: ${known.length ? known.join(', ') : '(none)'}`,
    );
  }
  const inputs: Record<string, ContextValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    // As on GitHub, `required` means the caller must pass the input, even if empty.
    if (spec.required && given[name] === undefined && spec.default === undefined) {
      throw new UserError(`Input "${name}" is required by this workflow`);
    }
    const raw = given[name] ?? spec.default;
    if (raw === undefined || (raw === '' && spec.type !== 'string')) {
      inputs[name] = spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '';
      continue;
    }
    inputs[name] = typed(name, spec, raw);
  }
  return inputs;
}

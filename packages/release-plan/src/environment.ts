import { UserError } from '@deploy-kit/action-kit';
import { ENVIRONMENTS, type Environment } from './types';

/** Reads an environment name; GitHub environment names are case-insensitive. */
export function parseEnvironment(value: string): Environment {
  const normalized = value.trim().toLowerCase();
  const found = ENVIRONMENTS.find((e) => e === normalized);
  if (!found) {
    throw new UserError(`Environment "${value}" is not supported; expected ${ENVIRONMENTS.join(' or ')}`);
  }
  return found;
}

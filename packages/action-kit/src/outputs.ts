import * as core from '@actions/core';

export type OutputValue = string | number | boolean;

/**
 * Sets a typed record of outputs. Declaring outputs as one object per action
 * keeps the names in one place, next to the type that says what each holds.
 */
export function setOutputs<T extends Record<string, OutputValue | undefined>>(outputs: T): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value === undefined ? '' : String(value));
  }
}

import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import type { YamlFile } from './files';

/*
 * GitHub's own parser, @actions/workflow-parser, imports its JSON schemas
 * without import attributes. Plain Node 20 refuses that
 * (ERR_IMPORT_ASSERTION_TYPE_MISSING); Jest 30's ESM loader accepts it with a
 * deprecation notice, which is why these checks run here, under Jest, and not
 * in a plain Node script. A future Jest that makes it an error needs a loader
 * or a bundled copy of the parser.
 */

/** Parses and converts a workflow as GitHub does; every error it reports. */
export async function parseWithGitHub(file: YamlFile): Promise<string[]> {
  const result = parseWorkflow({ name: file.path, content: file.source }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !result.value) return errors.length ? errors : [`${file.path}: nothing parsed`];
  const template = await convertWorkflowTemplate(result.context, result.value);
  return [...errors, ...(template.errors ?? []).map((e) => e.Message)];
}

/** Validates an action.yml against GitHub's action schema. */
export function parseActionWithGitHub(file: YamlFile): string[] {
  const result = parseAction({ name: file.path, content: file.source }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

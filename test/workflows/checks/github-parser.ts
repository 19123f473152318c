import { loadGitHubParser } from './github-parser-bundle';
import type { YamlFile } from './files';

/** Parses and converts a workflow as GitHub does; every error it reports. */
export async function parseWithGitHub(file: YamlFile): Promise<string[]> {
  const { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } = await loadGitHubParser();
  const result = parseWorkflow({ name: file.path, content: file.source }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !result.value) return errors.length ? errors : [`${file.path}: nothing parsed`];
  const template = await convertWorkflowTemplate(result.context, result.value);
  return [...errors, ...(template.errors ?? []).map((e) => e.Message)];
}

/** Validates an action.yml against GitHub's action schema. */
export async function parseActionWithGitHub(file: YamlFile): Promise<string[]> {
  const { NoOperationTraceWriter, parseAction } = await loadGitHubParser();
  const result = parseAction({ name: file.path, content: file.source }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

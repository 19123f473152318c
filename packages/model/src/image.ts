// Image names as registries accept them (https://github.com/distribution/reference): lower-case
// path components; a registry host may carry a port.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY_HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+$/;

/** `ghcr.io/<owner>/<repo>/<service>`, lower-cased because GHCR rejects upper-case names. */
export function serviceImage(service: string, repository: string): string {
  if (!REPOSITORY.test(repository)) {
    // The caller's job (GITHUB_REPOSITORY, --repo): not something the file says.
    throw new TypeError(`repository ${JSON.stringify(repository)} is not owner/repo`);
  }
  return `ghcr.io/${repository}/${service}`.toLowerCase();
}

export function isRepository(text: string): boolean {
  return REPOSITORY.test(text);
}

/** Why an image name written in the file cannot be used, or undefined when it can. */
export function imageProblem(image: string): string | undefined {
  const components = image.split('/');
  const hasHost = components.length > 1 && /[.:]|^localhost$/.test(components[0] ?? '');
  const path = hasHost ? components.slice(1) : components;
  const last = path[path.length - 1] ?? '';
  if (last.includes('@') || last.includes(':')) {
    return 'expected an image name without tag or digest (deploy-kit decides the tags)';
  }
  if (image !== image.toLowerCase())
    return `expected lower case (registries reject upper case): ${JSON.stringify(image.toLowerCase())}`;
  if ((hasHost && !REGISTRY_HOST.test(components[0] ?? '')) || !path.every((c) => PATH_COMPONENT.test(c))) {
    return 'expected an image name such as ghcr.io/acme/api: lower-case letters, digits and ".", "_", "__" or "-" between them';
  }
  return undefined;
}

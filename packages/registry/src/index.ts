export {
  parseImageReference,
  formatImageReference,
  imageName,
  isValidTag,
  toImageReference,
  DOCKER_HUB,
  type ImageReference,
} from './reference';
export { RegistryClient, type RegistryClientOptions, type Manifest } from './client';
export {
  RegistryAuthError,
  RegistryUnreachableError,
  RegistryError,
  GHCR_PERMISSION_HINT,
  permissionHint,
  isGhcr,
} from './errors';
export { MEDIA_TYPES, MANIFEST_ACCEPT, isIndexMediaType } from './media-types';
export { isLoopbackRegistry, registryBaseUrl } from './endpoint';
export { sha256Digest } from './digest';
export {
  registryCredentials,
  registryCredentialsForImage,
  noCredentialsNote,
  type GivenRegistryCredentials,
  type RegistryCredentials,
} from './credentials';
export { versionTagAt, isSemanticVersion, MAX_VERSION_TAGS } from './version-tag';
export { moveTags, type MoveTagsRequest, type MovedTags } from './move-tags';
export { builtVersionOf, VERSION_LABEL } from './built-version';

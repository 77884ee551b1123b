/** Azure Container Registry: an OCI manifest or index without its type in Accept is refused as unknown. */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile } from './rules';
import { docs, issue, stated } from './types';

export const acr = ruleProfile({
  id: 'acr',
  name: PROFILE_NAMES.acr,
  rules: [
    {
      when: { stored: ['ociManifest'], accept: { lacks: [MediaType.ociManifest] } },
      then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
      why: 'Without the OCI type in Accept an OCI manifest is refused: "OCI manifest found, but accept header does not support OCI manifests".',
      source: issue('https://github.com/Azure/acr/pull/764'),
    },
    {
      when: { stored: ['ociIndex'], accept: { lacks: [MediaType.ociIndex] } },
      then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
      why: 'Without the OCI index type in Accept an OCI index is refused: "OCI index found, but accept header does not support OCI indexes".',
      source: issue('https://github.com/Azure/azure-cli/issues/25280'),
    },
  ],
  facts: stated({
    hosts: {
      value: ['*.azurecr.io'],
      source: docs(
        'https://learn.microsoft.com/en-us/dotnet/api/azure.containers.containerregistry.containerrepositoryproperties.registryloginserver',
      ),
    },
  }),
});

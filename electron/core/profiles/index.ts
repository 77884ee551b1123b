/** Every behaviour profile, in the order of PROFILE_IDS. */
import { PROFILE_IDS, type ProfileId } from '../../../shared/profiles';
import { acr } from './acr';
import { artifactRegistry } from './artifactRegistry';
import { artifactory } from './artifactory';
import { distribution2 } from './distribution2';
import { distribution3 } from './distribution3';
import { dockerHub } from './dockerHub';
import { ecr } from './ecr';
import { ghcr } from './ghcr';
import { gitea } from './gitea';
import { harbor } from './harbor';
import { nexus } from './nexus';
import { quay } from './quay';
import { zot } from './zot';
import type { Profile } from './types';

const BY_ID: Record<ProfileId, Profile> = {
  'distribution-2': distribution2,
  'distribution-3': distribution3,
  'docker-hub': dockerHub,
  ghcr,
  quay,
  ecr,
  'artifact-registry': artifactRegistry,
  acr,
  harbor,
  zot,
  nexus,
  artifactory,
  gitea,
};

export const PROFILES: readonly Profile[] = PROFILE_IDS.map((id) => BY_ID[id]);

export function profileById(id: ProfileId): Profile {
  return BY_ID[id];
}

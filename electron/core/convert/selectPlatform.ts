/**
 * Choosing one image from a manifest list or OCI index. The default is what distribution 2.8 does when it
 * must hand a list to a client that cannot read lists: the first entry whose platform is linux/amd64,
 * variant ignored. `--platform os/arch[/variant]` overrides it.
 */
import { LensError } from '../errors';
import type { Descriptor, DockerList, OciIndex } from './manifestTypes';

export interface PlatformWanted {
  os: string;
  architecture: string;
  /** When absent any variant matches, as in distribution's default choice. */
  variant?: string;
}

export const DEFAULT_PLATFORM: PlatformWanted = { os: 'linux', architecture: 'amd64' };

export interface SelectedChild {
  descriptor: Descriptor;
  /** Position in the list's `manifests`. */
  index: number;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** Parses `os/arch[/variant]`; anything else is a USAGE error. */
/** parsePlatform for an optional argument: no text, no platform wanted. */
export function parseOptionalPlatform(text: string | undefined): PlatformWanted | undefined {
  return text === undefined ? undefined : parsePlatform(text);
}

export function parsePlatform(text: string): PlatformWanted {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw new LensError('USAGE', `Invalid platform "${text}"; expected OS/ARCH or OS/ARCH/VARIANT, e.g. linux/arm64/v8.`);
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function formatPlatform(p: { os: string; architecture: string; variant?: string | undefined }): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/**
 * The variant an architecture has when none is written, as containerd's platform matcher reads it, so
 * that linux/arm64/v8 finds an entry that says only arm64.
 */
const IMPLIED_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

function variantMatches(architecture: string, wanted: string, actual: string | undefined): boolean {
  const implied = IMPLIED_VARIANT[architecture];
  return wanted === actual || (implied !== undefined && wanted === implied && (actual ?? '') === '');
}

export function platformMatches(wanted: PlatformWanted, actual: Descriptor['platform']): boolean {
  if (!actual || actual.os !== wanted.os || actual.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || variantMatches(wanted.architecture, wanted.variant, actual.variant);
}

/** The first entry for the platform; CONVERSION_REFUSED listing what the list offers when none fits. */
export function selectPlatform(list: DockerList | OciIndex, wanted: PlatformWanted = DEFAULT_PLATFORM): SelectedChild {
  const index = list.manifests.findIndex((d) => platformMatches(wanted, d.platform));
  const descriptor = list.manifests[index];
  if (descriptor) return { descriptor, index };
  const offered = list.manifests.map((d) => (d.platform ? formatPlatform(d.platform) : '(no platform)'));
  throw new LensError(
    'CONVERSION_REFUSED',
    `No image for ${formatPlatform(wanted)} in this list; choose one it offers with --platform.`,
    offered.length > 0 ? `Offered: ${offered.join(', ')}` : 'The list is empty.',
  );
}

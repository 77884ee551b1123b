/**
 * What a click on a digest inside a document does, given by the view around the documents: the
 * inspector opens a manifest by digest, the Image view for a config or a layer. Where no view provides
 * it (a document with nowhere to go), digests stay plain text.
 */
import { createContext, useContext } from 'react';
import type { DigestLink } from './digestLinks';

export type OpenDigest = (link: Pick<DigestLink, 'digest' | 'role'>) => void;

export const DigestNavigation = createContext<OpenDigest | null>(null);

export function useDigestNavigation(): OpenDigest | null {
  return useContext(DigestNavigation);
}

/** The words a link's hover and the tests use: what following it does. */
export function digestLinkTitle({ digest, role }: Pick<DigestLink, 'digest' | 'role'>): string {
  switch (role) {
    case 'manifest':
      return `Open manifest ${digest}`;
    case 'subject':
      return `Open subject ${digest}`;
    case 'config':
      return `Show config ${digest} in the Image view`;
    case 'layer':
      return `Show layer ${digest} and save its blob`;
  }
}

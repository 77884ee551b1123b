/**
 * Which IPC senders may call the core: only our own top-level page, served from app://lens. A frame
 * embedded in it, a page navigated elsewhere, or a sender Electron has already torn down is refused.
 */
import { APP_HOST, APP_SCHEME } from './appProtocol';

/** The part of Electron's WebFrameMain the decision needs; null when the frame is gone. */
export interface SenderFrame {
  url: string;
  isTopLevel: boolean;
}

export function isTrustedSender(frame: SenderFrame | null): boolean {
  if (frame === null || !frame.isTopLevel) return false;
  // Not URL.origin: Node's URL gives every non-special scheme such as app: the opaque origin "null".
  const url = URL.parse(frame.url);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
}

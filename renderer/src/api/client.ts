import type { ArgsOf, CallName, ResultOf } from '../../../shared/api';
import { unwrapEnvelope } from './envelope';
import { takeSessionToken } from './session';
import { bridgeTransport, httpTransport, type Transport } from './transport';

// Chosen once: the preload bridge exists from the first line of script in Electron, never in a browser.
const transport: Transport = window.lens ? bridgeTransport(window.lens) : httpTransport(takeSessionToken());

/** Calls the core and returns its value, or throws a LensCallError carrying the core's error code. */
export async function callLens<K extends CallName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  return unwrapEnvelope<ResultOf<K>>(await transport(name, args));
}

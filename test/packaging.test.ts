/**
 * The packaged desktop app's fuses, as electron-builder itself reads electron-builder.yml, validates it
 * against its schema and turns it into the configuration it hands to @electron/fuses before signing.
 */
// app-builder-lib's modules require each other in a cycle that only its index resolves: load it first.
import { PlatformPackager, type Configuration, type FuseOptionsV1 } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { DebugLogger } from 'builder-util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** electron-builder's own mapping from the config's fuse names to @electron/fuses' wire (a private method of 26.x). */
function fuseWire(fuses: FuseOptionsV1): Promise<Record<string, unknown>> {
  const packager = PlatformPackager.prototype as unknown as { generateFuseConfig(f: FuseOptionsV1): Promise<Record<string, unknown>> };
  return packager.generateFuseConfig(fuses);
}

describe('electron-builder.yml', () => {
  let config: Configuration;

  beforeAll(async () => {
    config = await getConfig(ROOT, null, null);
  });

  it('passes the schema of electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses that close the packaged binary to other code', async () => {
    expect(config.electronFuses).toBeDefined();
    expect(await fuseWire(config.electronFuses!)).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
  });

  it('packs the app into an asar archive, which onlyLoadAppFromAsar needs', () => {
    // electron-builder packs into app.asar unless `asar` is false.
    expect(config.asar ?? true).not.toBe(false);
  });
});

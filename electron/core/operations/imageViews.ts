/**
 * The image a manifest describes, reduced to what people read: a list's platforms, the config's runtime
 * settings and history, and the layers each step produced. Pure: parsed documents in, views out.
 */
import { z } from 'zod';
import type { ConfigView, HistoryView, LayerView, PlatformEntry } from '../../../shared/image';
import { MediaType } from '../../../shared/mediaTypes';
import {
  parseJsonValue,
  parseImageConfig,
  V1Compatibility,
  validate,
  type Descriptor,
  type DockerList,
  type ImageConfig,
  type OciIndex,
  type OciManifest,
  type Schema1Manifest,
  type Schema2Manifest,
} from '../convert/manifestTypes';

/** BuildKit marks the attestation entries it adds to an index with this annotation. */
const REFERENCE_TYPE = 'vnd.docker.reference.type';

export function platformEntries(list: DockerList | OciIndex): PlatformEntry[] {
  return list.manifests.map((d: Descriptor) => ({
    digest: d.digest,
    mediaType: d.mediaType,
    size: d.size,
    os: d.platform?.os ?? null,
    architecture: d.platform?.architecture ?? null,
    variant: d.platform?.variant ?? null,
    osVersion: d.platform?.['os.version'] ?? null,
    annotations: d.annotations ?? {},
    attestation: d.annotations?.[REFERENCE_TYPE] === 'attestation-manifest',
  }));
}

// Each runtime field is read on its own: one odd value (a null Env, a number where a string belongs)
// must not hide the rest of an otherwise readable config.
const strings = z.array(z.string()).nullable().optional().catch(null);
const text = z.string().nullable().optional().catch(null);
const RuntimeConfig = z
  .looseObject({
    Env: strings,
    Entrypoint: strings,
    Cmd: strings,
    WorkingDir: text,
    User: text,
    ExposedPorts: z.record(z.string(), z.unknown()).nullable().optional().catch(null),
    Labels: z.record(z.string(), z.string()).nullable().optional().catch(null),
  })
  .nullable()
  .optional()
  .catch(null);

function runtimeOf(config: unknown): Pick<ConfigView, 'env' | 'entrypoint' | 'cmd' | 'workingDir' | 'user' | 'exposedPorts' | 'labels'> {
  const r = RuntimeConfig.parse(config) ?? {};
  return {
    env: r.Env ?? [],
    entrypoint: r.Entrypoint ?? null,
    cmd: r.Cmd ?? null,
    workingDir: r.WorkingDir || null,
    user: r.User || null,
    exposedPorts: Object.keys(r.ExposedPorts ?? {}),
    labels: r.Labels ?? {},
  };
}

/** Links history steps to layers: each step that is not an empty layer made the next layer, in order. */
function linkHistory(entries: Array<Omit<HistoryView, 'layerIndex'>>, layerCount: number, notes: string[]): HistoryView[] {
  let next = 0;
  const history = entries.map((entry) => {
    if (entry.emptyLayer) return { ...entry, layerIndex: null };
    const layerIndex = next < layerCount ? next : null;
    next += 1;
    return { ...entry, layerIndex };
  });
  if (entries.length > 0 && next !== layerCount) {
    notes.push(
      `The history names ${next} layer-making steps but the manifest has ${layerCount} layers; the steps are matched to layers in order as far as they go.`,
    );
  }
  return history;
}

export interface ImageView {
  config: ConfigView;
  layers: LayerView[];
  notes: string[];
}

/** Schema 2 or OCI: the manifest's layers and the config blob it names (as fetched, already digest-checked). */
export function imageFromConfig(manifest: Schema2Manifest | OciManifest, configBytes: Uint8Array): ImageView {
  const notes: string[] = [];
  const config: ImageConfig = parseImageConfig(configBytes);
  const diffIds = config.rootfs.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    notes.push(`The config lists ${diffIds.length} diffIDs for ${manifest.layers.length} layers.`);
  }
  const layers = manifest.layers.map((d, i): LayerView => ({
    digest: d.digest,
    mediaType: d.mediaType,
    size: d.size,
    diffId: diffIds[i] ?? null,
    urls: d.urls ?? [],
  }));
  const history = linkHistory(
    (config.history ?? []).map((h) => ({
      created: h.created ?? null,
      createdBy: h.created_by ?? null,
      author: h.author ?? null,
      comment: h.comment ?? null,
      emptyLayer: h.empty_layer === true,
    })),
    layers.length,
    notes,
  );
  return {
    config: {
      digest: manifest.config.digest,
      mediaType: manifest.config.mediaType,
      size: configBytes.length,
      text: new TextDecoder().decode(configBytes),
      os: config.os,
      architecture: config.architecture,
      variant: config.variant ?? null,
      created: config.created ?? null,
      author: config.author ?? null,
      ...runtimeOf(config.config),
      history,
    },
    layers,
    notes,
  };
}

const V1Top = z.looseObject({
  architecture: z.string().optional().catch(undefined),
  os: z.string().optional().catch(undefined),
  variant: z.string().optional().catch(undefined),
  created: z.string().optional().catch(undefined),
  author: z.string().optional().catch(undefined),
  config: z.unknown(),
});

/**
 * Schema 1 has no config blob: the newest v1Compatibility entry is the old config, and every entry is
 * one history step whose layer is the fsLayer beside it (the empty tar for a throwaway step).
 */
export function imageFromSchema1(manifest: Schema1Manifest): ImageView {
  const notes = ['Schema 1 records no layer sizes, media types or diffIDs; the layers are shown as the gzipped tars it implies.'];
  const oldestFirst = manifest.history
    .map((h, i) => ({ text: h.v1Compatibility, blobSum: manifest.fsLayers[i]!.blobSum, index: i }))
    .toReversed();
  const entries = oldestFirst.map(({ text, index }) => {
    const what = `v1Compatibility of history[${index}]`;
    return validate(V1Compatibility, parseJsonValue(new TextEncoder().encode(text), what), what);
  });
  const layers: LayerView[] = [];
  const history: HistoryView[] = entries.map((entry, i) => {
    const emptyLayer = entry.throwaway === true;
    if (!emptyLayer) {
      layers.push({ digest: oldestFirst[i]!.blobSum, mediaType: MediaType.dockerLayerGzip, size: null, diffId: null, urls: [] });
    }
    return {
      created: entry.created ?? null,
      createdBy: entry.container_config?.Cmd?.join(' ') ?? null,
      author: entry.author ?? null,
      comment: entry.comment ?? null,
      emptyLayer,
      layerIndex: emptyLayer ? null : layers.length - 1,
    };
  });
  const topText = manifest.history[0]!.v1Compatibility;
  const top = validate(V1Top, parseJsonValue(new TextEncoder().encode(topText), 'newest v1Compatibility'), 'newest v1Compatibility');
  return {
    config: {
      digest: null,
      mediaType: null,
      size: new TextEncoder().encode(topText).length,
      text: topText,
      os: top.os ?? null,
      architecture: top.architecture ?? manifest.architecture,
      variant: top.variant ?? null,
      created: top.created ?? null,
      author: top.author ?? null,
      ...runtimeOf(top.config),
      history,
    },
    layers,
    notes,
  };
}

/** Whether a config descriptor names an image config (an artifact's config is something else entirely). */
export function isImageConfigType(mediaType: string): boolean {
  return mediaType === MediaType.dockerConfig || mediaType === MediaType.ociConfig;
}

// Smaller copies of raster images for `?w=&h=`: made with sharp, loaded on the first resize only
// (a large native library the page views never need), and kept in memory within a byte budget.
import { MAX_MEDIA_EDGE, MAX_MEDIA_PIXELS } from '../limits.js';

type Sharp = (typeof import('sharp'))['default'];

export interface ResizeRequest {
  /** Names the bytes: the media id and revision. */
  key: string;
  data: Buffer;
  width: number | null;
  height: number | null;
}

/** The width and height to ask for: each capped at MAX_MEDIA_EDGE, null when not given. */
export function boundedSize(width: number | null, height: number | null): { width: number | null; height: number | null } {
  const cap = (n: number | null) => (n === null ? null : Math.min(n, MAX_MEDIA_EDGE));
  return { width: cap(width), height: cap(height) };
}

export type Resizer = ReturnType<typeof createResizer>;

export function createResizer(options: { maxBytes: number }) {
  let sharp: Promise<Sharp> | null = null;
  const cache = new Map<string, Buffer>();
  // A resize under way, so that readers asking for the same one at once share it.
  const pending = new Map<string, Promise<Buffer>>();
  let cachedBytes = 0;

  function loadSharp(): Promise<Sharp> {
    sharp ??= import('sharp').then(({ default: load }) => {
      // Our own cache keeps what is worth keeping; libvips' would only add memory.
      load.cache(false);
      return load;
    });
    return sharp;
  }

  function remember(key: string, image: Buffer): void {
    if (image.length > options.maxBytes) return;
    cache.set(key, image);
    cachedBytes += image.length;
    for (const [oldest, value] of cache) {
      if (cachedBytes <= options.maxBytes) break;
      cache.delete(oldest);
      cachedBytes -= value.length;
    }
  }

  return {
    /** The image fitted inside width × height, aspect kept, never enlarged, in its own format. */
    async resize(request: ResizeRequest): Promise<Buffer> {
      const { width, height } = boundedSize(request.width, request.height);
      const key = `${request.key}\n${width ?? ''}x${height ?? ''}`;
      const hit = cache.get(key);
      if (hit) {
        // Most recently used last, so the oldest is dropped first.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      let work = pending.get(key);
      if (!work) {
        work = loadSharp()
          .then((load) =>
            load(request.data, { limitInputPixels: MAX_MEDIA_PIXELS, animated: true })
              .rotate()
              .resize({ width: width ?? undefined, height: height ?? undefined, fit: 'inside', withoutEnlargement: true })
              .toBuffer(),
          )
          .then((image) => {
            remember(key, image);
            return image;
          })
          .finally(() => pending.delete(key));
        pending.set(key, work);
      }
      return work;
    },
  };
}

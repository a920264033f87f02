// Smaller copies of raster images for `?w=&h=`: made with sharp, loaded on the first resize only
// (a large native library the page views never need), and kept in memory within a byte budget.
// Only a fixed set of sizes is made (a request is rounded up to the next one), two at a time:
// 64 parallel requests for widths 1500 to 1563 once took the server from 94 to 738 MB.
import { HttpError } from '../errors.js';
import { MAX_MEDIA_EDGE, MAX_MEDIA_PIXELS } from '../limits.js';
import { createTurns } from '../turns.js';

/** The widths and heights made; anything asked for is rounded up to one of these (capped at the last). */
export const RESIZE_STEPS = [16, 32, 48, 64, 80, 100, 120, 160, 200, 240, 320, 400, 480, 640, 800, 960, 1200, 1600, MAX_MEDIA_EDGE] as const;

const RESIZING = 2;
const WAITING = 8;

/** The resize queue is full: 503, try again. */
export const resizingBusy = () => new HttpError(503, 'busy', 'media.resizeBusy');

type Sharp = (typeof import('sharp'))['default'];

export interface ResizeRequest {
  /** Names the bytes: the media id and revision. */
  key: string;
  data: Buffer;
  width: number | null;
  height: number | null;
}

/** The width and height to make: each rounded up to a step (capped at the last), null when not given. */
export function boundedSize(width: number | null, height: number | null): { width: number | null; height: number | null } {
  const step = (n: number | null) => (n === null ? null : (RESIZE_STEPS.find((size) => size >= n) ?? MAX_MEDIA_EDGE));
  return { width: step(width), height: step(height) };
}

export type Resizer = ReturnType<typeof createResizer>;

export function createResizer(options: { maxBytes: number; running?: number; waiting?: number }) {
  let sharp: Promise<Sharp> | null = null;
  const turn = createTurns(options.running ?? RESIZING, options.waiting ?? WAITING, resizingBusy);
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

  const keyOf = (request: Omit<ResizeRequest, 'data'>) => {
    const { width, height } = boundedSize(request.width, request.height);
    return { key: `${request.key}\n${width ?? ''}x${height ?? ''}`, width, height };
  };

  return {
    /** Whether this resize is made already (or being made): asking for it costs nothing. */
    ready(request: Omit<ResizeRequest, 'data'>): boolean {
      const { key } = keyOf(request);
      return cache.has(key) || pending.has(key);
    },
    /** The image fitted inside width × height, aspect kept, never enlarged, in its own format. */
    async resize(request: ResizeRequest): Promise<Buffer> {
      const { key, width, height } = keyOf(request);
      const hit = cache.get(key);
      if (hit) {
        // Most recently used last, so the oldest is dropped first.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      let work = pending.get(key);
      if (!work) {
        work = turn(() =>
          loadSharp().then((load) =>
            load(request.data, { limitInputPixels: MAX_MEDIA_PIXELS, animated: true })
              .rotate()
              .resize({ width: width ?? undefined, height: height ?? undefined, fit: 'inside', withoutEnlargement: true })
              .toBuffer(),
          ),
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

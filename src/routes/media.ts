// The media manager (SPEC §3): GET /_/media browses a namespace and shows a file's revisions,
// POST /_/media uploads (multipart), both answering the editor in JSON when it asks (Accept:
// application/json: the namespace's files; the id an upload got), GET /_/media/{path} serves a file (resized with ?w=&h=, an old
// revision with ?rev=N), POST /_/media/{path}?do=delete deletes. Every action is checked against
// the file's namespace ('ns:*', '*'), before anything about the files is looked up.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Access } from '../access/access.js';
import { Level } from '../access/acl.js';
import { badCsrf, badRequest, deny, HttpError, notFound } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { checkInput, parseInput, single } from '../web/forms.js';
import { discardRequestBody } from '../web/request-body.js';
import { MAX_MEDIA_BYTES, MAX_MEDIA_PIXELS } from '../limits.js';
import { UPLOAD_CSP } from '../web/security-headers.js';
import { isMediaId, MEDIA_PREFIX, mediaUrl, namespaceScope, uploadedId } from '../media/media-id.js';
import { MEDIA_EXTENSIONS, mediaTypeOf } from '../media/media-type.js';
import type { Resizer } from '../media/resize.js';
import type { MediaStore } from '../media/store.js';
import { imageSize } from '../media/image-size.js';
import { decideUpload, fileProblem, freeMediaId } from '../media/upload.js';
import type { MediaFileEntry, MediaListing, UploadReply } from '../editor/wire.js';
import { createFailureLimiter } from '../accounts/rate-limit.js';
import { wantsJson } from '../web/accepts.js';
import { isTopLevelNavigation } from '../web/navigation.js';
import { cleanId, MAX_ID_LENGTH, nameOf, namespaceOf, parentsOf, pathToRawId } from '../pages/page-id.js';

export interface MediaDeps {
  media: MediaStore;
  access: Access;
  resizer: Resizer;
}

/** An uploaded file as the multipart parser leaves it in the body. */
interface UploadedFile {
  filename: string;
  data: Buffer;
}

const uploadForm = z.object({
  file: z.object({ filename: z.string().min(1).max(MAX_ID_LENGTH), data: z.instanceof(Buffer) }),
  ns: z.string().max(MAX_ID_LENGTH).default(''),
  overwrite: z.literal('on').optional(),
  /** A name taken already becomes a free one (`name-1.png`) instead of a conflict: the editor's uploads. */
  rename: z.literal('on').optional(),
});

const positive = z.string().regex(/^[1-9]\d{0,8}$/).transform(Number).optional();
const fileQuery = z.object({ rev: positive, w: positive, h: positive });

/** @fastify/multipart's limits for uploads (registered by buildApp). */
export const MULTIPART_LIMITS = { fileSize: MAX_MEDIA_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 };

/** The manager's URL for a namespace (and a file in it). */
export function managerUrl(ns: string, id?: string): string {
  const params = new URLSearchParams();
  if (ns !== '') params.set('ns', ns);
  if (id) params.set('id', id);
  const query = params.toString();
  return query === '' ? MEDIA_PREFIX : `${MEDIA_PREFIX}?${query}`;
}

const tooLargeFile = () => new HttpError(413, 'too_large', 'media.tooLarge', { max: MAX_MEDIA_BYTES / 1024 / 1024 });

/** Why an upload was refused after its fields were read: the manager is shown again with the message. */
export interface UploadRefusal {
  status: number;
  message: MessageKey;
  params?: Record<string, string | number>;
}

const uploadRefusal = (status: number, message: MessageKey, params: Record<string, string | number> = {}): UploadRefusal => ({ status, message, params });

const FILE_PROBLEMS: Record<'type' | 'empty' | 'content', MessageKey> = {
  type: 'media.badType',
  empty: 'media.empty',
  content: 'media.badContent',
};

/**
 * Reads a multipart body into a plain object before the CSRF check (a preHandler) reads its
 * `_csrf`: fields as strings, the file as its name and bytes. (@fastify/multipart's
 * attachFieldsToBody would drop the file name and turn a malformed body into a 500.) The form
 * sends `_csrf` and `ns` before the file: the token and the upload permission are checked then,
 * before a byte of the file is kept. A file over the limit leaves `refused` in the body, so the
 * manager can say so in its own screen, the namespace kept.
 */
export async function readMultipart(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return;
  const body: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    const before = body[name];
    // A repeated field becomes a list, which no schema accepts.
    body[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  };
  const checkBeforeTheFile = () => {
    if (body._csrf !== undefined && !request.csrfValid(body._csrf)) throw badCsrf();
    if (typeof body.ns === 'string') request.authorize(namespaceScope(cleanId(body.ns)));
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        checkBeforeTheFile();
        const data = await part.toBuffer();
        if (part.file.truncated) body.refused = uploadRefusal(413, 'media.tooLarge');
        else put(part.fieldname, { filename: part.filename, data } satisfies UploadedFile);
      } else {
        put(part.fieldname, part.value);
      }
    }
  } catch (error) {
    // Refused before its end: the rest is read and thrown away, so the answer is not a reset.
    await discardRequestBody(request);
    if (error instanceof HttpError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    // Too many parts or fields is too large; anything else (no boundary, a cut body) is malformed.
    throw status === 413 ? tooLargeFile() : badRequest('body');
  }
  request.body = body;
}

/** `Content-Disposition` naming the file, for any client (RFC 6266: ASCII fallback and UTF-8). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export type MediaHandlers = ReturnType<typeof mediaHandlers>;

/** Resizes one address may have made in a minute (sizes already made cost nothing). */
export const RESIZES_PER_MINUTE = 60;

/** Whether a raster image declares more pixels than the wiki resizes or shows in a page. */
function tooManyPixels(data: Buffer): boolean {
  const size = imageSize(data);
  return size !== null && size.width * size.height > MAX_MEDIA_PIXELS;
}

export function mediaHandlers(deps: MediaDeps) {
  const { media, access, resizer } = deps;
  const resizes = createFailureLimiter({ max: RESIZES_PER_MINUTE, windowMs: 60_000 });

  function showManager(request: FastifyRequest, reply: FastifyReply, ns: string, fileId: string | null, error: string | null = null) {
    const { locale, viewer } = request;
    const t = locale.t;
    // The level the route declares, on the namespace shown (SPEC §5: media are checked against it).
    const level = request.authorize(namespaceScope(ns));
    const children = new Set<string>();
    for (const below of media.namespacesBelow(ns)) {
      const child = below.split(':').slice(0, ns === '' ? 1 : ns.split(':').length + 1).join(':');
      if (access.level(viewer, namespaceScope(child)) >= Level.READ) children.add(child);
    }
    const file = fileId === null ? undefined : media.get(fileId);
    const revisions = fileId === null ? [] : media.revisions(fileId);
    if (fileId !== null && revisions.length === 0) reply.status(404);
    const author = (login: string | null) => login ?? t('site.footer.anonymous');
    return reply.page('media', {
      title: t('media.title'),
      noindex: true,
      ns,
      trail: parentsOf(ns === '' ? '' : `${ns}:x`).map((part) => ({ name: nameOf(part), href: managerUrl(part) })),
      rootHref: MEDIA_PREFIX,
      namespaces: [...children].map((child) => ({ name: nameOf(child), href: managerUrl(child) })),
      files: media.list(ns).map((entry) => ({
        id: entry.id,
        name: nameOf(entry.id),
        href: mediaUrl(entry.id),
        thumb: mediaTypeOf(entry.id)?.kind === 'raster' ? `${mediaUrl(entry.id)}?w=80&h=80` : null,
        detailsHref: managerUrl(ns, entry.id),
        size: t('media.bytes', { size: locale.count(entry.size) }),
        date: locale.date(entry.modified),
        author: author(entry.author),
      })),
      canUpload: level >= Level.UPLOAD,
      canDelete: level >= Level.DELETE,
      accepted: MEDIA_EXTENSIONS.join(', '),
      maxMb: MAX_MEDIA_BYTES / 1024 / 1024,
      error,
      selected:
        fileId === null
          ? null
          : {
              id: fileId,
              exists: file !== undefined,
              href: mediaUrl(fileId),
              deleteHref: `${mediaUrl(fileId)}?do=delete`,
              syntax: `{{${fileId}}}`,
              revisions: revisions.map((revision) => ({
                rev: revision.rev,
                current: revision.rev === file?.rev,
                href: revision.kind === 'delete' ? null : `${mediaUrl(fileId)}?rev=${revision.rev}`,
                date: locale.date(revision.modified),
                kind: t(`type.${revision.kind}`),
                author: author(revision.author),
                size: t('media.bytes', { size: locale.count(revision.size) }),
                type: revision.type,
                summary: revision.summary,
              })),
            },
    });
  }

  /** The files of a namespace for the editor's media dialog (the route checked read on it). */
  function listing(ns: string): MediaListing {
    const files = media.list(ns).map((entry): MediaFileEntry => {
      const kind = mediaTypeOf(entry.id)?.kind;
      return {
        id: entry.id,
        name: nameOf(entry.id),
        size: entry.size,
        modified: new Date(entry.modified).toISOString(),
        image: kind === 'raster' || kind === 'vector',
        url: mediaUrl(entry.id),
        thumb: kind === 'raster' ? `${mediaUrl(entry.id)}?w=160&h=160` : kind === 'vector' ? mediaUrl(entry.id) : null,
      };
    });
    return { ns, files };
  }

  const manager = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    if (wantsJson(request)) {
      const ns = cleanId(single(request.query.ns) ?? '');
      request.authorize(namespaceScope(ns));
      return reply.send(listing(ns));
    }
    const rawId = single(request.query.id);
    if (rawId !== undefined) {
      const id = cleanId(rawId);
      if (!isMediaId(id)) throw badRequest('id');
      return showManager(request, reply, namespaceOf(id), id);
    }
    return showManager(request, reply, cleanId(single(request.query.ns) ?? ''), null);
  };

  const upload = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const rawNs = typeof body.ns === 'string' ? body.ns : '';
    const cleanNs = cleanId(rawNs);
    const nsInvalid = cleanNs === '' && rawNs.trim() !== '';
    const ns = nsInvalid ? '' : cleanNs;
    const level = request.authorize(namespaceScope(ns));
    // Refused uploads come back to the manager of the namespace chosen, with the reason; the
    // editor's uploads (JSON) get the same reason as a JSON error.
    const refuse = (refusal: UploadRefusal) => {
      const params = { max: MAX_MEDIA_BYTES / 1024 / 1024, types: MEDIA_EXTENSIONS.join(', '), ...refusal.params };
      if (wantsJson(request)) throw new HttpError(refusal.status, refusal.status === 409 ? 'conflict' : 'refused', refusal.message, params);
      reply.status(refusal.status);
      return showManager(request, reply, ns, null, request.locale.t(refusal.message, params));
    };
    if (nsInvalid) return refuse(uploadRefusal(400, 'form.invalid', { field: 'ns' }));
    if (body.refused) return refuse(body.refused as UploadRefusal);
    const checked = checkInput(uploadForm, body);
    if (!checked.ok) return refuse(checked.field === 'file' ? uploadRefusal(400, 'media.noFile') : uploadRefusal(400, 'form.invalid', { field: checked.field }));
    const form = checked.data;
    const named = uploadedId(ns, form.file.filename);
    if (!isMediaId(named)) return refuse(uploadRefusal(400, mediaTypeOf(named) === null ? 'media.badType' : 'media.badName'));
    const problem = fileProblem(named, form.file.data);
    if (problem !== null) return refuse(uploadRefusal(400, FILE_PROBLEMS[problem], { name: form.file.filename }));
    if (mediaTypeOf(named)?.kind === 'raster' && tooManyPixels(form.file.data)) {
      return refuse(uploadRefusal(413, 'media.tooManyPixels', { name: form.file.filename, megapixels: MAX_MEDIA_PIXELS / 1_000_000 }));
    }
    const exists = (candidate: string) => media.get(candidate) !== undefined;
    const id = form.rename === 'on' ? (freeMediaId(named, exists) ?? named) : named;
    const decision = decideUpload(level, exists(id), form.overwrite === 'on');
    if (decision === 'denied') throw deny(request.viewer);
    if (decision === 'conflict') return refuse(uploadRefusal(409, 'media.exists', { id }));
    media.save({ id, data: form.file.data, author: request.viewer.login, ip: request.ip });
    if (wantsJson(request)) return reply.send({ id, url: mediaUrl(id) } satisfies UploadReply);
    return reply.redirect(managerUrl(ns), 303);
  };

  /** The media id a file URL names; a URL that names none is a 404. */
  function idOfPath(request: FastifyRequest<{ Params: { '*': string } }>): string {
    const raw = pathToRawId(request.params['*']);
    const id = raw === null ? '' : cleanId(raw);
    if (!isMediaId(id)) throw notFound();
    return id;
  }

  const file = async (request: FastifyRequest<{ Params: { '*': string }; Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const id = idOfPath(request);
    const canonical = mediaUrl(id);
    const path = request.url.split('?', 1)[0];
    if (path !== canonical) return reply.redirect(canonical + request.url.slice(path!.length), 301);
    request.authorize(namespaceScope(namespaceOf(id)));
    const query = parseInput(fileQuery, { rev: single(request.query.rev), w: single(request.query.w), h: single(request.query.h) });
    const rev = query.rev ?? media.get(id)?.rev;
    const data = rev === undefined ? undefined : media.data(id, rev);
    if (rev === undefined || data === undefined) throw notFound();
    const type = mediaTypeOf(id)!;
    const resize = type.kind === 'raster' && (query.w !== undefined || query.h !== undefined);
    // An image of more pixels than the budget (from before uploads were checked, or an import) is
    // neither resized nor drawn in a page: only a person opening it gets it, as a download.
    const oversized = type.kind === 'raster' && tooManyPixels(data);
    if (oversized && (resize || !isTopLevelNavigation(request))) {
      throw new HttpError(413, 'too_large', 'media.tooLargeToShow', { megapixels: MAX_MEDIA_PIXELS / 1_000_000 });
    }
    const etag = resize ? `"${rev}-${query.w ?? ''}x${query.h ?? ''}"` : `"${rev}"`;
    reply
      .header('content-type', type.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', UPLOAD_CSP)
      .header('content-disposition', disposition(type.kind === 'raster' && !oversized ? 'inline' : 'attachment', nameOf(id)))
      // Permissions may change: a browser keeps the file but asks again each time (a 304 is cheap).
      .header('cache-control', 'private, no-cache')
      .header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (!resize) return reply.send(data);
    const wanted = { key: `${id}\n${rev}`, width: query.w ?? null, height: query.h ?? null };
    // Making a size costs; one already made does not.
    if (!resizer.ready(wanted)) {
      if (resizes.blocked(request.ip)) throw new HttpError(429, 'rate_limited', 'error.tooManyRequests');
      resizes.fail(request.ip);
    }
    const image = await resizer
      .resize({ ...wanted, data })
      .catch((error: unknown) => {
        // A full queue is the caller's to try again; an image sharp cannot read is sent as it is.
        if (error instanceof HttpError) throw error;
        request.log.warn({ err: error, id, rev }, 'image could not be resized; sent whole');
        return data;
      });
    return reply.send(image);
  };

  const deleteFile = async (request: FastifyRequest<{ Params: { '*': string }; Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const id = idOfPath(request);
    if (single(request.query.do) !== 'delete') throw badRequest('do');
    request.authorize(namespaceScope(namespaceOf(id)));
    if (!media.delete(id, request.viewer.login, request.ip)) throw notFound();
    return reply.redirect(managerUrl(namespaceOf(id)), 303);
  };

  return { manager, upload, file, deleteFile };
}

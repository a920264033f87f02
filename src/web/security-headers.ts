// Security headers on every response (issue 13), through @fastify/helmet: a strict Content-Security-
// Policy (scripts and styles from this site only, never inline, never eval; no plugins; no <base>;
// never framed; forms post here only), nosniff, same-origin referrers and opener, a
// Permissions-Policy turning off what a wiki never uses, and HSTS when the wiki is served over
// https. Uploaded files get a stricter policy of their own (UPLOAD_CSP).
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Served with every uploaded file: an HTML or SVG file opened on its own can run nothing here. */
export const UPLOAD_CSP = "default-src 'none'; sandbox";

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // No inline style either: no style attribute nor <style> element in any screen.
  styleSrc: ["'self'"],
  // Media are served from this site; data: for small images a page may embed.
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  scriptSrcAttr: ["'none'"],
};

/** Features a wiki never uses, turned off for the page and anything it might embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** A year, as the HSTS preload list asks. */
const HSTS_SECONDS = 365 * 24 * 3600;

export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    // Telling a browser to insist on https is only right when the wiki is served over it.
    hsts: options.https ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    done();
  });
}

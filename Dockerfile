# Quire's image: build with the dev tools, run the compiled server as the unprivileged user node.
# docker build -t quire . && docker run -p 8080:8080 -v quire-data:/data quire

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Compilers for the native modules (better-sqlite3, argon2) when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY client ./client
COPY scripts ./scripts
# npm ci compiles the TypeScript and bundles the editor script too (the prepare script).
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 QUIRE_DATA=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
COPY --from=build /app/public/build ./public/build
COPY migrations ./migrations
COPY content ./content
COPY package.json ./
RUN mkdir -p /data && chown node:node /data && ln -s /app/dist/cli.js /usr/local/bin/quire
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/_/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same node flags as `npm start` (a young generation of 4 MB semi-spaces: see docs/decisions.md).
CMD ["node", "--max-semi-space-size=4", "dist/server.js"]

# syntax=docker/dockerfile:1
# Tovholder's container image. Build:  docker build -t tovholder .
# Run with compose.yaml (the database on a volume, secrets from an env file).

# Build stage: better-sqlite3 is a native module; npm fetches a prebuilt binary or compiles it, which
# needs python3, make and g++. All dependencies first (esbuild bundles the bot to dist/, as
# `npm start` does), then only the runtime ones are kept, so this node_modules can be copied as it is.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts/build.mjs ./scripts/
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
RUN npm run build && npm prune --omit=dev && npm cache clean --force

# Runtime stage: the same Debian release as the build stage (the compiled module links against its
# glibc), no compiler, and a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TOVHOLDER_DB=/data/tovholder.db \
    TOVHOLDER_LOCAL_WORKSPACE=off
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks /readyz (database writable, scheduler ticking,
# platforms accepting our credentials).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between (so SIGTERM reaches the bot and it stops cleanly).
CMD ["node", "dist/bin/tovholder.js", "start"]

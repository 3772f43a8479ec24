# syntax=docker/dockerfile:1
# Scale Review, the Slack bot (`node dist/src/main.js`), in a container: README "Running in a container".
# test/ops/deployment.test.ts holds this file to the code (the health path, the variables, the ports).
ARG NODE_VERSION=24

# Build stage: every dependency, then the TypeScript build. The full Debian image has python3, make
# and g++, which node-gyp needs should better-sqlite3 find no prebuilt binary for the platform.
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY blocks ./blocks
COPY jobs ./jobs
RUN npm run build

# Runtime stage: production dependencies only, installed without install scripts. The one package
# whose install script makes something, better-sqlite3 (a prebuilt addon downloaded by
# prebuild-install, else compiled by node-gyp), gets its addon from the build stage: both stages
# are Debian bookworm with the same Node.js, so the addon's ABI and libc (glibc) match.
FROM node:${NODE_VERSION}-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/node_modules/better-sqlite3/build ./node_modules/better-sqlite3/build
COPY --from=build /app/dist ./dist

# The embedded store (when MONGODB_URL is unset) lives in the volume; the internal port serves
# /livez, /readyz, /status and /metrics (docs/operations.md). The official image's `node` user.
ENV DATA_DIR=/data \
    HEALTH_PORT=9464
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
# 3000: PORT, HTTP mode only (Slack's requests); 9464: HEALTH_PORT (keep it internal).
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bot itself as the command, not `npm start`: npm as PID 1 is what Node.js's Docker guidance
# advises against (signals, and npm's own process in between); compose adds `init: true`, and
# `docker run --init` does the same, for a minimal init that reaps and forwards signals.
CMD ["node", "dist/src/main.js"]

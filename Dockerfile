# The worker and the stream processes in one image: `docker compose --profile app up` runs them beside the stack.
# Built in two stages so that the image holds production dependencies only, and runs as the unprivileged `node` user.
# Node 24, the active LTS (Node 20 reached its end of life on 2026-04-30), pinned by digest so that a rebuild takes the
# very bytes that were reviewed. To move to a newer release, read the digest of the tag and put it here:
#   docker buildx imagetools inspect node:24-bookworm-slim    (the "Digest:" line)
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY sql ./sql
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
ENTRYPOINT ["node", "bin/streamify.js"]
CMD ["--help"]

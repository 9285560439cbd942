# The worker and the stream processes in one image: `docker compose --profile app up` runs them beside the stack.
# Built in two stages so that the image holds production dependencies only, and runs as the unprivileged `node` user.
FROM node:20-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
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

# One multi-stage Dockerfile, one final target per app:
#   docker build --target gateway -t switchyard/gateway .
# (Issue 7 hardens this: non-root users, health checks per target, a CUDA variant of worker-local.)
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p gateway router worker-local worker-cloud metrics

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
USER node

FROM runtime AS gateway
COPY --from=build /src/dist/apps/gateway ./dist
EXPOSE 62549
CMD ["node", "dist/main.js"]

FROM runtime AS router
COPY --from=build /src/dist/apps/router ./dist
CMD ["node", "dist/main.js"]

FROM runtime AS worker-local
COPY --from=build /src/dist/apps/worker-local ./dist
CMD ["node", "dist/main.js"]

FROM runtime AS worker-cloud
COPY --from=build /src/dist/apps/worker-cloud ./dist
CMD ["node", "dist/main.js"]

FROM runtime AS metrics
COPY --from=build /src/dist/apps/metrics ./dist
CMD ["node", "dist/main.js"]

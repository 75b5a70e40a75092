# Switchyard images: one multi-stage file, one final target per app (named exactly as the app).
#
#   docker build --target gateway -t switchyard/gateway:latest .       (or: npx nx docker-build gateway)
#   docker build --target worker-local-cuda -t switchyard/worker-local:cuda .
#
# Each image holds only its app's webpack bundle and the production dependencies that bundle needs: the
# build writes dist/apps/<app>/package.json (generatePackageJson) with those dependencies only, and beside
# it a package-lock.json that Nx prunes from the root lockfile, so the versions are the workspace's own.
# The gateway image has no node-llama-cpp; worker-local has it with the CPU binary only.
# Every image runs as the unprivileged user 1000 (`node`) with NODE_ENV=production and a HEALTHCHECK on its
# service's health route, using node's fetch (the slim images have no curl).

ARG NODE_IMAGE=node:20-bookworm-slim
# CUDA 12 runtime (cuBLAS included): node-llama-cpp 3.22's CUDA 12 backend (@node-llama-cpp/linux-x64-cuda-ext)
# loads on drivers >= 525. Its main CUDA backend needs CUDA 13 (driver >= 580): build with
# --build-arg CUDA_IMAGE=nvidia/cuda:13.0.0-runtime-ubuntu24.04 (for example) to use that one instead.
ARG CUDA_IMAGE=nvidia/cuda:12.8.0-runtime-ubuntu24.04

# ---- build: every app's bundle -----------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
# `npm ci` rejects this lockfile (some platform packages are missing from it, see README); install on it.
# No install scripts: nothing built here needs one (node-llama-cpp's binaries come prebuilt).
RUN npm install --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx nx run-many -t build -p gateway router worker-local worker-cloud metrics console --output-style=static

# ---- production dependencies, one stage per app, from that app's own package.json ---------------------
FROM ${NODE_IMAGE} AS deps-gateway
WORKDIR /app
COPY --from=build /src/dist/apps/gateway/package.json /src/dist/apps/gateway/package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS deps-router
WORKDIR /app
COPY --from=build /src/dist/apps/router/package.json /src/dist/apps/router/package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS deps-worker-cloud
WORKDIR /app
COPY --from=build /src/dist/apps/worker-cloud/package.json /src/dist/apps/worker-cloud/package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS deps-metrics
WORKDIR /app
COPY --from=build /src/dist/apps/metrics/package.json /src/dist/apps/metrics/package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# node-llama-cpp lists one prebuilt binary per platform as optional dependencies (on Linux x64: CPU 30 MB,
# CUDA 181 + 358 MB, Vulkan 71 MB, and the arm ones). Leave every optional package out and name the CPU
# one for this architecture (@node-llama-cpp/linux-x64 or linux-arm64) as a dependency, at node-llama-cpp's
# own locked version.
FROM ${NODE_IMAGE} AS deps-worker-local
WORKDIR /app
COPY --from=build /src/dist/apps/worker-local/package.json /src/dist/apps/worker-local/package-lock.json ./
RUN version="$(node -p "require('./package.json').dependencies['node-llama-cpp']")" \
 && npm pkg set "dependencies.@node-llama-cpp/linux-$(node -p process.arch)=${version}" \
 && npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# The CUDA image: the CUDA binaries (linux-x64-cuda holds the addon, linux-x64-cuda-ext the CUDA 12 backend)
# and the CPU one as the fallback when no GPU is visible. No Vulkan, no arm. x64 only.
FROM ${NODE_IMAGE} AS deps-worker-local-cuda
WORKDIR /app
COPY --from=build /src/dist/apps/worker-local/package.json /src/dist/apps/worker-local/package-lock.json ./
RUN version="$(node -p "require('./package.json').dependencies['node-llama-cpp']")" \
 && for binary in linux-x64 linux-x64-cuda linux-x64-cuda-ext; do \
      npm pkg set "dependencies.@node-llama-cpp/${binary}=${version}"; \
    done \
 && npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: what every final target starts from -------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

# ---- the final targets ------------------------------------------------------------------------------------
# The health checks read the port the service reads (SWITCHYARD_<APP>__PORT, else its default). A port set in
# a configuration file instead is not seen by them: set it through the environment.

FROM runtime AS gateway
COPY --from=deps-gateway /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/gateway ./dist
# The console's page and assets, where the gateway looks for them by default (`console` beside `dist`).
COPY --from=build /src/dist/apps/console ./console
ENV SWITCHYARD_GATEWAY__HOST=0.0.0.0
USER node
EXPOSE 62549
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_GATEWAY__PORT||62549)+'/health/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS router
COPY --from=deps-router /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/router ./dist
ENV SWITCHYARD_ROUTER__HOST=0.0.0.0
USER node
EXPOSE 62550
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_ROUTER__PORT||62550)+'/health/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

# worker-local's readiness also needs a model loaded; an empty models folder is a valid set-up (cloud models
# only), so its health check is liveness: the HTTP server answers once the models found have loaded.
FROM runtime AS worker-local
COPY --from=deps-worker-local /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/worker-local ./dist
RUN mkdir -p /models && chown node:node /models
ENV SWITCHYARD_WORKER_LOCAL__HOST=0.0.0.0 \
    SWITCHYARD_WORKER_LOCAL__MODELS_DIR=/models \
    SWITCHYARD_WORKER_LOCAL__GPU=false
USER node
EXPOSE 62551
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_WORKER_LOCAL__PORT||62551)+'/health',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS worker-cloud
COPY --from=deps-worker-cloud /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/worker-cloud ./dist
ENV SWITCHYARD_WORKER_CLOUD__HOST=0.0.0.0
USER node
EXPOSE 62552
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_WORKER_CLOUD__PORT||62552)+'/health/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

FROM runtime AS metrics
COPY --from=deps-metrics /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/metrics ./dist
ENV SWITCHYARD_METRICS__HOST=0.0.0.0
USER node
EXPOSE 62553
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_METRICS__PORT||62553)+'/health/ready',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

# worker-local on a CUDA runtime image, with Node copied from the official Node image (its binary needs
# glibc >= 2.28; Ubuntu 24.04 has 2.39). Run it with a GPU: `docker run --gpus all …`, or the compose
# file's `gpu` profile. The NVIDIA base image sets NVIDIA_VISIBLE_DEVICES / NVIDIA_DRIVER_CAPABILITIES.
FROM ${NODE_IMAGE} AS node-binary

FROM ${CUDA_IMAGE} AS worker-local-cuda
COPY --from=node-binary /usr/local/bin/node /usr/local/bin/node
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps-worker-local-cuda /app/node_modules ./node_modules
COPY --from=build /src/dist/apps/worker-local ./dist
# Ubuntu 24.04 images already have a user 1000 (`ubuntu`); run as that uid, as the other images do.
RUN mkdir -p /models && chown 1000:1000 /models
ENV SWITCHYARD_WORKER_LOCAL__HOST=0.0.0.0 \
    SWITCHYARD_WORKER_LOCAL__MODELS_DIR=/models \
    SWITCHYARD_WORKER_LOCAL__GPU=auto
USER 1000:1000
EXPOSE 62551
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SWITCHYARD_WORKER_LOCAL__PORT||62551)+'/health',{signal:AbortSignal.timeout(2500)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

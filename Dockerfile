# kubenomad operator image: build with the full toolchain, run on node:20-slim as a non-root user with
# only dist/, bin/, production node_modules and deploy/crds.
#   docker build -t kubenomad:dev .
# BASE_IMAGE replaces node:20-slim in both stages (it needs node, npm and /bin/sh): where no registry is
# reachable, scripts/real-node-images.sh builds one from the machine's node and passes
#   --build-arg BASE_IMAGE=localhost/kubenomad/node:<version>
# The Helm chart runs `node bin/kubenomad.js operator` with a read-only root filesystem (writable /tmp),
# as uid 65532, dropping all capabilities.

ARG BASE_IMAGE=node:20-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# npm install follows the lockfile; npm ci rejects it (other platforms' optional packages are not recorded in it).
RUN npm install --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY deploy/crds ./deploy/crds
USER 65532:65532
EXPOSE 8080 9443
ENTRYPOINT ["node", "bin/kubenomad.js"]
CMD ["operator"]

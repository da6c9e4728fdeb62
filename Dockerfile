# kubenomad operator image: build with the full toolchain, run on node:20-slim as a non-root user with
# only dist/, bin/, production node_modules and deploy/crds.
#   docker build -t kubenomad:dev .
# The Helm chart runs `node bin/kubenomad.js operator` with a read-only root filesystem (writable /tmp),
# as uid 65532, dropping all capabilities.

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# npm install follows the lockfile; npm ci rejects it (other platforms' optional packages are not recorded in it).
RUN npm install --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
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

# syntax=docker/dockerfile:1
# SecCam images (built by docker-compose.yml):
#   build – installs the npm workspace and builds the web app into web/dist
#   api   – the API (also runs the one-shot PKI bootstrap), as the non-root `node` user
#   edge  – nginx serving web/dist and proxying to the API; config rendered at container start
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginx:1.27-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the `npm ci` layer is reused until a dependency changes.
COPY package.json package-lock.json ./
COPY schema/package.json schema/
COPY pki/package.json pki/
COPY api/package.json api/
COPY web/package.json web/
COPY device/package.json device/
COPY testkit/package.json testkit/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM ${NODE_IMAGE} AS api
ENV NODE_ENV=production
WORKDIR /app
# Code stays owned by root: the server process cannot rewrite itself.
COPY --from=build /app /app
# Mount points for the named volumes; a new volume inherits this ownership.
RUN mkdir -p /pki /edge-pki /data/pki && chown node:node /pki /edge-pki /data /data/pki
USER node
EXPOSE 3443
CMD ["npx", "tsx", "api/src/main.ts"]

FROM ${NGINX_IMAGE} AS edge
COPY --from=build /app/web/dist /usr/share/seccam/web
COPY nginx/nginx.conf.template /etc/seccam/nginx.conf.template
# The image's entrypoint runs /docker-entrypoint.d/*.sh before nginx: this one renders the config.
COPY --chmod=0755 docker/nginx/40-seccam-render.sh /docker-entrypoint.d/40-seccam-render.sh
# Prefix for the config's relative paths (pid, temp dirs). Workers run as the image's `nginx` user.
RUN mkdir -p /var/cache/nginx/seccam
ENV HTTPS_LISTEN=443 \
    HTTP_LISTEN=80 \
    SERVER_NAME=localhost \
    PUBLIC_ORIGIN=https://localhost \
    PKI_DIR=/etc/seccam/pki \
    API_UPSTREAM=api:3443 \
    API_TLS_NAME=api \
    WEB_ROOT=/usr/share/seccam/web \
    ACCESS_LOG=/dev/stdout
EXPOSE 80 443
CMD ["nginx", "-p", "/var/cache/nginx/seccam/", "-c", "/etc/nginx/nginx.conf", "-e", "stderr"]

#!/bin/sh
# Renders the SecCam nginx.conf at container start. The official nginx image runs every
# /docker-entrypoint.d/*.sh before `nginx`. Same result as nginx/render.ts (a test compares
# them): envsubst replaces only the names listed here, so nginx's own $variables survive.
set -eu

SECCAM_NGINX_VARS="HTTPS_LISTEN HTTP_LISTEN SERVER_NAME PUBLIC_ORIGIN PKI_DIR API_UPSTREAM API_TLS_NAME WEB_ROOT ACCESS_LOG"
template="${SECCAM_NGINX_TEMPLATE:-/etc/seccam/nginx.conf.template}"
out="${SECCAM_NGINX_CONF:-/etc/nginx/nginx.conf}"

# Values become parts of nginx directives: allow no whitespace, quotes, ';', braces or '$'.
# (nginx/render.ts checks each value's shape more closely; `nginx -t` runs at start anyway.)
problems=""
for name in $SECCAM_NGINX_VARS; do
  eval "value=\${$name:-}"
  case "$value" in
    "") problems="$problems $name(missing)" ;;
    *[!A-Za-z0-9._:/\[\]-]*) problems="$problems $name(bad characters)" ;;
  esac
done
case "${PUBLIC_ORIGIN:-}" in
  https://*/*) problems="$problems PUBLIC_ORIGIN(must be https://host[:port])" ;;
  https://?*) ;;
  *) problems="$problems PUBLIC_ORIGIN(must be https://host[:port])" ;;
esac
if [ -n "$problems" ]; then
  echo "seccam-nginx: invalid environment:$problems" >&2
  exit 1
fi
PUBLIC_WS_ORIGIN="wss://${PUBLIC_ORIGIN#https://}"
# The nginx.org image has no brotli module: the same comments nginx/render.ts writes without one.
BROTLI_LOAD_MODULE="# brotli: no module loaded"
BROTLI_STATIC="# brotli_static: needs the module"
export PUBLIC_WS_ORIGIN BROTLI_LOAD_MODULE BROTLI_STATIC

list=""
for name in $SECCAM_NGINX_VARS PUBLIC_WS_ORIGIN BROTLI_LOAD_MODULE BROTLI_STATIC; do
  list="$list \${$name}"
done
envsubst "$list" <"$template" >"$out"
echo "seccam-nginx: rendered $out" >&2

#!/usr/bin/env bash
# Installs the real servers the tests start on 127.0.0.1 (test/support/realServers/), from Debian's
# packages only: nginx (with the echo module for a slow route), apache2 and tinyproxy. Idempotent:
# nothing is done when they are all there. Installing must not leave Debian's own services running on
# ports 80 and 8888: a temporary policy-rc.d forbids starting them during the install.
# Usage (as root): bash scripts/real-servers.sh
set -euo pipefail

missing=()
{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || missing+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_echo_module.so ] || missing+=(libnginx-mod-http-echo)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
command -v tinyproxy >/dev/null || missing+=(tinyproxy)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -eq 0 ]; then
  echo "real-servers: nginx, apache2 and tinyproxy are installed" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "real-servers: missing Debian packages: ${missing[*]}" >&2
  echo "real-servers: run this once as root, then retry:  sudo bash scripts/real-servers.sh" >&2
  exit 2
fi

echo "real-servers: apt-get install ${missing[*]}" >&2
policy=/usr/sbin/policy-rc.d
saved=""
if [ -e "$policy" ]; then
  saved=$(mktemp)
  cp -p "$policy" "$saved"
fi
restore() {
  if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
}
trap restore EXIT
# 101: "action not allowed" (invoke-rc.d), so the packages' postinst scripts start no service.
printf '#!/bin/sh\nexit 101\n' > "$policy"
chmod 755 "$policy"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (a machine's first boot, another test run) instead of failing on its lock.
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Without systemd or with a policy that slipped, make sure nothing is left listening on 80 or 8888.
for service in nginx apache2 tinyproxy; do
  if command -v service >/dev/null; then service "$service" stop >/dev/null 2>&1 || true; fi
done
echo "real-servers: installed ${missing[*]}" >&2

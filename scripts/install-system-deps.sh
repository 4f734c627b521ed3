#!/usr/bin/env bash
# Debian packages the tests need: bubblewrap (the code sandbox) and chromium (the UI tests).
# Installs only what is missing; needs root (CI runs as root). Without root it says what to run.
set -euo pipefail
need=()
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
if [ -d tests/browser ] || grep -rqs "mark.browser" tests 2>/dev/null; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "greenpen: missing Debian packages: ${need[*]} — run: sudo apt-get install -y ${need[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"

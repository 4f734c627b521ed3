#!/bin/sh
# Install bubblewrap (Debian package `bubblewrap`), the isolation greenpen uses to run
# students' code. Run as root (CI does); does nothing when `bwrap` is already installed.
# Without it greenpen falls back to the weaker "rlimits" sandbox and says so in reports.
set -eu

if command -v bwrap >/dev/null 2>&1; then
    echo "bubblewrap already installed: $(bwrap --version)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-sandbox.sh: run as root (e.g. sudo $0) to install bubblewrap" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-sandbox.sh: no apt-get here; install bubblewrap with your package manager" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends bubblewrap
echo "installed: $(bwrap --version)"

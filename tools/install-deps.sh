#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and demo PoolPipe.
# Idempotent: installs only what is missing. Pass "--browser" to also install Chromium
# (needed by the inspection report's browser test).
set -euo pipefail
want=(libpng-dev libjpeg-dev pkg-config)
[[ "${1:-}" == "--browser" ]] && want+=(chromium)
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c "import numpy" 2>/dev/null || python3 -m pip install -q numpy
python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
python3 -c "import webdataset" 2>/dev/null || python3 -m pip install -q webdataset

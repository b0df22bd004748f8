#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and demo PoolPipe.
# Idempotent: installs only what is missing. Pass "--browser" to also install Chromium
# (needed by the inspection report's browser test), "--cluster" for Slurm and munge
# (make test-cluster).
set -euo pipefail
want=(libpng-dev libjpeg-dev pkg-config bsdutils procps)   # script, pgrep: the progress-bar-on-a-terminal test
# WebP output (libwebp + libwebpmux) and --to-srgb (LittleCMS 2); the tests read outputs back
# with libwebp's webpinfo/dwebp, libjpeg-turbo's djpeg and LittleCMS's transicc.
# libgs-common holds Ghostscript's CMYK profile, which the CMYK --to-srgb test uses.
want+=(libwebp-dev liblcms2-dev webp libjpeg-turbo-progs liblcms2-utils libgs-common)
# inspect: the sheet's text (FreeType, DejaVu Sans) and spectra (FFTW, single precision)
want+=(libfreetype-dev fonts-dejavu-core libfftw3-dev)
for arg in "$@"; do
    case $arg in
        --browser) want+=(chromium) ;;
        --cluster) want+=(slurm-wlm munge) ;;   # make test-cluster: a single-node Slurm
    esac
done
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
python3 -c "import skimage" 2>/dev/null || python3 -m pip install -q scikit-image
python3 -c "import webdataset" 2>/dev/null || python3 -m pip install -q webdataset

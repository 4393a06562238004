#!/usr/bin/env bash
# Installs a real headless browser for the end-to-end browser test: Debian's chromium and
# chromium-driver (no browser download works on our machines). Idempotent; without root or apt
# it says how to get one, and the browser test then skips with that reason.
set -uo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "[setup] installing chromium + chromium-driver (Debian packages) for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null \
    && exit 0
  echo "[setup] could not install chromium; the browser test will be skipped" >&2
  exit 0
fi
echo "[setup] no chromium/chromedriver: install them (e.g. 'apt-get install chromium chromium-driver') to run the browser test"

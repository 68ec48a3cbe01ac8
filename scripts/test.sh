#!/usr/bin/env bash
# Installs everything the tests need, then runs the whole suite (unit, web, real Chromium).
# Safe to run again: each step only does what is missing. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Debian's chromium for browser tests, poppler-utils (pdftotext), the libraries
# WeasyPrint needs for PDFs, and procps and e2fsprogs for the operations tests. Never `playwright install`: it downloads its own browser.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)      # the replication tests look for Litestream
command -v chattr >/dev/null 2>&1 || missing+=(e2fsprogs)  # the readiness test makes a database immutable
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python packages in the project's own virtual environment.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

# The pinned page-quality tools (axe-core, Lighthouse) from the npm registry: tests/quality/package-lock.json.
command -v npm >/dev/null 2>&1 || missing_node=1
if [ "${missing_node:-0}" = 1 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi
if ! cmp -s tests/quality/package-lock.json tests/quality/node_modules/.installed-lock.json 2>/dev/null; then
  npm ci --prefix tests/quality --no-audit --no-fund --loglevel=error
  cp tests/quality/package-lock.json tests/quality/node_modules/.installed-lock.json
fi

# The import contracts of docs/architecture.md (pyproject.toml, [tool.importlinter]).
.venv/bin/lint-imports --no-cache

exec .venv/bin/python -m pytest "$@"

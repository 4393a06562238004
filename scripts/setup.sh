#!/usr/bin/env bash
# Sets up both runtimes of iCRM Assist, idempotently:
#   .venv       our code (Python >= 3.11, from pyproject.toml)
#   .venv-rasa  Rasa Open Source 3.6.21 (Python 3.10, from rasa_runtime/)
# A second run compares a hash of the requirement files with the one stored in each venv and
# finishes in seconds when nothing changed.
#
# Environment:
#   ICRM_PYTHON      interpreter for .venv (default: first python3.13/3.12/3.11 found)
#   ICRM_PYTHON310   interpreter for .venv-rasa (default: python3.10 on PATH, then pyenv)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

py_version_ok() { # $1 interpreter, $2 python expression that must be true
  "$1" -c "import sys; sys.exit(0 if ($2) else 1)" 2>/dev/null
}

find_python() { # $1 explicit choice, $2 version test, rest: candidate names
  local explicit=$1 test=$2; shift 2
  if [[ -n $explicit ]]; then
    py_version_ok "$explicit" "$test" || die "$explicit does not satisfy: $test"
    echo "$explicit"; return
  fi
  local name cand
  for name in "$@"; do
    cand=$(command -v "$name" 2>/dev/null || true)
    if [[ -n $cand ]] && py_version_ok "$cand" "$test"; then echo "$cand"; return; fi
    if command -v pyenv >/dev/null 2>&1; then
      for cand in "$(pyenv root)"/versions/*/bin/"$name"; do
        if [[ -x $cand ]] && py_version_ok "$cand" "$test"; then echo "$cand"; return; fi
      done
    fi
  done
}

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

ensure_venv() { # $1 dir, $2 interpreter, $3 stamp, rest: pip install args
  local dir=$1 python=$2 stamp=$3; shift 3
  if [[ -f $dir/.icrm-stamp && $(cat "$dir/.icrm-stamp") == "$stamp" ]]; then
    say "$dir is up to date"
    return
  fi
  if [[ ! -x $dir/bin/python ]]; then
    say "creating $dir with $("$python" --version)"
    "$python" -m venv "$dir"
  fi
  "$dir/bin/python" -m pip install --quiet --upgrade pip
  say "installing into $dir (first run takes a few minutes)"
  "$dir/bin/python" -m pip install --quiet --progress-bar off "$@"
  echo "$stamp" > "$dir/.icrm-stamp"
}

PY_APP=$(find_python "${ICRM_PYTHON:-}" "sys.version_info >= (3, 11)" python3.11 python3.12 python3.13 python3)
[[ -n $PY_APP ]] || die "No Python >= 3.11 found. Install one (e.g. 'pyenv install 3.11') or set ICRM_PYTHON=/path/to/python3.11."

PY310=$(find_python "${ICRM_PYTHON310:-}" "sys.version_info[:2] == (3, 10)" python3.10)
[[ -n $PY310 ]] || die "No Python 3.10 found; Rasa 3.6 requires Python < 3.11. Install one with 'pyenv install 3.10' (or your OS packages) or point ICRM_PYTHON310 at a python3.10 binary."

# Our runtime. Torch is installed first on its own so that pip takes the pinned CPU wheel.
APP_STAMP=$(hash_of pyproject.toml scripts/setup.sh; "$PY_APP" --version)
ensure_venv .venv "$PY_APP" "$APP_STAMP" -e ".[dev]"

# The Rasa runtime, with every extra pin in one constraints file.
RASA_STAMP=$(hash_of rasa_runtime/requirements.txt rasa_runtime/constraints.txt; "$PY310" --version)
ensure_venv .venv-rasa "$PY310" "$RASA_STAMP" -r rasa_runtime/requirements.txt -c rasa_runtime/constraints.txt

say "ready: .venv ($("$ROOT/.venv/bin/python" --version)), .venv-rasa ($("$ROOT/.venv-rasa/bin/python" --version))"

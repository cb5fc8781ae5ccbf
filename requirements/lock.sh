#!/usr/bin/env bash
# Pins every dependency, with hashes, for the installs in .ci/run and the README.
#   requirements/lock.sh              re-pin after a change to pyproject.toml (keeps versions)
#   requirements/lock.sh --upgrade    move every pin to the newest release the ranges allow
#   requirements/lock.sh --check      fail, writing nothing, when a lock disagrees with pyproject.toml
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
uv="${UV:-.venv/bin/uv}"
command -v "$uv" >/dev/null 2>&1 || uv=uv

compile() {  # compile OUTPUT [--extra NAME]...
    local output="$1"; shift
    local target="$output" extra_args=()
    if [[ "$mode" == "--check" ]]; then
        target="$(mktemp)"; cp "$output" "$target"
    elif [[ "$mode" == "--upgrade" ]]; then
        extra_args+=(--upgrade)
    fi
    "$uv" pip compile pyproject.toml "$@" "${extra_args[@]}" --quiet --generate-hashes \
        --universal --python-version 3.11 --no-header --output-file "$target"
    if [[ "$mode" == "--check" ]]; then
        if ! diff -q "$output" "$target" >/dev/null; then
            echo "$output is out of date with pyproject.toml: run requirements/lock.sh" >&2
            rm -f "$target"; return 1
        fi
        rm -f "$target"
    fi
}

compile requirements/run.txt
compile requirements/test.txt --extra test
compile requirements/bench.txt --extra bench
compile requirements/mutation.txt --extra test --extra mutation

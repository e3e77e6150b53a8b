#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet
# (apt-get update first; sudo when not root). Progress goes to stderr.
set -euo pipefail

missing=()
for package in "$@"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
as_root=()
[[ $(id -u) -ne 0 ]] && as_root=(sudo)
echo "[install-debian-packages] installing: ${missing[*]}" >&2
"${as_root[@]}" apt-get update >&2
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2

#!/usr/bin/env bash
# Installs what the headless VS Code integration tests need (see
# scripts/vscode-headless.mjs): Debian's chromium, libkrb5-dev and ripgrep, and
# the VS Code server bundled by code-server, repaired so that it installs and runs
# without GitHub (these machines reach only the npm registry and Debian).
#
# Idempotent: Debian packages are installed only when missing, and the server is
# installed once into a cache folder outside the repository, marked complete at
# the end; later runs reuse it (the first run takes a few minutes).
# Progress goes to stderr; the only line on stdout is the server's folder.
#
# Environment: FACTMARK_CACHE (default ~/.cache/factmark) holds the server.
set -euo pipefail

readonly CODE_SERVER_VERSION=4.96.4
# The shrinkwrap pins @vscode/proxy-agent to a GitHub commit; this is the same
# release published on the npm registry.
readonly PROXY_AGENT_VERSION=0.27.0
# Native modules of the bundled VS Code that must be compiled for this Node.
readonly VSCODE_NATIVE_MODULES=(kerberos @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog node-pty)
readonly DEBIAN_PACKAGES=(chromium libkrb5-dev ripgrep)

cache_root="${FACTMARK_CACHE:-$HOME/.cache/factmark}"
install_dir="$cache_root/code-server-$CODE_SERVER_VERSION"
complete_marker="$install_dir/.factmark-install-complete"

log() { echo "[install-vscode-server] $*" >&2; }


loads() { node -e 'require(process.argv[1])' "$1" 2>/dev/null; }

# Runs a native module's own build: its install script, else node-gyp (npm's copy).
build_in_place() {
  if node -e 'process.exit(require("./package.json").scripts?.install ? 0 : 1)'; then
    npm run install
  else
    # Scripts run by npm get its nodedir setting (where this Node's headers are,
    # as no headers can be downloaded here); pass it on the same way.
    local nodedir
    nodedir="$(npm config get nodedir)"
    [[ $nodedir == undefined ]] || export npm_config_nodedir="$nodedir"
    node "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild
  fi
}

# Compiles native modules (found from the current folder) for this Node. npm 11
# warns that install scripts are "not yet covered by allowScripts"; should it
# start skipping them, `npm rebuild` would succeed without building anything,
# so each module must actually load, and is built directly when it does not.
ensure_native_modules() {
  npm rebuild "$@" >&2
  local module
  for module in "$@"; do
    loads "$module" && continue
    log "$module does not load after npm rebuild; building it directly"
    (cd "node_modules/$module" && build_in_place) >&2
    loads "$module" || { log "$module still does not load"; return 1; }
  done
}

# Points the shrinkwrap entry of @vscode/proxy-agent at the registry tarball.
patch_proxy_agent_shrinkwrap() {
  local registry
  registry="$(npm config get registry)"
  SHRINKWRAP=npm-shrinkwrap.json REGISTRY="${registry%/}" VERSION=$PROXY_AGENT_VERSION node -e '
    const fs = require("node:fs");
    const { SHRINKWRAP, REGISTRY, VERSION } = process.env;
    const shrinkwrap = JSON.parse(fs.readFileSync(SHRINKWRAP, "utf8"));
    const entry = shrinkwrap.packages["node_modules/@vscode/proxy-agent"];
    entry.resolved = `${REGISTRY}/@vscode/proxy-agent/-/proxy-agent-${VERSION}.tgz`;
    delete entry.integrity;
    fs.writeFileSync(SHRINKWRAP, JSON.stringify(shrinkwrap, null, 2) + "\n");
  '
}

install_code_server() {
  # Built in a private folder and renamed into place at the end, so an
  # interrupted or concurrent install never leaves a half-built server behind.
  mkdir -p "$cache_root"
  staging="$(mktemp -d "$cache_root/.code-server-staging.XXXXXX")"
  chmod 755 "$staging"
  trap 'rm -rf "$staging"' EXIT

  log "installing code-server@$CODE_SERVER_VERSION into $staging (a few minutes)"
  cd "$staging"
  echo '{ "private": true }' > package.json
  # Its postinstall refuses root and downloads from GitHub: the steps below replace it.
  npm install "code-server@$CODE_SERVER_VERSION" --ignore-scripts --no-audit --no-fund >&2

  cd node_modules/code-server/lib/vscode
  patch_proxy_agent_shrinkwrap
  npm install --omit=dev --ignore-scripts --no-audit --no-fund >&2
  log "compiling native modules: ${VSCODE_NATIVE_MODULES[*]}"
  ensure_native_modules "${VSCODE_NATIVE_MODULES[@]}"
  # @vscode/ripgrep would download rg from GitHub; Debian's is the same tool.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sfn /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  # The server resolves some modules through the Electron-style asar path.
  ln -sfn node_modules node_modules.asar

  cd "$staging"
  ensure_native_modules argon2

  date -u +%Y-%m-%dT%H:%M:%SZ > "$staging/.factmark-install-complete"
  if mv -T "$staging" "$install_dir" 2>/dev/null; then
    trap - EXIT
  else
    log "another run finished the install first; keeping its copy"
  fi
}

bash "$(dirname "$0")/install-debian-packages.sh" "${DEBIAN_PACKAGES[@]}"
if [[ -f "$complete_marker" ]]; then
  log "reusing $install_dir"
else
  rm -rf "$install_dir"
  install_code_server
fi
echo "$install_dir"

#!/usr/bin/env bash
# Installs what the real-editor end-to-end test (`npm run test:e2e`, test/e2e/editor.e2e.ts) needs:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (code-server's search binary),
#     libkrb5-dev (headers to rebuild code-server's kerberos module);
#   - code-server 4.100.3 (VS Code 1.100.3 in the browser; the last line that runs on Node 20) in a cache
#     folder OUTSIDE the repository: ${E2E_CACHE:-$HOME/.cache/hipaa-iac-e2e}/code-server-4.100.3.
# playwright-core itself is a devDependency of the project (`npm ci` installs it); no browser is ever
# downloaded: the test uses /usr/bin/chromium.
#
# Idempotent: every step is skipped when its result is already there, so a second run takes well under a
# second. code-server's own post-install script fetches ripgrep from GitHub, which these machines cannot reach,
# so it is installed with scripts off and the post-install steps are done here by hand.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${E2E_CACHE:-$HOME/.cache/hipaa-iac-e2e}"
DEST="$CACHE/code-server-$CODE_SERVER_VERSION"
MARKER="$DEST/.install-complete"

log() { printf '[e2e-setup] %s\n' "$*"; }

# --- Debian packages ---------------------------------------------------------------------------------
missing=()
for pkg in libkrb5-dev ripgrep chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
else
  log "Debian packages present (libkrb5-dev ripgrep chromium)"
fi
command -v rg >/dev/null || { echo "ripgrep (rg) not found after install" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "/usr/bin/chromium not found after install" >&2; exit 1; }

# --- code-server ------------------------------------------------------------------------------------
if [ -f "$MARKER" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DEST"
else
  log "installing code-server $CODE_SERVER_VERSION into $DEST"
  rm -rf "$DEST"
  mkdir -p "$DEST"
  cd "$DEST"
  # A private package.json so npm installs here and never walks up into another project.
  printf '{ "name": "hipaa-iac-e2e-code-server", "private": true }\n' > package.json
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  npm rebuild argon2
  cd node_modules/code-server/lib/vscode
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
  cd "$DEST"
  # --config keeps code-server from writing a default config into ~/.config/code-server
  node node_modules/code-server/out/node/entry.js --config "$DEST/config.yaml" --version
  date -u +%FT%TZ > "$MARKER"
  log "code-server installed"
fi

echo "$DEST/node_modules/code-server/out/node/entry.js"

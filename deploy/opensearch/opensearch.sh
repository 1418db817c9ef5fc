#!/usr/bin/env bash
# A private, single-node OpenSearch for tests and the dev loop. OpenSearch
# speaks the Elasticsearch REST API Parley uses (see docs/analytics.md), and
# unlike Elasticsearch it is published on Maven Central, so it can be fetched
# here with the machine's Maven and run on its Java 17.
#
#   opensearch.sh install        download into the cache (no-op when cached)
#   opensearch.sh start DIR      unpack a node into DIR, start it, wait for
#                                health, print its URL on stdout
#   opensearch.sh url DIR        print the URL of the node running in DIR
#   opensearch.sh stop DIR       stop the node running in DIR
#
# Environment: PARLEY_OPENSEARCH_VERSION (2.19.6; 3.x needs Java 21),
# PARLEY_CACHE_DIR (~/.cache/parley), PARLEY_OPENSEARCH_HEAP (512m),
# PARLEY_OPENSEARCH_TIMEOUT (seconds to wait for health, 180),
# PARLEY_OPENSEARCH_USER (the unprivileged user when run as root:
# postgres, else nobody).
#
# The node is the integ-test distribution (no security plugin, so plain HTTP
# without credentials) plus the analysis-common module, which that
# distribution lacks and which provides the lowercase and asciifolding token
# filters of Parley's multilingual analyzer.
set -euo pipefail

version=${PARLEY_OPENSEARCH_VERSION:-2.19.6}
cache=${PARLEY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}/opensearch/$version
heap=${PARLEY_OPENSEARCH_HEAP:-512m}
timeout=${PARLEY_OPENSEARCH_TIMEOUT:-180}

die() { echo "opensearch.sh: $*" >&2; exit 1; }

# fetch ARTIFACT FILE: one Maven Central artifact into the cache.
fetch() {
  local artifact=$1 file=$2
  [ -s "$cache/$file" ] && return 0
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven) to fetch $artifact"
  echo "opensearch.sh: downloading $artifact" >&2
  mkdir -p "$cache/tmp"
  if ! mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$artifact" -DoutputDirectory="$cache/tmp" >"$cache/tmp/mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$cache/tmp/mvn.log" | tail -n 30 >&2
    die "could not download $artifact from Maven Central (is Maven's network access set up?)"
  fi
  mv "$cache/tmp/$file" "$cache/$file"
}

install() {
  fetch "org.opensearch.distribution.integ-test-zip:opensearch:$version:zip" "opensearch-$version.zip"
  fetch "org.opensearch.plugin:analysis-common:$version:jar" "analysis-common-$version.jar"
}

run_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  local u
  for u in ${PARLEY_OPENSEARCH_USER:-} postgres nobody; do
    if id "$u" >/dev/null 2>&1; then echo "$u"; return; fi
  done
  die "running as root and no unprivileged user (postgres, nobody) to run OpenSearch as; set PARLEY_OPENSEARCH_USER"
}

# as USER CMD...: run a command as the node's user.
as() {
  local u=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$u" -- "$@"; else "$@"; fi
}

node_url() {
  local dir=$1 ports
  ports=$(head -n1 "$dir/home/logs/http.ports" 2>/dev/null) || return 1
  [ -n "$ports" ] || return 1
  echo "http://$ports"
}

fail_with_log() {
  local dir=$1 msg=$2
  echo "opensearch.sh: $msg; last lines of the node's log:" >&2
  tail -n 40 "$dir"/home/logs/*.log "$dir/home/logs/stdout" 2>/dev/null >&2 || true
  stop "$dir" || true
  exit 1
}

start() {
  local dir=$1 user home
  install
  user=$(run_user)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  home=$dir/home
  [ -e "$home" ] && die "$home exists: stop and remove the old node first"
  unzip -q "$cache/opensearch-$version.zip" -d "$dir"
  mv "$dir/opensearch-$version" "$home"
  mkdir -p "$home/modules/analysis-common" "$home/data" "$home/logs" "$home/tmp"
  cp "$cache/analysis-common-$version.jar" "$home/modules/analysis-common/"
  cat >"$home/modules/analysis-common/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch.
version=$version
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$version
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
  sed -i -e "s/^-Xms.*/-Xms$heap/" -e "s/^-Xmx.*/-Xmx$heap/" "$home/config/jvm.options"
  cat >>"$home/config/opensearch.yml" <<EOF
cluster.name: parley-dev
node.name: parley-dev-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: 19200-19299
transport.port: 19300-19399
node.portsfile: true
path.data: $home/data
path.logs: $home/logs
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if [ "$(id -u)" = 0 ]; then
    chown -R "$user" "$dir"
    # Every parent must be traversable by the node's user.
    local p=$dir
    while [ "$p" != / ]; do p=$(dirname "$p"); chmod o+x "$p" 2>/dev/null || true; done
  fi
  local java_home=${OPENSEARCH_JAVA_HOME:-${JAVA_HOME:-}}
  if [ -z "$java_home" ]; then
    command -v java >/dev/null || die "java not found: OpenSearch $version needs Java 11-17+ (apt-get install openjdk-17-jre-headless)"
    java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  if ! as "$user" env OPENSEARCH_TMPDIR="$home/tmp" OPENSEARCH_JAVA_HOME="$java_home" \
      "$home/bin/opensearch" -d -p "$dir/pid" >"$dir/start.out" 2>&1; then
    cat "$dir/start.out" >&2
    fail_with_log "$dir" "the node did not start"
  fi
  local deadline=$((SECONDS + timeout)) url=""
  while [ $SECONDS -lt $deadline ]; do
    if url=$(node_url "$dir") &&
      curl -fsS "$url/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; then
      echo "$url"
      return 0
    fi
    if [ -s "$dir/pid" ] && ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      fail_with_log "$dir" "the node exited while starting"
    fi
    sleep 1
  done
  fail_with_log "$dir" "no yellow/green health within ${timeout}s"
}

stop() {
  local dir=$1 pid i
  [ -s "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || { rm -f "$dir/pid"; return 0; }
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/pid"; return 0; }
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
install) install ;;
start) [ $# -eq 2 ] || die "usage: $0 start DIR"; start "$2" ;;
url) [ $# -eq 2 ] || die "usage: $0 url DIR"; node_url "$2" || die "no node running in $2" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
*) die "usage: $0 {install|start DIR|url DIR|stop DIR}" ;;
esac

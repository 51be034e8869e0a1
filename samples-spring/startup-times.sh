#!/usr/bin/env bash
# Time to first request of the Spring sample, four ways: under the agent, woven at build time
# (no agent), with no rewriting at all (plain classes, no agent: @Defer does nothing there; only
# the startup figure), and woven with a JDK AOT cache (-XX:AOTCache, JDK 25). Prints the median
# of RUNS starts each. Not a test: the figures depend on the machine and on what else runs.
#
#   mvn -B -q -pl samples-spring -am package -DskipTests && samples-spring/startup-times.sh
#
# JAVA (default: the Temurin 25 under /usr/lib/jvm, else java on the PATH), RUNS (default 5),
# PORT (default 18181).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/target"
JAVA="${JAVA:-}"
if [[ -z "$JAVA" ]]; then
  JAVA="$(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1 || true)"
  JAVA="${JAVA:-java}"
fi
RUNS="${RUNS:-5}"
PORT="${PORT:-18181}"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$here/pom.xml" | head -1)"
plain="$target/jdefer-samples-spring-$version.jar.original"
agent="$here/../agent/target/jdefer-agent-$version.jar"
cp_file="$target/runtime-classpath.txt"
for f in "$plain" "$agent" "$cp_file" "$target/woven-classes"; do
  [[ -e "$f" ]] || { echo "missing $f: run  mvn -B -q -pl samples-spring -am package -DskipTests  first" >&2; exit 1; }
done
deps="$(cat "$cp_file")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# the AOT cache takes jars only, so the woven classes go into one
woven="$work/woven.jar"
"$(dirname "$JAVA")/jar" --create --file "$woven" -C "$target/woven-classes" .

# one start: launch, poll GET /stats (no defer in it, so it answers in every mode) until it answers, print the milliseconds, stop it
start_once() {
  local t0 t1 pid
  t0=$(date +%s%N)
  "$JAVA" "$@" io.jdefer.samples.spring.SpringBank --server.port="$PORT" --logging.level.root=WARN >"$work/out.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/stats"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "the service died:" >&2; cat "$work/out.log" >&2; exit 1; fi
    sleep 0.02
  done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local name="$1"; shift
  local times=()
  start_once "$@" >/dev/null   # warm the page cache
  for _ in $(seq "$RUNS"); do times+=("$(start_once "$@")"); done
  printf '%-26s median %5d ms   (%s)\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
}

echo "time to first request, $RUNS starts each, $("$JAVA" -version 2>&1 | head -1)"
measure "agent"                -javaagent:"$agent" -cp "$plain:$deps"
measure "woven"                -cp "$woven:$deps"
measure "none (no rewriting)"  -Dbank.require-jdefer=false -cp "$plain:$deps"
# a training run that stops once the context is refreshed writes the cache
"$JAVA" -XX:AOTCacheOutput="$work/woven.aot" -Dspring.context.exit=onRefresh -cp "$woven:$deps" \
  io.jdefer.samples.spring.SpringBank --server.port="$PORT" >"$work/train.log" 2>&1 || { cat "$work/train.log" >&2; exit 1; }
measure "woven + AOT cache"    -XX:AOTCache="$work/woven.aot" -cp "$woven:$deps"
"$JAVA" -XX:AOTCacheOutput="$work/agent.aot" -Dspring.context.exit=onRefresh -javaagent:"$agent" -cp "$plain:$deps" \
  io.jdefer.samples.spring.SpringBank --server.port="$PORT" >"$work/train-agent.log" 2>&1 || { cat "$work/train-agent.log" >&2; exit 1; }
measure "agent + AOT cache"    -XX:AOTCache="$work/agent.aot" -javaagent:"$agent" -cp "$plain:$deps"

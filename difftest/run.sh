#!/usr/bin/env bash
# Differential test against real Go: fresh random programs, run by the installed Go (Debian's
# golang-go) and by jdefer in every configuration, compared; divergences minimized into --keep DIR.
#   difftest/run.sh [--programs N] [--seed S] [--keep DIR] [--configs opencoded,pooled,allocated,woven]
#   difftest/run.sh --program SEED [--program SEED]...   (just these programs, e.g. a divergence again)
#   difftest/run.sh --record difftest/corpus/corpus.txt --programs 2000 --seed S   (re-records the CI corpus)
# The last line is exactly: difftest: D divergences in N programs x T configs
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v go >/dev/null || { echo "difftest: Go is needed (apt-get install golang-go)" >&2; exit 1; }
java="${DIFFTEST_JAVA:-}"
if [[ -z "$java" ]]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/*/bin/java; do
    if [[ -x "$j" ]] && "$j" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then java="$j"; break; fi
  done
fi
[[ -n "$java" ]] || { echo "difftest: a JDK 21+ is needed (set DIFFTEST_JAVA to its bin/java)" >&2; exit 1; }
cd "$root"
cp_file="$root/difftest/target/difftest.classpath"
# one reactor run: the agent dependency resolves to the packaged (shaded) jar, not a local repository
mvn -B -q -Dmaven.test.skip=true -pl difftest -am package dependency:build-classpath -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=runtime >&2
exec "$java" -cp "$root/difftest/target/classes:$(cat "$cp_file")" io.jdefer.difftest.DiffMain "$@"

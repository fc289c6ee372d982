#!/usr/bin/env bash
# What CI runs: build everything (benchmarks and the CLI included, so they cannot rot) and run every test project.
# JUnit XML lands in artifacts/test-results/; the last line is the plain "N passed, N failed, N skipped" summary.
set -euo pipefail
cd "$(dirname "$0")/.."

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build CircuitSpec.sln -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test CircuitSpec.sln -c Release --no-build -nologo \
  --logger "junit;LogFilePath=$PWD/$results/{assembly}.junit.xml" \
  --logger "console;verbosity=normal" || status=$?

# "Another machine", simulated: the portrait specs again, with the math libraries on other code paths than the ones
# the snapshots were recorded with (native mode; ATen, oneDNN and oneMKL on older ISA paths). The pictures' bytes
# change; their meaning to the model must not. Its report goes beside the main one.
echo "portrait specs on a simulated other machine (CIRCUITSPEC_MATH=native ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE)"
CIRCUITSPEC_MATH=native ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE \
CIRCUITSPEC_REPORT="$PWD/artifacts/report/other-machine.html" \
dotnet test specs/CircuitSpec.Specs.csproj -c Release --no-build -nologo --filter "FullyQualifiedName~Portrait" \
  --logger "junit;LogFilePath=$PWD/$results/other-machine-portraits.junit.xml" \
  --logger "console;verbosity=minimal" || status=$?

# A research group's own spec project, from the packages and the template (ci/template-roundtrip.sh).
echo "template round trip: pack, dotnet new circuitspec-specs, dotnet test outside the repository"
bash ci/template-roundtrip.sh || status=$?

# The failed tests again, by name and the start of their message, so that the end of the log says what failed.
cat "$results"/*.junit.xml 2>/dev/null | tr '\n' ' ' |
  grep -o '<testcase [^>]*>[[:space:]]*<failure[^>]*message="[^"]\{0,1500\}' |
  sed -E 's/<testcase [^>]*name="([^"]*)"[^>]*>[[:space:]]*<failure[^>]*message="/failed: \1 — /' | head -20 || true

# Totals over every test assembly's JUnit file.
read -r total failed skipped < <(cat "$results"/*.junit.xml 2>/dev/null |
  grep -o '<testsuite [^>]*>' |
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
           if (kv[1] == "tests") t += kv[2]; if (kv[1] == "failures" || kv[1] == "errors") f += kv[2];
           if (kv[1] == "skipped") s += kv[2] } }
       END { printf "%d %d %d\n", t, f, s }')
passed=$((total - failed - skipped))
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "a step failed without a failing test: look above for [FATAL ERROR] (an exception outside any test) or a script's own message" >&2
fi
if [ "$total" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"

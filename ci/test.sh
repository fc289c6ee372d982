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
parts=artifacts/report-parts
rm -rf "$parts"
junit() { echo "junit;LogFilePath=$PWD/$results/$1.junit.xml"; }

# Three test processes side by side, so that no core waits for the slowest: the framework's tests; the specs but their
# portraits; and the portraits on a simulated other machine — the math libraries on other code paths than the ones the
# snapshots were recorded with (AVX2 in reproducible mode): native mode, oneDNN on its own widest path and ATen on
# AVX-512 where the CPU has it (ATen without vectors where it does not, so that it still leaves AVX2), oneMKL on its
# compatible path. The pictures' bytes change; their meaning to the model must not. (oneDNN's SSE4.1 path renders
# InceptionV1's eight portraits in 131 s of CPU against 96 s, and ATen without vectors in 91 s against 76 s on AVX-512;
# the framework's MathModeTests take both for a ResNet-18 visualization, and they are run by hand before a change to
# the snapshots lands.)
# The portraits run once: `dotnet test specs` alone renders them in reproducible mode, as they were recorded. The two
# spec runs' reports are merged into artifacts/report/index.html below.
# Each test process runs several tests at a time, so libtorch's own threads only oversubscribe the cores: one each.
# (Reproducible mode, the specs' host, still fixes two, as the recorded snapshots were made with.) The framework's tests
# end last (about 630 s of test time, against the specs' 360 s and the portraits' 215 s): the specs give way to them.
export OMP_NUM_THREADS=1
aten=default
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then aten=avx512; fi
other_machine="CIRCUITSPEC_MATH=native ATEN_CPU_CAPABILITY=$aten ONEDNN_MAX_CPU_ISA=ALL MKL_CBWR=COMPATIBLE"
echo "portrait specs on a simulated other machine ($other_machine), beside the other tests; log: $results/other-machine-portraits.log"
env $other_machine CIRCUITSPEC_REPORT="$PWD/$parts/other-machine/report/index.html" \
  dotnet test specs/CircuitSpec.Specs.csproj -c Release --no-build -nologo --filter "FullyQualifiedName~Portrait" \
  --logger "$(junit other-machine-portraits)" --logger "console;verbosity=normal" > "$results/other-machine-portraits.log" 2>&1 &
portraits=$!
CIRCUITSPEC_REPORT="$PWD/$parts/specs/report/index.html" \
  nice -n 5 dotnet test specs/CircuitSpec.Specs.csproj -c Release --no-build -nologo --filter "FullyQualifiedName!~Portrait" \
  --logger "$(junit CircuitSpec.Specs)" --logger "console;verbosity=normal" &
specs=$!
# A research group's own spec project, from the packages and the template (ci/template-roundtrip.sh). It reads the
# planted model the framework's tests write, and starts when one of the two spec processes has ended. (Started as soon as
# the model is there, beside all three, it added about 80 s of CPU in contention: 6 min 58 s against 6 min 32 s.)
model=artifacts/ground-truth/planted-logic/planted-logic.onnx
rm -f "$model"
dotnet test tests/CircuitSpec.Tests.csproj -c Release --no-build -nologo \
  --logger "$(junit CircuitSpec.Tests)" --logger "console;verbosity=normal" &
tests=$!
(
  while kill -0 "$specs" 2>/dev/null && kill -0 "$portraits" 2>/dev/null; do sleep 2; done
  while [ ! -f "$model" ] && kill -0 "$tests" 2>/dev/null; do sleep 2; done
  echo "template round trip: pack, dotnet new circuitspec-specs, dotnet test outside the repository"
  bash ci/template-roundtrip.sh
) &
template=$!
wait "$tests" || status=$?
wait "$template" || status=$?

wait "$specs" || status=$?
wait "$portraits" || status=$?
grep -E "^(Passed|Failed)!|^  Failed |Total tests|Passed:|Failed:" "$results/other-machine-portraits.log" || cat "$results/other-machine-portraits.log"
dotnet src/CircuitSpec.Cli/bin/Release/net10.0/CircuitSpec.Cli.dll report merge --out artifacts "$parts/specs" "$parts/other-machine" || status=$?

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

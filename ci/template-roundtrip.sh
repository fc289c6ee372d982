#!/usr/bin/env bash
# A research group's own repository, end to end: pack the libraries and the spec template into a local feed, install
# the template, create a spec project outside this repository against the planted logic model (written by the tests),
# and run it as the group would — central package management off, none of our build files above it. The first run
# fails on the new snapshot and writes it as .received.png; once accepted, the second run passes.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=$PWD
feed=$repo/artifacts/packages
model=$PWD/artifacts/ground-truth/planted-logic/planted-logic.onnx
[ -f "$model" ] || { echo "template round trip: no planted model at $model (the framework's tests write it)" >&2; exit 1; }
rm -rf "$feed"
# The libraries as the build step built them; the template project (content only, not in the solution) packs on its own.
for project in src/CircuitSpec/CircuitSpec.csproj src/Models/CircuitSpec.Models.csproj src/CircuitSpec.Assertions/CircuitSpec.Assertions.csproj; do
  dotnet pack "$project" -c Release --no-build -o "$feed" -nologo -clp:ErrorsOnly
done
dotnet pack src/Templates/CircuitSpec.Templates.csproj -c Release -o "$feed" -nologo -clp:ErrorsOnly
version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)

work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
# The restore would otherwise reuse packages of this version cached by an earlier round trip.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/circuitspec "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/circuitspec.models \
  "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/circuitspec.assertions
hive=$work/template-hive
dotnet new install "$feed/CircuitSpec.Templates.$version.nupkg" --debug:custom-hive "$hive" >/dev/null
dotnet new circuitspec-specs -o "$work/LogicSpecs" --debug:custom-hive "$hive" \
  --model "$model" --unit logic_relu:4 --prefers 315 --from pool
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="circuitspec" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
CONFIG

cd "$work/LogicSpecs"
if dotnet test -nologo > first-run.log 2>&1; then
  cat first-run.log; echo "template round trip: the first run passed, but its snapshot was new and must fail" >&2; exit 1
fi
received=$(find . -maxdepth 1 -name "*.received.png" | wc -l)
failed=$(grep -c "^  Failed " first-run.log || true)
snapshot=$(grep -c "^  Failed .*input_weights_look_as_reviewed" first-run.log || true)
if [ "$received" -ne 1 ] || [ "$failed" -ne 1 ] || [ "$snapshot" -ne 1 ]; then
  cat first-run.log; echo "template round trip: expected one failure, the new snapshot, and one .received.png (got $failed and $received)" >&2; exit 1
fi
dotnet "$repo/src/CircuitSpec.Cli/bin/Release/net10.0/CircuitSpec.Cli.dll" accept "$work/LogicSpecs"
# Accepting writes a file beside the source, which the specs read from there: nothing to build again.
dotnet test -nologo --no-build
[ -f artifacts/report/index.html ] || { echo "template round trip: no report written" >&2; exit 1; }

# The same suite split in two shards, each its own process, planned from the list of tests and merged with the CLI:
# the merged report must be the report of the unsplit run above, byte for byte.
cli=(dotnet "$repo/src/CircuitSpec.Cli/bin/Release/net10.0/CircuitSpec.Cli.dll")
dotnet test -nologo --no-build --list-tests | sed -n 's/^    //p' > tests.txt
for shard in 1 2; do
  filter=$("${cli[@]}" report shard --count 2 --index "$shard" --tests tests.txt --by Test 2>/dev/null)
  CIRCUITSPEC_REPORT="$PWD/shards/$shard/report/index.html" dotnet test -nologo --no-build --filter "$filter" > "shard-$shard.log" 2>&1 ||
    { cat "shard-$shard.log"; echo "template round trip: shard $shard failed" >&2; exit 1; }
done
"${cli[@]}" report merge --out merged shards/1 shards/2
cmp merged/report/index.html artifacts/report/index.html ||
  { echo "template round trip: the merged report of two shards differs from the unsplit run's" >&2; exit 1; }
echo "template round trip: packed $version, created, first run failed on the new snapshot only, accepted, passed; two shards merged into the same report"

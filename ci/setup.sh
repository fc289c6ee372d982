#!/usr/bin/env bash
# Idempotent machine set-up for CircuitSpec. Quiet when there is nothing to do; prints what it changed.
#
# Why: TorchSharp 0.107.0's native libLibTorchSharp.so is linked against GCC 13's libstdc++ (GLIBCXX_3.4.32,
# symbol std::ios_base_library_init). Debian 12 ships GCC 12's (GLIBCXX_3.4.30), and TorchSharp then fails with a
# misleading "doesn't contain a reference to libtorch-cpu-linux-x64". On such systems we take libstdc++6 (and the
# libc6 it needs) from Debian 13 "trixie", pinned at priority 100 so that nothing else is upgraded from there.
# Systems that already have the symbol (Debian 13, Ubuntu 24.04, ...) are left untouched.
set -euo pipefail

libstdcxx=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

has_glibcxx_3_4_32() { [ -e "$libstdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$libstdcxx"; }

ensure_modern_libstdcxx() {
  if has_glibcxx_3_4_32; then return 0; fi
  if [ ! -r /etc/os-release ] || ! grep -q '^ID=debian' /etc/os-release; then
    echo "setup: $libstdcxx lacks GLIBCXX_3.4.32 (needed by TorchSharp 0.107.0)." >&2
    echo "setup: this script only knows how to fix that on Debian 12; install GCC 13's libstdc++6 by hand." >&2
    return 1
  fi
  echo "setup: $libstdcxx lacks GLIBCXX_3.4.32 (TorchSharp needs GCC 13's libstdc++); installing libstdc++6 from Debian 13 (trixie)"
  local uri
  # Reuse the mirror this machine already uses for Debian's main archive (not its security archive).
  uri=$( (for f in /etc/apt/sources.list.d/*.sources; do
            case "$f" in *circuitspec*) ;; *) sed -n 's/^URIs:[[:space:]]*//p' "$f" ;; esac
          done
          sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^ ]*\).*/\2/p' /etc/apt/sources.list) 2>/dev/null |
        tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | head -n 1 || true)
  uri=${uri:-http://deb.debian.org/debian}
  "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/circuitspec-trixie.sources >/dev/null <<SRC
Types: deb
URIs: ${uri%/}
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  "${sudo_cmd[@]}" tee /etc/apt/preferences.d/circuitspec-trixie >/dev/null <<PIN
# Added by CircuitSpec ci/setup.sh: trixie only for packages asked for with -t trixie (libstdc++6).
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  echo "setup: added apt source /etc/apt/sources.list.d/circuitspec-trixie.sources (pinned at 100 in /etc/apt/preferences.d/circuitspec-trixie)"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  echo "setup: installed $(dpkg-query -W -f='libstdc++6 ${Version}, ' libstdc++6)$(dpkg-query -W -f='libc6 ${Version}' libc6) from trixie"
  has_glibcxx_3_4_32 || { echo "setup: libstdc++6 from trixie still lacks GLIBCXX_3.4.32" >&2; return 1; }
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "setup: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2
    return 1
  fi
  local major
  major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  if [ "${major:-0}" -lt 10 ]; then
    echo "setup: the .NET 10 SDK is required, found $(dotnet --version)" >&2
    return 1
  fi
}

# Debian packages the tests use: a fixed font for picture labels (snapshots compare pixels) and headless Chromium,
# which opens the HTML report in a test.
ensure_debian_packages() {
  local missing=()
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install ${missing[*]} (a DejaVu Sans font and Chromium); this script installs them with apt on Debian" >&2
    return 1
  fi
  echo "setup: installing ${missing[*]} from Debian"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
}

# ONNX's own backend node tests (1,288 cases in libonnx-testdata 1.17, Debian 13; Debian 12's 1.12 has 932), which
# tests/Conformance runs. On Debian 12 they come from the trixie source added above.
ensure_onnx_node_tests() {
  local node=/usr/share/libonnx-testdata/data/node
  if [ -d "$node" ] && [ "$(find "$node" -mindepth 1 -maxdepth 1 -type d | wc -l)" -ge 1288 ]; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: please install Debian's libonnx-testdata (1.17 or later) for the ONNX node tests" >&2
    return 1
  fi
  local target=()
  [ -e /etc/apt/sources.list.d/circuitspec-trixie.sources ] && target=(-t trixie)
  echo "setup: installing libonnx-testdata ${target[*]} (ONNX's backend node tests)"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${target[@]}" libonnx-testdata >/dev/null
  echo "setup: installed libonnx-testdata $(dpkg-query -W -f='${Version}' libonnx-testdata), $(find "$node" -mindepth 1 -maxdepth 1 -type d | wc -l) node tests"
}

ensure_modern_libstdcxx
ensure_debian_packages
ensure_onnx_node_tests
ensure_dotnet

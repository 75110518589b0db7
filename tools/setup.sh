#!/usr/bin/env bash
# Installs the Debian (bookworm) packages fxprop needs. Idempotent: packages
# already present are left alone, so it is safe to re-run.
#   tools/setup.sh           what building and testing need
#   tools/setup.sh --bench   also python3-torch, the baseline of tools/bench/run_golden.sh
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config
  # simulation and hardware flow
  libsystemc-dev verilator yosys iverilog
  # libraries (see README "Libraries and why")
  libboost-dev catch2 libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libxtensor-dev libbenchmark-dev libopenmpi-dev openmpi-bin
  # plots and reports
  python3 python3-numpy python3-matplotlib
)

if [ "${1:-}" = "--bench" ]; then
  packages+=(python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

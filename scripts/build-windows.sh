#!/usr/bin/env bash
# Cross-build jixiao.exe for 64-bit Windows from Linux (Debian/Ubuntu):
#   scripts/build-windows.sh            → target/x86_64-pc-windows-gnu/release/jixiao.exe
# Needs only crates and Debian packages: the mingw-w64 C toolchain (for mimalloc's C
# code and the linker) and Rust's standard library for the target.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu

if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
    echo "安装 mingw-w64 交叉编译工具链（Debian 软件包 gcc-mingw-w64-x86-64）…" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
fi

if ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi

CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo build --release --locked --target "$TARGET" --bin jixiao

EXE="target/$TARGET/release/jixiao.exe"
echo "已生成 $EXE（$(du -h "$EXE" | cut -f1)）"

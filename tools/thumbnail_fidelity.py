"""Thumbnail fidelity and small-photo figures for tools/bench_thumbnails.py.

Fidelity: each tool's thumbnail (written as PNG, so no encoder loss) against a reference
made by Pillow's LANCZOS resize of the full-resolution decode to the same size:
  - SSIM (Wang et al. 2004: 11×11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, 8-bit range,
    mean over the RGB channels);
  - sharpness ratio: mean squared gradient (horizontal and vertical differences of luma) of
    the thumbnail over the reference's; 1.0 is as sharp as the reference;
  - seam: on white-noise images whose scale factor is not a whole number, the variance of
    each output column (over rows, channels and images), then its coefficient of variation
    across columns in percent. A resampler whose footprint changes width from column to
    column (adaptive pooling mixing 2- and 3-wide windows) shows a large figure; a uniform
    filter only the estimator's noise (about 2 %).
Small photos: a folder of ~500×375 JPEGs cut and scaled from the bench photos at bench time.
"""
import glob, os, subprocess, sys

import numpy as np
from PIL import Image, ImageOps

NOISE_IMAGES = 8
NOISE_SHAPE = (1500, 2000)  # height, width: 2000 → 256 is a factor of 7.8


def _gauss_filter(x, sigma=1.5, radius=5):
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    # valid-mode separable filtering
    x = np.apply_along_axis(lambda r: np.convolve(r, k, mode="valid"), 1, x)
    return np.apply_along_axis(lambda c: np.convolve(c, k, mode="valid"), 0, x)


def ssim(a, b):
    """Mean SSIM of two uint8 HxWx3 arrays."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    vals = []
    for ch in range(a.shape[2]):
        x, y = a[..., ch].astype(np.float64), b[..., ch].astype(np.float64)
        mx, my = _gauss_filter(x), _gauss_filter(y)
        sxx = _gauss_filter(x * x) - mx * mx
        syy = _gauss_filter(y * y) - my * my
        sxy = _gauss_filter(x * y) - mx * my
        m = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
        vals.append(m.mean())
    return float(np.mean(vals))


def sharpness(a):
    """Mean squared gradient of the luma of a uint8 HxWx3 array."""
    y = a.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return float((np.diff(y, axis=1) ** 2).mean() + (np.diff(y, axis=0) ** 2).mean())


def load_rgb(path):
    return np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))


def reference(path, size_wh):
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    return np.asarray(im.resize(size_wh, Image.Resampling.LANCZOS))


def make_noise(folder):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(12)
    for i in range(NOISE_IMAGES):
        path = os.path.join(folder, f"noise{i}.png")
        if not os.path.exists(path):
            Image.fromarray(rng.integers(0, 256, (*NOISE_SHAPE, 3), dtype=np.uint8)).save(path, compress_level=1)
    return sorted(glob.glob(os.path.join(folder, "*.png")))


def seam_figure(outputs):
    """Coefficient of variation (%) of per-column variance over the given thumbnails."""
    var = None
    for path in outputs:
        a = np.asarray(Image.open(path).convert("RGB")).astype(np.float64)
        v = a.var(axis=0).mean(axis=1)  # per column, averaged over channels
        var = v if var is None else var + v
    v = var[3:-3]  # the edge columns see clipped filters
    return float(100 * v.std() / v.mean())


def find_output(folder, stem):
    hits = glob.glob(os.path.join(folder, "**", stem + ".*"), recursive=True)
    hits = [h for h in hits if not h.endswith(".jsonl")]
    return hits[0] if hits else None


def fidelity_commands(poolpipe, size, files, outdir):
    """One PNG-writing command per tool (single process each; speed is measured elsewhere)."""
    pillow = ("import sys, os\nfrom PIL import Image, ImageOps\n"
              "size, out = int(sys.argv[1]), sys.argv[2]\n"
              "for f in sys.argv[3:]:\n"
              "    im = ImageOps.exif_transpose(Image.open(f))\n"
              "    im.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)\n"
              "    im.convert('RGB').save(os.path.join(out, os.path.splitext(os.path.basename(f))[0] + '.png'))\n")
    opencv = ("import sys, os, cv2\n"
              "size, out = int(sys.argv[1]), sys.argv[2]\n"
              "for f in sys.argv[3:]:\n"
              "    img = cv2.imread(f, cv2.IMREAD_COLOR)\n"
              "    h, w = img.shape[:2]; s = size / max(h, w)\n"
              "    if s < 1: img = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)\n"
              "    cv2.imwrite(os.path.join(out, os.path.splitext(os.path.basename(f))[0] + '.png'), img)\n")
    d = {name: os.path.join(outdir, name) for name in ["poolpipe", "vipsthumbnail", "pillow", "opencv"]}
    for p in d.values():
        os.makedirs(p, exist_ok=True)
    return d, {
        "poolpipe": [poolpipe, "thumbnail", *files, "-o", d["poolpipe"], "--size", str(size), "--format", "png",
                     "--quiet", "--force", "--strip"],
        "vipsthumbnail": ["vipsthumbnail", "--size", str(size), "-o", os.path.join(d["vipsthumbnail"], "%s.png[strip]"), *files],
        "pillow": [sys.executable, "-c", pillow, str(size), d["pillow"], *files],
        "opencv": [sys.executable, "-c", opencv, str(size), d["opencv"], *files],
    }


def fidelity(poolpipe, size, photos, data_dir, tmp):
    """Prints SSIM and sharpness against the LANCZOS reference per tool, and the seam figure."""
    dirs, cmds = fidelity_commands(poolpipe, size, photos, os.path.join(tmp, "photos"))
    for c in cmds.values():
        subprocess.run(c, check=True, stdout=subprocess.DEVNULL)
    noise = make_noise(os.path.join(data_dir, "noise"))
    ndirs, ncmds = fidelity_commands(poolpipe, size, noise, os.path.join(tmp, "noise"))
    for c in ncmds.values():
        subprocess.run(c, check=True, stdout=subprocess.DEVNULL)
    print(f"\nFidelity of --size {size} thumbnails of {len(photos)} photos against Pillow LANCZOS of the full decode")
    print(f"{'tool':<15}{'SSIM mean':>10}{'SSIM min':>10}{'sharpness':>11}{'(min-max)':>14}{'seam %':>9}")
    refs = {}
    for name, folder in dirs.items():
        scores, sharp = [], []
        for f in photos:
            stem = os.path.splitext(os.path.basename(f))[0]
            out = find_output(folder, stem)
            if out is None:
                continue
            a = load_rgb(out)
            key = (f, a.shape[1], a.shape[0])
            if key not in refs:
                refs[key] = reference(f, (a.shape[1], a.shape[0]))
            r = refs[key]
            scores.append(ssim(a, r))
            sharp.append(sharpness(a) / sharpness(r))
        seam = seam_figure([find_output(ndirs[name], os.path.splitext(os.path.basename(n))[0]) for n in noise])
        print(f"{name:<15}{np.mean(scores):>10.4f}{np.min(scores):>10.4f}{np.mean(sharp):>11.3f}"
              f"{f'({min(sharp):.2f}-{max(sharp):.2f})':>14}{seam:>9.2f}")


def make_small_photos(photos, folder, per_photo=12):
    """~500×375 JPEGs (quality 90) cut and scaled from the bench photos, `per_photo` each."""
    if len(glob.glob(os.path.join(folder, "*.jpg"))) >= per_photo * len(photos):
        return sorted(glob.glob(os.path.join(folder, "*.jpg")))
    os.makedirs(folder, exist_ok=True)
    for f in photos:
        im = ImageOps.exif_transpose(Image.open(f)).convert("RGB")
        w, h = im.size
        stem = os.path.splitext(os.path.basename(f))[0]
        for k in range(per_photo):
            # crops of 1/1 … 1/3 of the photo at spread positions, scaled to 500×375 (or 375×500)
            frac = 1 - (k % 4) / 6
            cw, ch = int(w * frac), int(min(h, w * frac * 3 / 4))
            x0 = (w - cw) * ((k * 37) % 11) // 10
            y0 = (h - ch) * ((k * 53) % 7) // 6
            tile = im.crop((x0, y0, x0 + cw, y0 + ch)).resize((500, 375), Image.Resampling.LANCZOS)
            if k % 5 == 4:
                tile = tile.transpose(Image.Transpose.ROTATE_90)
            tile.save(os.path.join(folder, f"{stem}-{k:02d}.jpg"), quality=90)
    return sorted(glob.glob(os.path.join(folder, "*.jpg")))

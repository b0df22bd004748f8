#!/usr/bin/env python3
"""Independent SSIM / PSNR reference for Tests/InspectTests/MetricsTests.swift.

Written from the formulas of Wang, Bovik, Sheikh & Simoncelli (2004), not from the Swift
code: an explicit 2-D 11x11 Gaussian window (sigma 1.5, normalised to sum 1), applied with
scipy.signal.correlate2d in 'valid' mode (only positions where the window lies inside the
image), C1 = (0.01*L)^2, C2 = (0.03*L)^2, L = 1, population (co)variances
E[xy] - mu_x*mu_y, SSIM map averaged; multi-channel images: one map per channel, the
channel means averaged. PSNR: peak 1, MSE over all samples. The last lines pool two of
the sample images in numpy (avg_pool2d / max_pool2d semantics), enlarge back with nearest
neighbour and print the numbers the inspection page must show for them.

The test images are integer patterns, built in float32 exactly as the Swift test builds
them, so both sides start from the same bits. Run: python3 tools/ssim_reference.py
"""
import numpy as np
from scipy.signal import correlate2d


def window():
    r = np.arange(11, dtype=np.float64) - 5.0
    yy, xx = np.meshgrid(r, r, indexing="ij")
    g = np.exp(-(xx * xx + yy * yy) / (2 * 1.5 * 1.5))
    return g / g.sum()


def ssim_plane(x, y):
    w = window()
    c1, c2 = (0.01 * 1.0) ** 2, (0.03 * 1.0) ** 2
    f = lambda a: correlate2d(a, w, mode="valid")
    mx, my = f(x), f(y)
    vx = f(x * x) - mx * mx
    vy = f(y * y) - my * my
    cxy = f(x * y) - mx * my
    m = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return m.mean()


def ssim(a, b):
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    return float(np.mean([ssim_plane(a[..., c], b[..., c]) for c in range(a.shape[2])]))


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else float(10 * np.log10(1.0 / mse))


def pattern(h, w, c, mul_x, mul_y, mul_xy, mod, offset=0):
    """v = ((x*mul_x + y*mul_y + x*y*mul_xy + c*offset) % mod) / (mod - 1), in float32."""
    out = np.zeros((h, w, c), dtype=np.float32)
    for y in range(h):
        for x in range(w):
            for k in range(c):
                v = (x * mul_x + y * mul_y + x * y * mul_xy + k * offset) % mod
                out[y, x, k] = np.float32(v) / np.float32(mod - 1)
    return out


def gradient(h, w):
    """Smooth ramp v = (x + 2y) / (w + 2h) in float32, one channel."""
    out = np.zeros((h, w, 1), dtype=np.float32)
    for y in range(h):
        for x in range(w):
            out[y, x, 0] = np.float32(x + 2 * y) / np.float32(w + 2 * h)
    return out


def enlarge_nearest(t, height, width):
    """Nearest neighbour back to height x width: row i takes floor(i * h / height)."""
    h, w = t.shape[:2]
    return t[(np.arange(height) * h) // height][:, (np.arange(width) * w) // width]


def sample_image_cases(root):
    """End-to-end numbers for Tests/CLITests/InspectCLITests.swift, on the repo's images."""
    from PIL import Image  # Pillow, only for this part
    a = np.asarray(Image.open(root + "/images/chelsea.png").convert("RGB")).astype(np.float32) / np.float32(255)
    H, W, C = a.shape
    p = a[: H // 2 * 2, : W // 2 * 2].reshape(H // 2, 2, W // 2, 2, C).mean(axis=(1, 3)).astype(np.float32)
    e = enlarge_nearest(p, H, W)
    print("chelsea avg(2)   ssim %.6f  psnr %.4f" % (ssim(e, a), psnr(e, a)))
    g = np.asarray(Image.open(root + "/images/camera.png")).astype(np.float32)[..., None] / np.float32(255)
    H, W, _ = g.shape
    m = g.reshape(H // 8, 8, W // 8, 8, 1).max(axis=(1, 3))
    e = enlarge_nearest(m, H, W)
    print("camera max(8)    ssim %.6f  psnr %.4f" % (ssim(e, g), psnr(e, g)))


if __name__ == "__main__":
    a = pattern(16, 20, 1, 7, 13, 0, 17)
    b = pattern(16, 20, 1, 5, 3, 1, 11)
    print("case gray 16x20  ssim %.12f  psnr %.12f" % (ssim(a, b), psnr(a, b)))
    a3 = pattern(23, 17, 3, 3, 5, 1, 9, offset=2)
    b3 = pattern(23, 17, 3, 3, 5, 0, 9, offset=2)
    print("case rgb 23x17   ssim %.12f  psnr %.12f" % (ssim(a3, b3), psnr(a3, b3)))
    g = gradient(24, 24)
    n = g + (pattern(24, 24, 1, 1, 2, 1, 5) - np.float32(0.5)) * np.float32(0.125)
    n = n.astype(np.float32)
    print("case noisy ramp  ssim %.12f  psnr %.12f" % (ssim(g, n), psnr(g, n)))
    per = [ssim_plane(a3[..., c].astype(np.float64), b3[..., c].astype(np.float64)) for c in range(3)]
    print("rgb per channel  " + "  ".join("%.12f" % v for v in per))
    import os
    sample_image_cases(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

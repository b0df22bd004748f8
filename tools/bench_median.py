#!/usr/bin/env python3
"""Median filter benchmark: poolpipe's `median(3, stride=1, padding=1)` and
`median(5, stride=1, padding=2)` next to OpenCV's `cv2.medianBlur` (ksize 3 and 5, the only
sizes it takes float32 for) on the same 1920x1200x3 float32 image (uniform noise, seeded;
the filters are branch-free, so the data does not change their speed).

poolpipe is timed by `poolpipe-bench --median IMAGE.npy` on one thread and on all cores;
OpenCV on its default threads (its float median runs on one). Best of --runs each, in
rounds of 5 that alternate the two. Prints milliseconds and poolpipe's time on all cores
(PRODUCT.md §7: within 2x) and on one as multiples of OpenCV's. Installs opencv-python-headless with pip when cv2 is missing.

Usage: tools/bench_median.py [--bench Benchmarks/.build/release/poolpipe-bench] [--runs 10]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def need(module, package):
    try:
        return __import__(module)
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)
        return __import__(module)


def best_seconds(runs, fn):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "Benchmarks/.build/release/poolpipe-bench"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    np = need("numpy", "numpy")
    cv2 = need("cv2", "opencv-python-headless")

    image = np.random.default_rng(20261130).random((1200, 1920, 3), dtype=np.float32)
    poolpipe, opencv = {}, {}
    # Rounds alternate the two programs so that both see the same machine load.
    rounds, runs = max(1, args.runs // 5), min(args.runs, 5)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "noise.npy")
        np.save(path, image)
        for _ in range(rounds):
            out = subprocess.run([args.bench, "--median", path, "--runs", str(runs), "--threads", str(args.threads)],
                                 check=True, capture_output=True, text=True).stdout
            for line in out.splitlines():
                _, kernel, threads, seconds = line.split("\t")
                key = (int(kernel), int(threads))
                poolpipe[key] = min(poolpipe.get(key, float("inf")), float(seconds))
            for kernel in (3, 5):
                seconds = best_seconds(runs, lambda: cv2.medianBlur(image, kernel))
                opencv[kernel] = min(opencv.get(kernel, float("inf")), seconds)

    print(f"median filters on 1920x1200x3 float32, best of {rounds * runs} runs (ms; a shared machine makes "
          f"these noisy); OpenCV {cv2.__version__}, {cv2.getNumThreads()} threads")
    print(f"{'filter':<40}{'poolpipe 1 thr':>16}{f'poolpipe {args.threads} thr':>16}{'cv2.medianBlur':>16}"
          f"{f'x OpenCV ({args.threads} thr)':>20}{'x OpenCV (1 thr)':>18}")
    for kernel, padding in ((3, 1), (5, 2)):
        one, many = poolpipe[(kernel, 1)], poolpipe[(kernel, max(k[1] for k in poolpipe if k[0] == kernel))]
        name = f"median({kernel}, stride=1, padding={padding})"
        print(f"{name:<40}{one * 1e3:>16.2f}{many * 1e3:>16.2f}{opencv[kernel] * 1e3:>16.2f}"
              f"{many / opencv[kernel]:>20.2f}{one / opencv[kernel]:>18.2f}")


if __name__ == "__main__":
    main()

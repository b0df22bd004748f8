#!/usr/bin/env python3
"""Generates a deterministic corpus of broken (and a few good) image files for PoolPipe.

    tools/make_corrupt_corpus.py OUT [--seed N] [--images DIR]

Writes OUT/inputs/<file> and OUT/expected.json, a list of
    {"file": name, "kind": what was done, "expect": "fail" | "ok" | "any", "reason": regex}
- "fail": the corruption is guaranteed to make `poolpipe run` fail this input, with an error
  reason matching the regex (case-insensitive);
- "ok": the file must decode (good content under the wrong extension; a zTXt bomb, which
  PoolPipe skips unread);
- "any": the corruption may or may not still decode (byte flips in compressed data or in
  header fields whose CRC was recomputed); either outcome is fine, a crash is not.

Only the standard library and numpy are needed (no Pillow). Sources are the sample images in
images/ (PNG 8/16-bit with iCCP/iTXt, JPEG with EXIF) plus a small .npy made here. Every
output name is unique by stem, so no two inputs map to the same output file.
"""
import argparse
import json
import os
import random
import struct
import zlib

import numpy as np

PNG_SIG = b"\x89PNG\r\n\x1a\n"
TRUNCATED = r"ends early|truncated"
NOT_IMAGE = r"not a PNG, JPEG or NPY file"


def png_chunks(data):
    """[(offset, type, length)] of every chunk of a well-formed PNG."""
    out, p = [], 8
    while p + 12 <= len(data):
        n = struct.unpack(">I", data[p:p + 4])[0]
        out.append((p, data[p + 4:p + 8], n))
        p += 12 + n
    return out


def chunk(ctype, body):
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def fix_crc(data, offset):
    """Recomputes the CRC of the chunk at `offset` (after its bytes were changed)."""
    n = struct.unpack(">I", data[offset:offset + 4])[0]
    crc = zlib.crc32(bytes(data[offset + 4:offset + 8 + n])) & 0xFFFFFFFF
    data[offset + 8 + n:offset + 12 + n] = struct.pack(">I", crc)


def jpeg_segments(data):
    """[(offset, marker)] of the JPEG markers up to the first SOS, then SOS/EOI positions."""
    out, p = [], 2
    while p + 4 <= len(data):
        if data[p] != 0xFF:
            break
        marker = data[p + 1]
        n = struct.unpack(">H", data[p + 2:p + 4])[0]
        out.append((p, marker, n))
        if marker == 0xDA:
            break
        p += 2 + n
    return out


def npy_bytes(array):
    """Serialises `array` as .npy version 1.0 (what numpy.save writes)."""
    descr = np.lib.format.dtype_to_descr(array.dtype)
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(tuple(array.shape)))
    return npy_with_header(header) + array.tobytes()


def npy_with_header(header_text, version=1):
    """The preamble and header of a .npy file with the given dict text (padded to 64 bytes)."""
    size_field = 2 if version == 1 else 4
    body = header_text.encode("latin1")
    pad = (64 - (10 + (size_field - 2) + len(body) + 1) % 64) % 64
    body = body + b" " * pad + b"\n"
    length = struct.pack("<H", len(body)) if version == 1 else struct.pack("<I", len(body))
    return b"\x93NUMPY" + bytes([version, 0]) + length + body


class Corpus:
    def __init__(self, out, seed):
        self.dir = os.path.join(out, "inputs")
        os.makedirs(self.dir, exist_ok=True)
        self.out = out
        self.rng = random.Random(seed)
        self.entries = []

    def add(self, name, data, kind, expect, reason=None):
        assert all(e["file"].rsplit(".", 1)[0] != name.rsplit(".", 1)[0] for e in self.entries), name
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(bytes(data))
        self.entries.append({"file": name, "kind": kind, "expect": expect, "reason": reason})

    def offsets(self, lo, hi, count):
        """`count` distinct sorted offsets in [lo, hi)."""
        count = min(count, max(0, hi - lo))
        return sorted(self.rng.sample(range(lo, hi), count))

    def save(self):
        with open(os.path.join(self.out, "expected.json"), "w") as f:
            json.dump(self.entries, f, indent=1)


def add_png(c, stem, data):
    chunks = png_chunks(data)
    end = chunks[-1][0] + 12  # end of IEND: nothing after it in the sample images
    assert chunks[-1][1] == b"IEND" and end == len(data), stem
    # Truncations: inside the signature, the header chunks, the image data, the last bytes.
    first_idat = next(p for p, t, _ in chunks if t == b"IDAT")
    cuts = {1, 7, 8, 20, 33, first_idat + 4, first_idat + 9, len(data) - 1, len(data) - 4, len(data) - 12}
    cuts |= set(c.offsets(34, len(data) - 1, 10))
    for cut in sorted(cuts):
        expect_reason = NOT_IMAGE if cut < 8 else TRUNCATED
        c.add(f"trunc-{stem}-{cut:07d}.png", data[:cut], "truncation", "fail", expect_reason)
    # Bad CRCs: every chunk type once (the CRC field itself flipped).
    seen = set()
    for p, t, n in chunks:
        if t in seen:
            continue
        seen.add(t)
        d = bytearray(data)
        d[p + 8 + n] ^= 0x5A
        c.add(f"crc-{stem}-{t.decode()}.png", d, "bad CRC", "fail", r"bad CRC in " + t.decode())
    # Byte flips in the signature: no longer any known format.
    for i in c.offsets(0, 8, 3):
        d = bytearray(data)
        d[i] ^= 0xFF
        c.add(f"sigflip-{stem}-{i}.png", d, "signature byte flip", "fail", NOT_IMAGE)
    # Byte flips in IHDR and IDAT, CRC left alone: the pre-check reports the CRC.
    for i in c.offsets(16, 29, 3):
        d = bytearray(data)
        d[i] ^= 1 << c.rng.randrange(8)
        c.add(f"hdrflip-{stem}-{i}.png", d, "IHDR byte flip, stale CRC", "fail", r"bad CRC in IHDR")
    idats = [(p, n) for p, t, n in chunks if t == b"IDAT"]
    for k in range(4):
        p, n = idats[c.rng.randrange(len(idats))]
        i = p + 8 + c.rng.randrange(n)
        d = bytearray(data)
        d[i] ^= 0xFF
        c.add(f"dataflip-{stem}-{k}-{i}.png", d, "IDAT byte flip, stale CRC", "fail", r"bad CRC in IDAT")
    # The same flips with the CRC recomputed: may or may not decode.
    for i in c.offsets(16, 29, 4):
        d = bytearray(data)
        d[i] ^= 1 << c.rng.randrange(8)
        fix_crc(d, 8)
        c.add(f"hdrflipfixed-{stem}-{i}.png", d, "IHDR byte flip, CRC fixed", "any")
    for k in range(6):
        p, n = idats[c.rng.randrange(len(idats))]
        i = p + 8 + c.rng.randrange(n)
        d = bytearray(data)
        d[i] ^= 1 << c.rng.randrange(8)
        fix_crc(d, p)
        c.add(f"dataflipfixed-{stem}-{k}-{i}.png", d, "IDAT byte flip, CRC fixed", "any")
    # Giant dimensions in IHDR (CRC fixed): rejected from the header.
    for w, h, reason in [(60000, 60000, r"60000×60000 \(H×W\) is over --max-pixels"),
                         (1 << 24, 20000, r"over --max-pixels|larger than the decoder supports"),
                         (0x7FFFFFFF, 0x7FFFFFFF, r"over --max-pixels|larger than the decoder supports|invalid PNG"),
                         (0, 100, r"invalid PNG")]:
        d = bytearray(data)
        d[16:24] = struct.pack(">II", w, h)
        fix_crc(d, 8)
        c.add(f"giant-{stem}-{w}x{h}.png", d, "giant IHDR size", "fail", reason)


def add_png_bombs(c, stem, data):
    ihdr_end = 33
    # A tEXt chunk that claims 2 GiB in a 1 KiB file (found by fuzzing: libpng allocated it).
    d = data[:ihdr_end] + struct.pack(">I", 0x7E000024) + b"tEXt" + b"x" * 1000
    c.add(f"hugechunk-{stem}.png", d, "chunk length past the end of the file", "fail", TRUNCATED)
    # A zTXt decompression bomb (64 MiB of zeros in ~64 KiB): skipped unread, the image decodes.
    bomb = zlib.compress(b"\0" * (64 << 20), 9)
    d = data[:ihdr_end] + chunk(b"zTXt", b"Comment\0\0" + bomb) + data[ihdr_end:]
    c.add(f"ztxtbomb-{stem}.png", d, "zTXt decompression bomb", "ok")
    # An iCCP bomb: over libpng's chunk memory cap, the profile is dropped or the file fails.
    d = data[:ihdr_end] + chunk(b"iCCP", b"bomb\0\0" + bomb) + data[ihdr_end:]
    c.add(f"iccpbomb-{stem}.png", d, "iCCP decompression bomb", "any")
    # An IDAT whose length field claims 2 GiB.
    first_idat = next(p for p, t, _ in png_chunks(data) if t == b"IDAT")
    d = bytearray(data)
    d[first_idat:first_idat + 4] = struct.pack(">I", 0x7FFFFFF0)
    c.add(f"hugeidat-{stem}.png", d, "IDAT length past the end of the file", "fail", TRUNCATED)


def add_jpeg(c, stem, data):
    assert data[-2:] == b"\xff\xd9", stem
    segs = jpeg_segments(data)
    sos = segs[-1][0]
    assert segs[-1][1] == 0xDA, stem
    cuts = {1, 2, 3, 4, 20, sos + 2, sos + 14, len(data) - 1, len(data) - 2}
    cuts |= set(c.offsets(5, len(data) - 2, 12))
    for cut in sorted(cuts):
        reason = NOT_IMAGE if cut < 3 else TRUNCATED + r"|invalid JPEG"
        c.add(f"trunc-{stem}-{cut:07d}.jpg", data[:cut], "truncation", "fail", reason)
    for i in (0, 1, 2):
        d = bytearray(data)
        d[i] ^= 0x55
        c.add(f"sigflip-{stem}-{i}.jpg", d, "SOI byte flip", "fail", NOT_IMAGE)
    for p, marker, n in segs:
        for k in range(2):
            i = p + 4 + c.rng.randrange(max(1, n - 2))
            d = bytearray(data)
            d[i] ^= 1 << c.rng.randrange(8)
            c.add(f"hdrflip-{stem}-{marker:02x}-{k}-{i}.jpg", d, f"byte flip in marker {marker:02X}", "any")
    for i in c.offsets(sos + 20, len(data) - 2, 8):
        d = bytearray(data)
        d[i] ^= 0xFF
        c.add(f"dataflip-{stem}-{i}.jpg", d, "entropy-data byte flip", "any")
    sof = next(((p, m) for p, m, _ in segs if m in (0xC0, 0xC1, 0xC2)), None)
    for w, h in [(65500, 65500), (60000, 60000)]:
        d = bytearray(data)
        d[sof[0] + 5:sof[0] + 9] = struct.pack(">HH", h, w)
        c.add(f"giant-{stem}-{w}x{h}.jpg", d, "giant SOF size", "fail", rf"{h}×{w} \(H×W\) is over --max-pixels")
    d = bytearray(data)
    d[sof[0] + 5:sof[0] + 9] = struct.pack(">HH", 0, 0)
    c.add(f"zero-{stem}.jpg", d, "zero SOF size", "fail", r"invalid JPEG")


def add_jpeg_scan_bomb(c, stem, data):
    """A progressive file whose last scan is repeated 1500 times (over the 1000-scan cap)."""
    start = data.rfind(b"\xff\xda")
    last_scan = data[start:-2]
    d = data[:start] + last_scan * 1500 + b"\xff\xd9"
    c.add(f"scanbomb-{stem}.jpg", d, "1500 progressive scans", "fail", r"progressive scans|invalid JPEG")


def add_npy(c, rng):
    arr = (np.arange(48 * 40 * 3, dtype=np.float32).reshape(48, 40, 3) % 251) / 250
    good = npy_bytes(arr)
    hlen = 10 + struct.unpack("<H", good[8:10])[0]
    for cut in sorted({0, 3, 6, 9, 10, 30, hlen - 1, hlen, hlen + 1, len(good) - 1} | set(c.offsets(11, len(good) - 1, 6))):
        if cut == 0:
            continue  # the empty file is its own case
        reason = NOT_IMAGE if cut < 6 else r"\.npy"
        c.add(f"trunc-npy-{cut:07d}.npy", good[:cut], "truncation", "fail", reason)
    headers = [
        ("shape-huge", "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 3), }", r"\.npy|over --max-pixels"),
        ("shape-overflow", "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807, 4), }", r"\.npy"),
        ("shape-zero", "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 40, 3), }", r"\.npy shape"),
        ("shape-negative", "{'descr': '<f4', 'fortran_order': False, 'shape': (-48, 40, 3), }", r"\.npy"),
        ("shape-5ch", "{'descr': '<f4', 'fortran_order': False, 'shape': (48, 40, 5), }", r"\.npy shape"),
        ("shape-1d", "{'descr': '<f4', 'fortran_order': False, 'shape': (5760,), }", r"\.npy shape"),
        ("dtype-f8", "{'descr': '<f8', 'fortran_order': False, 'shape': (48, 40, 3), }", r"dtype"),
        ("dtype-object", "{'descr': '|O', 'fortran_order': False, 'shape': (48, 40, 3), }", r"dtype"),
        ("fortran", "{'descr': '<f4', 'fortran_order': True, 'shape': (48, 40, 3), }", r"Fortran"),
        ("notadict", "[1, 2, 3]", r"malformed \.npy header"),
        ("missingkeys", "{'descr': '<f4'}", r"malformed \.npy header"),
        ("garbage", "{'descr': '<f4', 'fortran_order': False, 'shape': (48, 40, 3x), }", r"malformed \.npy header"),
    ]
    body = arr.tobytes()
    for name, text, reason in headers:
        c.add(f"npyhdr-{name}.npy", npy_with_header(text) + body, "bad .npy header", "fail", reason)
    # Header length fields that point past the end of the file.
    d = bytearray(good)
    d[8:10] = struct.pack("<H", 0xFFFF)
    c.add("npyhdr-len-v1.npy", d, "header length past the end", "fail", r"malformed \.npy header")
    d = npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (48, 40, 3), }", version=2) + body
    d = bytearray(d)
    d[8:12] = struct.pack("<I", 0xFFFFFFF0)
    c.add("npyhdr-len-v2.npy", d, "v2 header length 4 GiB", "fail", r"malformed \.npy header")
    d = bytearray(good)
    d[6] = 9
    c.add("npyhdr-version.npy", d, "unknown format version", "fail", r"version")
    for k in range(6):
        i = rng.randrange(6, hlen)
        d = bytearray(good)
        d[i] = rng.randrange(256)
        c.add(f"npyflip-{i}-{k}.npy", d, "header byte changed", "any")
    return good


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--images", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "images"))
    ap.add_argument("--progressive", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                          "Tests", "ImageCodecsTests", "Fixtures", "jpeg",
                                                          "video-001.progressive.jpeg"))
    args = ap.parse_args()
    c = Corpus(args.out, args.seed)

    def read(name):
        with open(os.path.join(args.images, name), "rb") as f:
            return f.read()

    horse, camera, astro = read("horse.png"), read("camera.png"), read("astronaut-16bit.png")
    rocket = read("rocket-exif6.jpg")
    add_png(c, "horse", horse)          # RGBA 8-bit, iTXt
    add_png(c, "astro", astro)          # RGB 16-bit, one IDAT
    add_png(c, "camera", camera)        # gray, 17 IDATs
    add_png_bombs(c, "horse", horse)
    add_jpeg(c, "rocket", rocket)       # baseline with EXIF
    with open(args.progressive, "rb") as f:
        progressive = f.read()
    add_jpeg(c, "prog", progressive)
    add_jpeg_scan_bomb(c, "prog", progressive)
    good_npy = add_npy(c, c.rng)

    # Zero-size files and random bytes under every image name.
    for ext in ("png", "jpg", "jpeg", "npy", "PNG"):
        c.add(f"empty-{ext.lower()}{'-upper' if ext.isupper() else ''}.{ext}", b"", "zero-size file", "fail",
              r"empty file")
    for k, ext in enumerate(("png", "jpg", "jpeg", "npy", "png", "jpg")):
        n = [1, 2, 7, 100, 5000, 70000][k]
        d = bytearray(c.rng.randrange(256) for _ in range(n))
        d[0] = 0x42  # no PNG (0x89), JPEG (0xFF) or NPY (0x93) signature can start here
        c.add(f"random-{k}.{ext}", d, "random bytes", "fail", NOT_IMAGE)

    # Good content under the wrong extension: decoders are chosen by content, so these work.
    c.add("wrongext-horse.jpg", horse, "PNG named .jpg", "ok")
    c.add("wrongext-rocket.png", rocket, "JPEG named .png", "ok")
    c.add("wrongext-npy.jpeg", good_npy, "NPY named .jpeg", "ok")
    c.add("wrongext-astro.npy", astro, "PNG named .npy", "ok")
    c.add("good-camera.PNG", camera, "unchanged sample", "ok")
    c.add("good-npy.npy", good_npy, "unchanged array", "ok")
    c.save()
    fails = sum(e["expect"] == "fail" for e in c.entries)
    oks = sum(e["expect"] == "ok" for e in c.entries)
    print(f"{len(c.entries)} files in {c.dir}: {fails} must fail, {oks} must succeed, "
          f"{len(c.entries) - fails - oks} either")


if __name__ == "__main__":
    main()

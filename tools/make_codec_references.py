#!/usr/bin/env python3
"""Builds the ImageCodecs test fixtures and their reference arrays, once (the output is committed).

Sources (copied, never modified):
  * PngSuite (Willem van Schaik), as shipped with Go 1.19: /usr/share/go-1.19/src/image/png/testdata/pngsuite
  * Go's JPEG test images and their reference PNGs:          /usr/share/go-1.19/src/image/testdata
  * Go's invalid PNG samples:                                /usr/share/go-1.19/src/image/png/testdata/invalid-*.png

Generated here:
  * pngsuite/basi*.png  Adam7-interlaced twins of every basn*.png, written by pypng from the raw
                        rows pypng read (PngSuite's own basi* files are not in Go's copy).
  * pngsuite-invalid/x*.png  PngSuite's "x" (invalid) files, rebuilt from basn* files the way
                        PngSuite describes them (Go's copy omits them).
  * pngsuite-ref/NAME.npy  exact samples from pypng (an independent pure-Python decoder),
                        expanded as PRODUCT.md section 1 says: palette -> RGB(A), tRNS -> alpha,
                        gray 1/2/4-bit -> 8-bit full range (v*255/(2^b-1)), 16-bit kept.
                        uint8 for <= 8-bit files, uint16 for 16-bit; always (H, W, C).
  * jpeg-ref/NAME.npy   exact decodes by Pillow (its own libjpeg-turbo) of every JPEG (Go's
                        "truncated" progressive file ends with EOI after a few scans: valid): RGB or L as uint8 (H, W, C); for the CMYK file the raw
                        CMYK samples Pillow reports (ink amounts, Adobe inversion undone).
  * jpeg-ref/video-001.pillow-q95-420.npy  Go's video-001.png frame encoded by Pillow at quality 95,
                        4:2:0, then decoded by Pillow: our encoder must give the same pixels.
  * srgb.icc            Pillow's built-in sRGB profile (littleCMS), for ICC round trips.

Run from the repository root:  python3 tools/make_codec_references.py
"""
import glob
import io
import os
import shutil
import struct
import zlib

import numpy as np
import png  # pypng
from PIL import Image, ImageCms

GO = "/usr/share/go-1.19/src/image"
# Debian ships Go without its top-level LICENSE; golang.org/x/mod's LICENSE is the same BSD text
# (Copyright (c) 2009 The Go Authors).
GO_LICENSE = "/usr/share/go-1.19/src/cmd/vendor/golang.org/x/mod/LICENSE"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ImageCodecsTests", "Fixtures")


def pypng_reference(path):
    """The expanded samples of a PNG, decoded by pypng's raw read()."""
    r = png.Reader(filename=path)
    w, h, rows, meta = r.read()
    raw = np.array([list(row) for row in rows], dtype=np.int64).reshape(h, -1)
    bd = meta["bitdepth"]
    planes = meta["planes"]
    if r.color_type == 3:  # palette: index -> RGB or RGBA (tRNS)
        pal = np.array(r.palette(alpha="natural"), dtype=np.int64)
        if pal.shape[1] == 3 and r.trns is not None:
            pal = np.array(r.palette(alpha="force"), dtype=np.int64)
        return pal[raw].astype(np.uint8)
    maxval = (1 << bd) - 1
    px = raw.reshape(h, w, planes)
    transparent = meta.get("transparent")
    if transparent is not None:  # gray or RGB with tRNS -> alpha channel
        t = np.array(transparent if isinstance(transparent, (tuple, list)) else (transparent,))
        alpha = np.where(np.all(px == t.reshape(1, 1, -1), axis=2), 0, maxval)[:, :, None]
        px = np.concatenate([px, alpha], axis=2)
    if bd < 8:
        px = px * (255 // maxval)
    return px.astype(np.uint16 if bd == 16 else np.uint8)


def write_interlaced_twin(src, dst):
    """Writes an Adam7 copy of `src` with the same colour type, bit depth, palette and tRNS."""
    r = png.Reader(filename=src)
    w, h, rows, meta = r.read()
    rows = [list(row) for row in rows]
    kw = dict(width=w, height=h, bitdepth=meta["bitdepth"], interlace=True)
    if r.color_type == 3:
        kw["palette"] = r.palette(alpha="natural")
    else:
        kw["greyscale"] = meta["greyscale"]
        kw["alpha"] = meta["alpha"]
        if meta.get("transparent") is not None:
            kw["transparent"] = meta["transparent"]
    with open(dst, "wb") as f:
        png.Writer(**kw).write(f, rows)


def chunks(data):
    """Splits PNG bytes into (type, body) pairs."""
    pos, out = 8, []
    while pos + 8 <= len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return out


def assemble(sig, parts, bad_crc=()):
    out = bytearray(sig)
    for kind, body in parts:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind in bad_crc:
            crc ^= 0xFFFFFFFF
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    return bytes(out)


def with_ihdr(parts, colour_type=None, bit_depth=None):
    out = []
    for kind, body in parts:
        if kind == b"IHDR":
            b = bytearray(body)
            if bit_depth is not None:
                b[8] = bit_depth
            if colour_type is not None:
                b[9] = colour_type
            body = bytes(b)
        out.append((kind, body))
    return out


def make_invalid_suite(src_dir, dst_dir):
    """PngSuite's x-files, rebuilt from the basn originals as the suite describes them."""
    def load(name):
        with open(os.path.join(src_dir, name), "rb") as f:
            return f.read()
    sig = load("basn0g01.png")[:8]
    g01, g04, g08, c08 = (chunks(load(n)) for n in ("basn0g01.png", "basn0g04.png", "basn0g08.png", "basn2c08.png"))
    files = {
        "xs1n0g01.png": assemble(b"\x88" + sig[1:], g01),  # signature byte 1 wrong
        "xs2n0g01.png": assemble(sig[:1] + b"Q" + sig[2:], g01),                              # signature byte 2 wrong
        "xs4n0g01.png": assemble(sig[:3] + b"g" + sig[4:], g01),                              # signature byte 4 lowercase
        "xs7n0g01.png": assemble(sig[:7] + b"\x0b", g01),                                     # 7th byte a space instead of control-Z
        "xcrn0g04.png": assemble(sig[:4] + b"\r\r\n" + sig[6:], g04),                      # added cr bytes
        "xlfn0g04.png": assemble(sig[:4] + b"\r\n\n" + sig[6:], g04),                         # added lf bytes
        "xhdn0g08.png": assemble(sig, g08, bad_crc=(b"IHDR",)),                               # incorrect IHDR checksum
        "xc1n0g08.png": assemble(sig, with_ihdr(g08, colour_type=1)),                         # color type 1
        "xc9n2c08.png": assemble(sig, with_ihdr(c08, colour_type=9)),                         # color type 9
        "xd0n2c08.png": assemble(sig, with_ihdr(c08, bit_depth=0)),                           # bit-depth 0
        "xd3n2c08.png": assemble(sig, with_ihdr(c08, bit_depth=3)),                           # bit-depth 3
        "xd9n2c08.png": assemble(sig, with_ihdr(c08, bit_depth=99)),                          # bit-depth 99
        "xdtn0g01.png": assemble(sig, [c for c in g01 if c[0] != b"IDAT"]),                   # missing IDAT chunk
        "xcsn0g01.png": assemble(sig, g01, bad_crc=(b"IDAT",)),                               # incorrect IDAT checksum
    }
    os.makedirs(dst_dir, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(dst_dir, name), "wb") as f:
            f.write(data)


def main():
    suite_src = os.path.join(GO, "png", "testdata", "pngsuite")
    suite = os.path.join(OUT, "pngsuite")
    ref = os.path.join(OUT, "pngsuite-ref")
    os.makedirs(suite, exist_ok=True)
    os.makedirs(ref, exist_ok=True)
    for f in sorted(glob.glob(os.path.join(suite_src, "*.png"))):
        shutil.copy(f, suite)
    shutil.copy(os.path.join(suite_src, "README"), os.path.join(suite, "README-go.txt"))
    shutil.copy(os.path.join(suite_src, "README.original"), os.path.join(suite, "LICENSE-PngSuite.txt"))
    for f in sorted(glob.glob(os.path.join(suite, "basn*.png"))):
        write_interlaced_twin(f, f.replace("basn", "basi"))
    for f in sorted(glob.glob(os.path.join(suite, "*.png"))):
        np.save(os.path.join(ref, os.path.basename(f)[:-4] + ".npy"), pypng_reference(f))

    make_invalid_suite(suite, os.path.join(OUT, "pngsuite-invalid"))
    for f in sorted(glob.glob(os.path.join(GO, "png", "testdata", "invalid-*.png"))):
        shutil.copy(f, os.path.join(OUT, "pngsuite-invalid"))

    jpeg = os.path.join(OUT, "jpeg")
    jref = os.path.join(OUT, "jpeg-ref")
    os.makedirs(jpeg, exist_ok=True)
    os.makedirs(jref, exist_ok=True)
    for f in sorted(glob.glob(os.path.join(GO, "testdata", "video-00*"))):
        if f.endswith((".jpeg", ".png")):
            shutil.copy(f, jpeg)
    shutil.copy(GO_LICENSE, os.path.join(jpeg, "LICENSE-Go.txt"))
    for f in sorted(glob.glob(os.path.join(jpeg, "*.jpeg"))):
        im = Image.open(f)
        im.load()
        a = np.asarray(im)
        if a.ndim == 2:
            a = a[:, :, None]
        np.save(os.path.join(jref, os.path.basename(f)[:-5] + ".npy"), a.astype(np.uint8))

    frame = Image.open(os.path.join(jpeg, "video-001.png")).convert("RGB")
    buf = io.BytesIO()
    frame.save(buf, "JPEG", quality=95, subsampling=2)
    buf.seek(0)
    np.save(os.path.join(jref, "video-001.pillow-q95-420.npy"), np.asarray(Image.open(buf)).astype(np.uint8))

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # Reproducible bytes: a fixed creation date (header bytes 24-35) and no profile ID (84-99).
    profile[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
    profile[84:100] = bytes(16)
    with open(os.path.join(OUT, "srgb.icc"), "wb") as f:
        f.write(profile)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Makes images/coffee-adobergb.jpg: images/coffee.png converted from sRGB to an
Adobe RGB (1998)-compatible profile that LittleCMS builds from the published primaries
(R 0.64,0.33  G 0.21,0.71  B 0.15,0.06, D65 white, gamma 563/256), with that profile
embedded. Pixels converted by Pillow's ImageCms (LittleCMS), relative colorimetric intent.

Run from the repository root: python3 tools/make_adobe_rgb_sample.py
"""
import ctypes
import ctypes.util
import io

from PIL import Image, ImageCms

lcms = ctypes.CDLL(ctypes.util.find_library("lcms2") or "liblcms2.so.2")


class CIExyY(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double), ("Y", ctypes.c_double)]


class CIExyYTRIPLE(ctypes.Structure):
    _fields_ = [("Red", CIExyY), ("Green", CIExyY), ("Blue", CIExyY)]


def adobe_rgb_profile() -> bytes:
    lcms.cmsBuildGamma.restype = ctypes.c_void_p
    lcms.cmsBuildGamma.argtypes = [ctypes.c_void_p, ctypes.c_double]
    lcms.cmsCreateRGBProfile.restype = ctypes.c_void_p
    lcms.cmsCreateRGBProfile.argtypes = [ctypes.POINTER(CIExyY), ctypes.POINTER(CIExyYTRIPLE),
                                         ctypes.c_void_p * 3]
    lcms.cmsMLUalloc.restype = ctypes.c_void_p
    lcms.cmsMLUalloc.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    lcms.cmsMLUsetASCII.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    lcms.cmsWriteTag.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p]
    lcms.cmsSaveProfileToMem.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)]
    lcms.cmsSetProfileVersion.argtypes = [ctypes.c_void_p, ctypes.c_double]
    white = CIExyY(0.3127, 0.3290, 1.0)
    primaries = CIExyYTRIPLE(CIExyY(0.64, 0.33, 1.0), CIExyY(0.21, 0.71, 1.0), CIExyY(0.15, 0.06, 1.0))
    gamma = lcms.cmsBuildGamma(None, 563 / 256)
    curves = (ctypes.c_void_p * 3)(gamma, gamma, gamma)
    profile = lcms.cmsCreateRGBProfile(ctypes.byref(white), ctypes.byref(primaries), curves)
    lcms.cmsSetProfileVersion(profile, 2.1)
    for tag in (0x64657363, 0x63707274):  # 'desc', 'cprt'
        mlu = lcms.cmsMLUalloc(None, 1)
        text = b"Adobe RGB (1998)-compatible (LittleCMS, PoolPipe)" if tag == 0x64657363 else b"No copyright, use freely"
        lcms.cmsMLUsetASCII(mlu, b"en", b"US", text)
        lcms.cmsWriteTag(profile, tag, mlu)
    size = ctypes.c_uint32(0)
    lcms.cmsSaveProfileToMem(profile, None, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    lcms.cmsSaveProfileToMem(profile, buf, ctypes.byref(size))
    return buf.raw[: size.value]


def main() -> None:
    icc = adobe_rgb_profile()
    src = Image.open("images/coffee.png").convert("RGB")
    srgb = ImageCms.createProfile("sRGB")
    adobe = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    converted = ImageCms.profileToProfile(src, srgb, adobe,
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    converted.save("images/coffee-adobergb.jpg", quality=92, icc_profile=icc)


if __name__ == "__main__":
    main()

import Foundation
import Testing

/// `--name`, `--keep-exif` and `--to-srgb`, outputs read back with Pillow (EXIF reader,
/// ImageCms on LittleCMS) as the independent reference.
@Suite struct PublishMetadataCLITests {
    let helper = PublishCLITests()

    @Test func nameTemplatesRenameAndFlatten() throws {
        let dir = try makeTemporaryDirectory("publish-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.png", "sub/b.png", "sub/deeper/c.jpg"])
        let out1 = dir.appendingPathComponent("o1")
        let r1 = try PoolPipeBinary.run(["thumbnail", input.path, "-o", out1.path, "--size", "8", "--name", "{stem}_8.{ext}"])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(RunFixtures.files(out1).filter { !$0.hasPrefix("manifest") }.sorted()
                == ["a_8.png", "sub/b_8.png", "sub/deeper/c_8.jpg"])
        let out2 = dir.appendingPathComponent("o2")
        let r2 = try PoolPipeBinary.run(["run", input.path, "-o", out2.path, "--stages", "avg(2)",
                                         "--format", "webp", "--name", "flat/{dir}_{stem}.{ext}"])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(RunFixtures.files(out2).filter { !$0.hasPrefix("manifest") }.sorted()
                == ["flat/_a.webp", "flat/sub/deeper_c.webp", "flat/sub_b.webp"])
    }

    @Test(arguments: ["{stem}.{size}", "{stem", "out_{ext}", "../{stem}.{ext}"])
    func badTemplatesAreUsageErrors(template: String) throws {
        let dir = try makeTemporaryDirectory("publish-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try PoolPipeBinary.run(["run", helper.image("coffee.png"), "-o", dir.appendingPathComponent("o").path,
                                        "--stages", "avg(2)", "--name", template])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--name"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))
    }

    @Test func templatesThatCollideFailTheSecondInput() throws {
        let dir = try makeTemporaryDirectory("publish-name")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["x/p.png", "y/p.png", "y/p.jpg"])
        // x/p.png and y/p.png stay apart (the template names files inside their folders);
        // y/p.png and y/p.jpg both become y/p-small.png.
        let out = dir.appendingPathComponent("o")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)",
                                        "--format", "png", "--name", "{stem}-small.{ext}"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("would also be written by"), "\(r.stderr)")
        #expect(RunFixtures.files(out).filter { !$0.hasPrefix("manifest") }.sorted() == ["x/p-small.png", "y/p-small.png"])
        // Files named directly share one folder: both would be p_1.png.
        let direct = dir.appendingPathComponent("d")
        let one = try PoolPipeBinary.run(["run", input.appendingPathComponent("x/p.png").path,
                                          input.appendingPathComponent("y/p.png").path,
                                          "-o", direct.path, "--stages", "avg(2)", "--name", "{stem}_1.{ext}"])
        #expect(one.status == 1)
        #expect(one.stderr.contains("would also be written by"), "\(one.stderr)")
        #expect(RunFixtures.files(direct).filter { !$0.hasPrefix("manifest") } == ["p_1.png"])
    }

    @Test(arguments: ["jpeg", "png", "webp"])
    func keepExifCarriesFieldsWithOrientationReset(format: String) throws {
        let dir = try helper.fixtures()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let inputs = [dir.appendingPathComponent("exif.jpg").path, dir.appendingPathComponent("exifpng.png").path]
        let r = try PoolPipeBinary.run(["run"] + inputs + ["-o", out.path, "--stages", "avg(2)", "--format", format, "--keep-exif"])
        #expect(r.status == 0, "\(r.stderr)")
        let plain = dir.appendingPathComponent("plain")
        #expect(try PoolPipeBinary.run(["run"] + inputs + ["-o", plain.path, "--stages", "avg(2)", "--format", format]).status == 0)
        let ext = format == "jpeg" ? "jpg" : format
        let checked = try RunFixtures.python("""
        import sys
        from PIL import Image
        for kept, plain in [(sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4])]:
            im = Image.open(kept)
            assert im.size == (12, 20), im.size          # 24x40 stored, orientation 6: upright 40x24, pooled
            e = im.getexif()
            assert e.get(0x010F) == 'PoolPipeCam' and e.get(0x0110) == 'Model 13', dict(e)
            assert e.get(0x0132) == '2026:11:29 12:34:56', dict(e)
            assert e.get(0x0112) == 1, dict(e)
            assert len(Image.open(plain).getexif()) == 0, 'EXIF only with --keep-exif'
        print('ok')
        """, [out.appendingPathComponent("exif.\(ext)").path, out.appendingPathComponent("exifpng.\(ext)").path,
              plain.appendingPathComponent("exif.\(ext)").path, plain.appendingPathComponent("exifpng.\(ext)").path])
        #expect(checked.contains("ok"))
        if format == "webp" {
            let info = try helper.tool(["webpinfo", out.appendingPathComponent("exif.webp").path])
            #expect(info.stdout.contains("EXIF: 1"), "\(info.stdout)")
        }
    }

    @Test func noAutorotateKeepsTheOrientationTag() throws {
        let dir = try helper.fixtures()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", dir.appendingPathComponent("exif.jpg").path, "-o", out.path,
                                        "--stages", "avg(2)", "--keep-exif", "--no-autorotate"])
        #expect(r.status == 0, "\(r.stderr)")
        let checked = try RunFixtures.python("""
        import sys
        from PIL import Image
        im = Image.open(sys.argv[1]); e = im.getexif()
        assert im.size == (20, 12) and e.get(0x0112) == 6 and e.get(0x010F) == 'PoolPipeCam', (im.size, dict(e))
        print('ok')
        """, [out.appendingPathComponent("exif.jpg").path])
        #expect(checked.contains("ok"))
    }

    /// images/coffee-adobergb.jpg carries an Adobe RGB (1998)-compatible profile: --to-srgb
    /// equals LittleCMS's own relative colorimetric transform (Pillow's ImageCms) within
    /// 1/255, tags the output sRGB, and the manifest names the source profile either way.
    @Test func toSRGBMatchesImageCms() throws {
        let dir = try makeTemporaryDirectory("publish-srgb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = helper.image("coffee-adobergb.jpg")
        for (name, flags) in [("conv", ["--to-srgb"]), ("strip", ["--to-srgb", "--strip"]), ("keep", [])] {
            let r = try PoolPipeBinary.run(["run", sample, "-o", dir.appendingPathComponent(name).path,
                                            "--stages", "avg(1)", "--format", "png"] + flags)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let checked = try RunFixtures.python("""
        import sys, io, numpy as np
        from PIL import Image, ImageCms
        src, conv, strip, keep = sys.argv[1:5]
        im = Image.open(src)
        adobe = ImageCms.ImageCmsProfile(io.BytesIO(im.info['icc_profile']))
        ref = ImageCms.profileToProfile(im, adobe, ImageCms.createProfile('sRGB'),
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        got = Image.open(conv)
        d = np.abs(np.asarray(got).astype(int) - np.asarray(ref).astype(int))
        assert d.max() <= 1, d.max()
        moved = np.abs(np.asarray(got).astype(int) - np.asarray(im).astype(int)).max()
        assert moved >= 10, moved   # the conversion did change the colours
        desc = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(got.info['icc_profile'])))
        assert 'sRGB' in desc, desc
        assert 'icc_profile' not in Image.open(strip).info
        assert (np.asarray(Image.open(strip)) == np.asarray(got)).all()
        k = Image.open(keep)
        assert k.info['icc_profile'] == im.info['icc_profile']
        assert (np.asarray(k) == np.asarray(im)).all()
        print('ok')
        """, [sample, dir.appendingPathComponent("conv/coffee-adobergb.png").path,
              dir.appendingPathComponent("strip/coffee-adobergb.png").path,
              dir.appendingPathComponent("keep/coffee-adobergb.png").path])
        #expect(checked.contains("ok"))
        for (name, converted) in [("conv", true), ("keep", false)] {
            let rec = try RunFixtures.lastRecords(dir.appendingPathComponent("\(name)/manifest.jsonl")).values.first
            let decode = rec?["decode"] as? [String: Any]
            #expect(decode?["icc_profile"] as? String == "Adobe RGB (1998)-compatible (LittleCMS, PoolPipe)")
            #expect(decode?["to_srgb"] as? Bool == converted)
        }
    }

    /// A CMYK JPEG carrying Ghostscript's SWOP profile (Debian's libgs-common) converts through
    /// that profile: each sampled pixel equals LittleCMS's own float evaluation (`transicc`
    /// without precalculation, relative colorimetric) within 1/255.
    @Test func cmykJPEGConvertsThroughItsProfile() throws {
        let profile = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
        try #require(FileManager.default.fileExists(atPath: profile), "install libgs-common (tools/install-deps.sh)")
        let dir = try makeTemporaryDirectory("publish-cmyk")
        defer { try? FileManager.default.removeItem(at: dir) }
        let jpg = dir.appendingPathComponent("cmyk.jpg").path
        try RunFixtures.python("""
        import sys, io
        from PIL import Image, ImageCms
        icc = open(sys.argv[1], 'rb').read()
        rgb = Image.open(sys.argv[2]).convert('RGB').resize((60, 40))
        cmyk = ImageCms.profileToProfile(rgb, ImageCms.createProfile('sRGB'),
                                         ImageCms.ImageCmsProfile(io.BytesIO(icc)), outputMode='CMYK')
        cmyk.save(sys.argv[3], quality=95, icc_profile=icc)
        """, [profile, helper.image("coffee.png"), jpg])
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", jpg, "-o", out.path, "--stages", "avg(1)", "--format", "png", "--to-srgb"])
        #expect(r.status == 0, "\(r.stderr)")
        let rec = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl")).values.first
        #expect((rec?["decode"] as? [String: Any])?["to_srgb"] as? Bool == true)
        let checked = try RunFixtures.python("""
        import sys, subprocess, numpy as np
        from PIL import Image
        profile, src, out = sys.argv[1:4]
        ink = np.asarray(Image.open(src)).reshape(-1, 4)[::7].astype(float)   # Pillow: CMYK ink, 0..255
        got = np.asarray(Image.open(out)).reshape(-1, 3)[::7].astype(float)
        lines = '\\n'.join(' '.join('%.6f' % (v * 100 / 255) for v in px) for px in ink) + '\\n'
        res = subprocess.run(['transicc', '-t1', '-c0', '-n', '-i' + profile, '-o*sRGB'], input=lines,
                             capture_output=True, text=True, check=True)
        rows = [l.split() for l in res.stdout.splitlines() if len(l.split()) == 3]
        ref = np.clip(np.array(rows, dtype=float), 0, 255)
        assert ref.shape == got.shape, (ref.shape, got.shape)
        d = np.abs(got - ref)
        assert d.max() <= 1.0, d.max()
        print('ok', len(ref))
        """, [profile, jpg, out.appendingPathComponent("cmyk.png").path])
        #expect(checked.hasPrefix("ok"), "\(checked)")
    }

    /// The float tensor of the converted Adobe RGB sample equals LittleCMS's float evaluation
    /// (`transicc` without precalculation) within 0.5/255, tighter than any 8-bit reference.
    @Test func toSRGBTensorMatchesTransiccFloat() throws {
        let dir = try makeTemporaryDirectory("publish-srgb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = helper.image("coffee-adobergb.jpg")
        let r = try PoolPipeBinary.run(["run", sample, "-o", dir.path, "--stages", "avg(1)", "--format", "npy", "--to-srgb"])
        #expect(r.status == 0, "\(r.stderr)")
        let checked = try RunFixtures.python("""
        import sys, subprocess, numpy as np
        from PIL import Image
        src, npy, icc = sys.argv[1:4]
        im = Image.open(src)
        open(icc, 'wb').write(im.info['icc_profile'])
        px = np.asarray(im).reshape(-1, 3)[::53].astype(float)
        got = np.load(npy).reshape(-1, 3)[::53]
        lines = '\\n'.join(' '.join('%g' % v for v in p) for p in px) + '\\n'
        res = subprocess.run(['transicc', '-t1', '-c0', '-n', '-i' + icc, '-o*sRGB'], input=lines,
                             capture_output=True, text=True, check=True)
        ref = np.clip(np.array([l.split() for l in res.stdout.splitlines() if len(l.split()) == 3], float), 0, 255) / 255
        assert ref.shape == got.shape, (ref.shape, got.shape)
        err = np.abs(got - ref).max() * 255
        assert err <= 0.5, err
        print('ok', err)
        """, [sample, dir.appendingPathComponent("coffee-adobergb.npy").path, dir.appendingPathComponent("a.icc").path])
        #expect(checked.hasPrefix("ok"), "\(checked)")
    }
}

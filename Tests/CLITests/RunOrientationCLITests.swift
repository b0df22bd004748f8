import Foundation
import Testing

@Suite("poolpipe run: EXIF orientation, ICC, bit depth")
struct RunOrientationCLITests {
    /// For each EXIF orientation, Pillow writes a PNG whose stored pixels are the upright
    /// picture turned by the inverse transform, with an eXIf chunk; Pillow's own
    /// `exif_transpose` checks the fixture. `avg(1)` keeps the pixels, so the output must be
    /// the upright picture exactly; with `--no-autorotate` it must be the stored pixels.
    @Test(arguments: 1...8)
    func orientationComesOutUpright(tag: Int) throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let upright = tmp.appendingPathComponent("upright.png"), stored = input.appendingPathComponent("o.png")
        try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image, ImageOps
        tag = int(sys.argv[3])
        rng = np.random.default_rng(tag)
        up = Image.fromarray(rng.integers(0, 256, size=(5, 8, 3), dtype=np.uint8))
        up.save(sys.argv[1])
        T = Image.Transpose
        inverse = {1: None, 2: T.FLIP_LEFT_RIGHT, 3: T.ROTATE_180, 4: T.FLIP_TOP_BOTTOM,
                   5: T.TRANSPOSE, 6: T.ROTATE_90, 7: T.TRANSVERSE, 8: T.ROTATE_270}[tag]
        st = up if inverse is None else up.transpose(inverse)
        exif = Image.Exif()
        exif[0x0112] = tag
        st.save(sys.argv[2], exif=exif.tobytes())
        back = ImageOps.exif_transpose(Image.open(sys.argv[2]))
        assert np.array_equal(np.asarray(back), np.asarray(up)), "fixture is wrong"
        """, [upright.path, stored.path, String(tag)])
        let out = tmp.appendingPathComponent("out"), raw = tmp.appendingPathComponent("raw")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(1)"])
        #expect(r.status == 0, "\(r.stderr)")
        let r2 = try PoolPipeBinary.run(["run", input.path, "-o", raw.path, "--stages", "avg(1)", "--no-autorotate"])
        #expect(r2.status == 0, "\(r2.stderr)")
        let same = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        a, b, c, d = (np.asarray(Image.open(p)) for p in sys.argv[1:5])
        print(a.shape == b.shape and bool((a == b).all()), c.shape == d.shape and bool((c == d).all()),
              'exif' in Image.open(sys.argv[1]).info)
        """, [out.appendingPathComponent("o.png").path, upright.path, raw.appendingPathComponent("o.png").path, stored.path])
        // Upright, raw = stored, and no EXIF written back.
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "True True False")
    }

    @Test func jpegOrientationAndIccAreHandled() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out"), stripped = tmp.appendingPathComponent("strip")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        // A 6-tagged JPEG (stored landscape, upright portrait) with an sRGB ICC profile.
        try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image, ImageCms
        icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
        a = np.random.default_rng(3).integers(0, 256, size=(20, 32, 3), dtype=np.uint8)
        exif = Image.Exif(); exif[0x0112] = 6
        Image.fromarray(a).save(sys.argv[1], exif=exif.tobytes(), icc_profile=icc, quality=95)
        """, [input.appendingPathComponent("p.jpg").path])
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)", "--format", "png"]).status == 0)
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", stripped.path, "--stages", "avg(2)", "--format", "png", "--strip"]).status == 0)
        let info = try RunFixtures.python("""
        import sys
        from PIL import Image
        a, b = Image.open(sys.argv[1]), Image.open(sys.argv[2])
        print(a.size, 'icc_profile' in a.info and len(a.info['icc_profile']) > 0, 'icc_profile' in b.info)
        """, [out.appendingPathComponent("p.png").path, stripped.appendingPathComponent("p.png").path])
        // PIL sizes are (width, height): upright 32×20 portrait halves to 10 wide, 16 high.
        #expect(info.trimmingCharacters(in: .whitespacesAndNewlines) == "(10, 16) True False")
    }

    @Test func sixteenBitSourcesStaySixteenBitUnlessAsked() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        a = np.random.default_rng(5).integers(0, 65536, size=(6, 6), dtype=np.uint16)
        Image.fromarray(a).save(sys.argv[1])
        """, [input.appendingPathComponent("g16.png").path])
        for (flag, expected) in [([String](), "I;16"), (["--bit-depth", "8"], "L")] {
            let out = tmp.appendingPathComponent("out\(expected.count)")
            let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"] + flag)
            #expect(r.status == 0, "\(r.stderr)")
            let mode = try RunFixtures.python("import sys\nfrom PIL import Image\nprint(Image.open(sys.argv[1]).mode)",
                                              [out.appendingPathComponent("g16.png").path])
            #expect(mode.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(expected))
        }
    }
}

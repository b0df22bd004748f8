import Foundation
import Testing

/// `run`/`thumbnail` outputs for publishing (WebP, JPEG options, flattening, names, EXIF,
/// sRGB), each output read back by an independent decoder: Pillow (and libwebp's `webpinfo`,
/// libjpeg-turbo's `djpeg`), checked against numpy or LittleCMS through Pillow's ImageCms.
@Suite struct PublishCLITests {
    static let fixtureScript = """
    import sys, os, numpy as np
    from PIL import Image
    root = sys.argv[1]
    h, w = 24, 40
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([x * 255 // (w - 1), y * 255 // (h - 1), (x + y) * 255 // (w + h - 2)], -1).astype(np.uint8)
    alpha = (x * 255 // (w - 1)).astype(np.uint8)
    alpha[:, :4] = 0
    rgba = np.dstack([rgb, alpha])
    rgba[18:, :, :3] = 255   # a semi-transparent white overlay along the bottom
    Image.fromarray(rgba, 'RGBA').save(os.path.join(root, 'rgba.png'))
    Image.fromarray(np.dstack([rgb[..., 0], alpha]), 'LA').save(os.path.join(root, 'graya.png'))
    exif = Image.Exif()
    exif[0x010F] = 'PoolPipeCam'           # Make
    exif[0x0110] = 'Model 13'              # Model
    exif[0x0132] = '2026:11:29 12:34:56'   # DateTime
    exif[0x0112] = 6                       # Orientation: stored rotated, shown upright
    Image.fromarray(rgb).save(os.path.join(root, 'exif.jpg'), quality=95, exif=exif)
    Image.fromarray(rgb).save(os.path.join(root, 'exifpng.png'), exif=exif)
    """

    /// A temporary folder holding the fixtures above.
    func fixtures() throws -> URL {
        let dir = try makeTemporaryDirectory("publish")
        try RunFixtures.python(Self.fixtureScript, [dir.path])
        return dir
    }

    func image(_ name: String) -> String { repositoryRoot.appendingPathComponent("images/\(name)").path }

    func tool(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments)
    }

    @Test func webpLosslessKeepsPixelsAlphaAndICC() throws {
        let dir = try fixtures()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", dir.appendingPathComponent("rgba.png").path, image("chelsea.png"),
                                        "-o", out.path, "--stages", "avg(1)", "--format", "webp", "--lossless"])
        #expect(r.status == 0, "\(r.stderr)")
        let info = try tool(["webpinfo", out.appendingPathComponent("chelsea.webp").path])
        #expect(info.status == 0 && info.stdout.contains("ICCP: 1") && info.stdout.contains("Lossless"), "\(info.stdout)")
        let alpha = try tool(["webpinfo", out.appendingPathComponent("rgba.webp").path])
        #expect(alpha.stdout.contains("Alpha: 1"), "\(alpha.stdout)")
        let checked = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        src, out, chelsea, chelsea_out = sys.argv[1:5]
        a = np.asarray(Image.open(src).convert('RGBA')).astype(int)
        b = Image.open(out)
        assert b.format == 'WEBP' and b.mode == 'RGBA', (b.format, b.mode)
        b = np.asarray(b).astype(int)
        assert (a[..., 3] == b[..., 3]).all()
        seen = a[..., 3] > 0   # libwebp may change the colour under fully transparent pixels
        assert (a[seen] == b[seen]).all()
        c = Image.open(chelsea_out)
        assert c.info.get('icc_profile') == Image.open(chelsea).info['icc_profile']
        assert (np.asarray(c.convert('RGB')) == np.asarray(Image.open(chelsea).convert('RGB'))).all()
        print('ok')
        """, [dir.appendingPathComponent("rgba.png").path, out.appendingPathComponent("rgba.webp").path,
              image("chelsea.png"), out.appendingPathComponent("chelsea.webp").path])
        #expect(checked.contains("ok"))
    }

    @Test func webpLossyThumbnailFollowsQuality() throws {
        let dir = try makeTemporaryDirectory("publish")
        defer { try? FileManager.default.removeItem(at: dir) }
        var sizes: [Int] = []
        for q in [50, 95] {
            let out = dir.appendingPathComponent("q\(q)")
            let r = try PoolPipeBinary.run(["thumbnail", image("coffee.png"), "-o", out.path, "--size", "128",
                                            "--format", "webp", "--quality", "\(q)"])
            #expect(r.status == 0, "\(r.stderr)")
            let file = out.appendingPathComponent("coffee.webp")
            sizes.append((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
            let decoded = try tool(["dwebp", file.path, "-pam", "-o", dir.appendingPathComponent("q\(q).pam").path])
            #expect(decoded.status == 0, "\(decoded.stderr)")
            let psnr = try RunFixtures.python("""
            import sys, numpy as np
            from PIL import Image
            webp = Image.open(sys.argv[1]); assert webp.size == (128, 85), webp.size
            ref = Image.open(sys.argv[2]).convert('RGB').resize((128, 85), Image.LANCZOS)
            d = np.asarray(webp.convert('RGB')).astype(float) - np.asarray(ref).astype(float)
            print(10 * np.log10(255 ** 2 / np.mean(d ** 2)))
            """, [file.path, image("coffee.png")])
            #expect((Double(psnr.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 24, "q\(q): \(psnr)")
        }
        #expect(sizes[0] > 0 && sizes[0] < sizes[1], "\(sizes)")
    }

    @Test func webpInputIsNamedAsUnsupported() throws {
        let dir = try makeTemporaryDirectory("publish")
        defer { try? FileManager.default.removeItem(at: dir) }
        let webp = dir.appendingPathComponent("photo.webp").path
        try RunFixtures.python("from PIL import Image; import sys; Image.new('RGB', (8, 8), 'red').save(sys.argv[1])", [webp])
        let info = try PoolPipeBinary.run(["info", webp])
        #expect(info.status == 1)
        #expect(info.stderr.contains("\(webp): WebP input is not supported"), "\(info.stderr)")
        let run = try PoolPipeBinary.run(["run", webp, "-o", dir.appendingPathComponent("out").path, "--stages", "avg(2)"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("WebP input is not supported"), "\(run.stderr)")
    }

    @Test(arguments: [
        (["--progressive", "--subsample", "444"], true, "444"),
        ([], false, "420"),
    ])
    func jpegScansAndChroma(flags: [String], progressive: Bool, sampling: String) throws {
        let dir = try makeTemporaryDirectory("publish")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", image("coffee.png"), "-o", out.path, "--stages", "avg(2)",
                                        "--format", "jpeg"] + flags)
        #expect(r.status == 0, "\(r.stderr)")
        let jpg = out.appendingPathComponent("coffee.jpg").path
        // libjpeg-turbo's own reading of the frame header: SOF2 is progressive, SOF0/1 sequential;
        // the luma sampling factors are 2hx2v for 4:2:0 and 1hx1v for 4:4:4.
        let djpeg = try tool(["djpeg", "-verbose", "-verbose", "-outfile", "/dev/null", jpg])
        #expect(djpeg.status == 0, "\(djpeg.stderr)")
        #expect(djpeg.stderr.contains(progressive ? "Start Of Frame 0xc2" : "Start Of Frame 0xc"), "\(djpeg.stderr)")
        #expect(djpeg.stderr.contains("Start Of Frame 0xc2") == progressive)
        #expect(djpeg.stderr.contains("Component 1: \(sampling == "444" ? "1hx1v" : "2hx2v")"), "\(djpeg.stderr)")
        let checked = try RunFixtures.python("""
        import sys
        from PIL import Image, JpegImagePlugin
        im = Image.open(sys.argv[1])
        prog = bool(im.info.get('progressive') or im.info.get('progression'))
        sampling = {0: '444', 2: '420'}.get(JpegImagePlugin.get_sampling(im), '?')
        print(prog, sampling, im.size)
        """, [jpg])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "\(progressive ? "True" : "False") \(sampling) (300, 200)")
    }

    @Test func alphaIsFlattenedOnTheBackgroundLikeNumpyCompositing() throws {
        let dir = try fixtures()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", dir.appendingPathComponent("rgba.png").path,
                                        dir.appendingPathComponent("graya.png").path, "-o", out.path,
                                        "--stages", "avg(1)", "--format", "jpeg", "--quality", "100",
                                        "--subsample", "444", "--background", "#204080"])
        #expect(r.status == 0, "\(r.stderr)")
        let checked = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        src, out, gsrc, gout = sys.argv[1:5]
        a = np.asarray(Image.open(src)).astype(float) / 255
        bg = np.array([0x20, 0x40, 0x80]) / 255
        ref = a[..., :3] * a[..., 3:] + bg * (1 - a[..., 3:])
        got = np.asarray(Image.open(out)).astype(float) / 255
        assert got.shape == ref.shape, got.shape
        err = np.abs(got - ref)
        assert err.max() <= 4 / 255 and err.mean() < 1 / 255, (err.max() * 255, err.mean() * 255)
        g = np.asarray(Image.open(gsrc)).astype(float) / 255
        gref = g[..., :1] * g[..., 1:] + bg * (1 - g[..., 1:])   # gray on a coloured background: RGB
        ggot = np.asarray(Image.open(gout).convert('RGB')).astype(float) / 255
        gerr = np.abs(ggot - gref)
        assert gerr.max() <= 4 / 255, gerr.max() * 255
        print('ok')
        """, [dir.appendingPathComponent("rgba.png").path, out.appendingPathComponent("rgba.jpg").path,
              dir.appendingPathComponent("graya.png").path, out.appendingPathComponent("graya.jpg").path])
        #expect(checked.contains("ok"))
        let records = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl"))
        #expect(records.values.count == 2)
        for rec in records.values {
            #expect(rec["flattened"] as? String == "#204080")
            #expect((rec["output_shape"] as? [Int])?.last == 3)
        }
    }

    @Test func whiteIsTheDefaultBackgroundAndPNGKeepsAlpha() throws {
        let dir = try fixtures()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let rgba = dir.appendingPathComponent("rgba.png").path
        #expect(try PoolPipeBinary.run(["run", rgba, "-o", out.path, "--stages", "avg(1)", "--format", "jpeg"]).status == 0)
        #expect(try PoolPipeBinary.run(["run", rgba, "-o", out.path, "--stages", "avg(1)", "--format", "png"]).status == 0)
        let checked = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        jpg = np.asarray(Image.open(sys.argv[1])).astype(int)
        # fully transparent: white, not black (JPEG's 4:2:0 chroma blurs the edge a little)
        assert jpg[:, :3].mean() >= 250 and jpg[:, :3].min() >= 230, (jpg[:, :3].mean(), jpg[:, :3].min())
        assert jpg[19:, :].mean() >= 250 and jpg[19:, :].min() >= 230, jpg[19:, :].min()   # the white overlay stays white
        png = Image.open(sys.argv[2]); assert png.mode == 'RGBA', png.mode
        print('ok')
        """, [out.appendingPathComponent("rgba.jpg").path, out.appendingPathComponent("rgba.png").path])
        #expect(checked.contains("ok"))
        let records = try RunFixtures.manifest(out.appendingPathComponent("manifest.jsonl")).filter { $0["input"] != nil }
        #expect(records.map { $0["flattened"] as? String } == ["#ffffff", nil])
    }

    @Test func backgroundNamesAndMistakes() throws {
        let dir = try makeTemporaryDirectory("publish")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["run", image("horse.png"), "-o", dir.appendingPathComponent("o").path, "--stages", "avg(2)", "--format", "jpeg"]
        let bad = try PoolPipeBinary.run(base + ["--background", "chartreuse-ish"])
        #expect(bad.status == 2 && bad.stderr.contains("--background"), "\(bad.stderr)")
        let sub = try PoolPipeBinary.run(base + ["--subsample", "422"])
        #expect(sub.status == 2 && sub.stderr.contains("--subsample"), "\(sub.stderr)")
        let both = try PoolPipeBinary.run(base + ["--strip", "--keep-exif"])
        #expect(both.status == 2, "\(both.stderr)")
        let named = try PoolPipeBinary.run(base + ["--background", "Gray"])
        #expect(named.status == 0, "\(named.stderr)")
        let rec = try RunFixtures.lastRecords(dir.appendingPathComponent("o/manifest.jsonl")).values.first
        #expect(rec?["flattened"] as? String == "#808080")
    }
}

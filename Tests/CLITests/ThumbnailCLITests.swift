import Foundation
import Testing
import ImageCodecs
import ImageTensor

/// End-to-end tests of `poolpipe thumbnail` on the built binary.
@Suite struct ThumbnailCLITests {
    private func psnr(_ a: Tensor, _ b: Tensor) -> Double {
        var sum = 0.0
        for i in a.data.indices { let d = Double(a.data[i] - b.data[i]); sum += d * d }
        let mse = sum / Double(a.data.count)
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    @Test func exactSizesOverManyAspectRatios() throws {
        let dir = try makeTemporaryDirectory("thumb-sizes")
        defer { try? FileManager.default.removeItem(at: dir) }
        // (height, width) → expected thumbnail at --size 64, worked by hand.
        let cases: [(Int, Int, Int, Int)] = [(1, 300, 1, 64), (300, 1, 64, 1), (37, 91, 26, 64),
                                             (91, 37, 64, 26), (50, 20, 50, 20), (64, 64, 64, 64),
                                             (129, 257, 32, 64), (1000, 3, 64, 1), (255, 256, 64, 64)]
        for (h, w, _, _) in cases {
            var t = Tensor(height: h, width: w, channels: 3)
            for i in t.data.indices { t.data[i] = Float((i * 31) % 97) / 96 }
            let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .png))
            let folder = dir.appendingPathComponent("in")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent("\(h)x\(w).png"))
        }
        let out = dir.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["thumbnail", dir.appendingPathComponent("in").path, "-o", out.path,
                                        "--size", "64", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("processed \(cases.count), skipped 0, failed 0"))
        for (h, w, eh, ew) in cases {
            let header = try ImageDecoder.header(path: out.appendingPathComponent("\(h)x\(w).png").path)
            #expect(header.height == eh && header.width == ew, "\(h)×\(w) → \(header.height)×\(header.width)")
        }
    }

    /// DCT scaling must look like the exact path: PSNR ≥ 40 dB on the sample photos.
    @Test(arguments: [48, 96])
    func shrinkOnDecodeLooksLikeExact(size: Int) throws {
        let dir = try makeTemporaryDirectory("thumb-psnr")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images")
        let fast = dir.appendingPathComponent("fast"), exact = dir.appendingPathComponent("exact")
        for (out, extra) in [(fast, [String]()), (exact, ["--exact"])] {
            let r = try PoolPipeBinary.run(["thumbnail", images.path, "-o", out.path, "--size", "\(size)",
                                            "--format", "png", "--bit-depth", "16", "--quiet"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let manifest = try String(contentsOf: fast.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        // 640 wide: 1/4 leaves 160 ≥ 3 × 48, 1/2 leaves 320 ≥ 3 × 96.
        #expect(manifest.contains("\"dct_scale\": \(size == 48 ? 4 : 2)"), "rocket.jpg is shrunk while decoding")
        for name in try FileManager.default.contentsOfDirectory(atPath: fast.path) where name.hasSuffix(".png") {
            let a = try ImageDecoder.decode(path: fast.appendingPathComponent(name).path).tensor
            let b = try ImageDecoder.decode(path: exact.appendingPathComponent(name).path).tensor
            #expect(a.shape == b.shape)
            let p = psnr(a, b)
            #expect(p >= 40, "\(name): PSNR \(p) dB against --exact")
        }
    }

    @Test func orientationComesOutUpright() throws {
        let dir = try makeTemporaryDirectory("thumb-orient")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images")
        let r = try PoolPipeBinary.run(["thumbnail", images.appendingPathComponent("rocket.jpg").path,
                                        images.appendingPathComponent("rocket-exif6.jpg").path,
                                        "-o", dir.path, "--size", "96", "--format", "png"])
        #expect(r.status == 0, "\(r.stderr)")
        let upright = try ImageDecoder.decode(path: dir.appendingPathComponent("rocket.png").path).tensor
        let rotated = try ImageDecoder.decode(path: dir.appendingPathComponent("rocket-exif6.png").path)
        #expect(rotated.tensor.shape == upright.shape)
        #expect(rotated.metadata.orientation == 1, "orientation is reset in the output")
        #expect(psnr(rotated.tensor, upright) > 30, "the same picture, the same way up")
    }

    @Test func orderStatisticOpsNeverUseDCTScaling() throws {
        let dir = try makeTemporaryDirectory("thumb-op")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rocket = repositoryRoot.appendingPathComponent("images/rocket.jpg").path
        for op in ["max", "min", "median"] {
            let out = dir.appendingPathComponent(op)
            let r = try PoolPipeBinary.run(["thumbnail", rocket, "-o", out.path, "--size", "64", "--op", op])
            #expect(r.status == 0, "\(r.stderr)")
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
            #expect(manifest.contains("\"dct_scale\": 1"))
            #expect(manifest.contains("op=\(op)"))
            let header = try ImageDecoder.header(path: out.appendingPathComponent("rocket.jpg").path)
            #expect(header.width == 64 && header.height == 43)
        }
    }

    /// `--size HxW` fits the box, `--crop` fills it exactly, both in the upright image
    /// (rocket-exif6.jpg is stored 640×427 and turned upright to 427×640).
    @Test func boxesAndCrops() throws {
        let dir = try makeTemporaryDirectory("thumb-box")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images")
        let inputs = ["rocket.jpg", "rocket-exif6.jpg"].map { images.appendingPathComponent($0).path }
        for (extra, expected) in [(["--size", "60x100"], [(60, 90), (60, 90)]),
                                  (["--size", "60x100", "--crop"], [(60, 100), (60, 100)]),
                                  (["--size", "50", "--crop", "--op", "avg"], [(50, 50), (50, 50)])] {
            let out = dir.appendingPathComponent(extra.joined(separator: "_"))
            let r = try PoolPipeBinary.run(["thumbnail"] + inputs + ["-o", out.path, "--format", "png", "--quiet"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            for (name, (h, w)) in zip(["rocket.png", "rocket-exif6.png"], expected) {
                let header = try ImageDecoder.header(path: out.appendingPathComponent(name).path)
                #expect(header.height == h && header.width == w, "\(extra) \(name): \(header.height)×\(header.width)")
            }
            let manifest = try String(contentsOf: out.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
            #expect(manifest.contains(extra.contains("--crop") ? "crop=true" : "size=60x100"))
        }
        let bad = try PoolPipeBinary.run(["thumbnail", inputs[0], "-o", dir.path, "--size", "0x5"])
        #expect(bad.status == 2 && bad.stderr.contains("--size"))
    }

    @Test func usageMistakesExitTwo() throws {
        let dir = try makeTemporaryDirectory("thumb-usage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images").path
        let zero = try PoolPipeBinary.run(["thumbnail", images, "-o", dir.path, "--size", "0"])
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--size"))
        let op = try PoolPipeBinary.run(["thumbnail", images, "-o", dir.path, "--size", "8", "--op", "blurry"])
        #expect(op.status == 2)
        #expect(op.stderr.contains("--op"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing written")
    }

    /// The default against Pillow's LANCZOS resize of the full decode (the fidelity measure
    /// of `make bench`, tools/thumbnail_fidelity.py): SSIM and sharpness (mean squared
    /// gradient) on the sample photos, and no seams on white noise.
    @Test func faithfulToALanczosReference() throws {
        let dir = try makeTemporaryDirectory("thumb-fidelity")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images")
        let photos = ["rocket.jpg", "chelsea.png", "coffee.png"].map { images.appendingPathComponent($0).path }
        let r = try PoolPipeBinary.run(["thumbnail"] + photos + ["-o", dir.path, "--size", "96", "--format", "png", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let script = """
        import sys, os, numpy as np
        sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
        import thumbnail_fidelity as tf
        for f in sys.argv[3:]:
            stem = os.path.splitext(os.path.basename(f))[0]
            a = tf.load_rgb(os.path.join(sys.argv[2], stem + ".png"))
            ref = tf.reference(f, (a.shape[1], a.shape[0]))
            print(stem, tf.ssim(a, ref), tf.sharpness(a) / tf.sharpness(ref))
        """
        let out = try RunFixtures.python(script, [repositoryRoot.path, dir.path] + photos)
        let lines = out.split(separator: "\n")
        #expect(lines.count == photos.count)
        for line in lines {
            let fields = line.split(separator: " ")
            let ssim = Double(fields[1]) ?? 0, sharpness = Double(fields[2]) ?? 0
            #expect(ssim >= 0.99, "\(line)")
            #expect(abs(sharpness - 1) <= 0.07, "\(line)")
        }
        // White noise at a ratio that is not a whole number: per-column variance is flat.
        let noise = dir.appendingPathComponent("noise")
        try FileManager.default.createDirectory(at: noise, withIntermediateDirectories: true)
        var state: UInt32 = 12345
        for k in 0..<4 {
            var t = Tensor(height: 500, width: 500, channels: 3)
            for i in t.data.indices { state = state &* 1_664_525 &+ 1_013_904_223; t.data[i] = Float(state >> 24) / 255 }
            try Data(try ImageEncoder.encode(t, options: EncodeOptions(format: .png))).write(to: noise.appendingPathComponent("noise\(k).png"))
        }
        let n = try PoolPipeBinary.run(["thumbnail", noise.path, "-o", dir.appendingPathComponent("n").path,
                                        "--size", "256", "--format", "png", "--quiet"])
        #expect(n.status == 0, "\(n.stderr)")
        let seam = try RunFixtures.python("""
        import sys, os
        sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
        import thumbnail_fidelity as tf
        print(tf.seam_figure(sys.argv[2:]))
        """, [repositoryRoot.path] + (0..<4).map { dir.appendingPathComponent("n/noise\($0).png").path })
        // 4 × 256 rows × 3 channels per column: the estimator's own spread is about
        // 100·sqrt(2/3072) ≈ 2.6 %; adaptive_avg's 2- and 3-wide windows at 500 → 256 give about 11 %.
        #expect((Double(seam.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 100) < 8, "seam \(seam)")
    }
}

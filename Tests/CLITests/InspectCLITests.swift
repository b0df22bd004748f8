import Foundation
import Testing
import ImageCodecs

/// `poolpipe inspect` end to end on the sample images, and the page rendered in headless Chromium.
@Suite struct InspectCLITests {
    static let chelsea = repositoryRoot.appendingPathComponent("images/chelsea.png").path
    static let lists = ["avg(1) | avg(2)", "max(3, stride=2, padding=1) | median(3)", "blur | adaptive_avg(20x30)"]

    /// One report on images/chelsea.png (300×451×3), made once and shared by the tests below.
    static let report: Result<(dir: URL, result: ProcessResult), Error> = Result {
        let dir = try makeTemporaryDirectory("inspect-cli").appendingPathComponent("report")
        var args = ["inspect", chelsea, "-o", dir.path]
        for l in lists { args += ["--stages", l] }
        return (dir, try PoolPipeBinary.run(args))
    }

    @Test func reportOnSampleImage() throws {
        let (dir, r) = try Self.report.get()
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("wrote \(dir.path)/index.html and \(dir.path)/sheet.png (1 image, 3 lists, 6 stage outputs)"))
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        for canonical in ["avg(1, stride=1, padding=0, ceil=false, count_pad=true) | avg(2, stride=2",
                          "median(3, stride=3", "adaptive_avg(20x30)"] {
            #expect(html.contains(canonical), "page lacks \(canonical)")
        }
        // avg(1) is the identity: PSNR ∞ and SSIM 1 against the source.
        #expect(html.contains("<tr><th>PSNR</th><td>∞</td></tr>"))
        #expect(html.contains("<tr><th>SSIM</th><td>1.0000</td></tr>"))
        // avg(2) on the source, as numpy pools it in tools/ssim_reference.py:
        // "chelsea avg(2)   ssim 0.816057  psnr 29.4124".
        #expect(html.contains("<tr><th>PSNR</th><td>29.41 dB</td></tr>\n<tr><th>SSIM</th><td>0.8161</td></tr>"))
        #expect(html.contains("150×225×3"))  // avg(2) (floor) on 300×451
        #expect(html.contains("150×226×3"))  // blur (ceil) on 300×451
        #expect(html.contains("20×30×3"))
        for row in 1...3 {
            for stage in 1...2 {
                for suffix in ["", "-heat"] {
                    let f = dir.appendingPathComponent("img/row\(row)-stage\(stage)\(suffix).png").path
                    #expect(FileManager.default.fileExists(atPath: f), "missing \(f)")
                }
            }
        }
        let own = try ImageDecoder.decode(path: dir.appendingPathComponent("img/row3-stage2.png").path)
        #expect(own.tensor.shape == [20, 30, 3])
        // The PNG source is shown as it is stored (no re-encoding).
        #expect(try Data(contentsOf: dir.appendingPathComponent("img/source.png"))
                == Data(contentsOf: URL(fileURLWithPath: Self.chelsea)))
        // Sheet: cells scaled to 170×256 (longest side 256), 3 columns, 10 px padding; labelled rows.
        let sheet = try ImageDecoder.decode(path: dir.appendingPathComponent("sheet.png").path)
        #expect(sheet.tensor.width == 10 + 3 * (256 + 10) && sheet.tensor.height > 3 * 170)
    }

    /// Renders index.html in headless Chromium: every <img> loads, the numbers are on the
    /// page, a click on a stage view moves the zoom of every picture there and the zoomed
    /// pictures are visible (the page's own `#selftest` clicks and measures), and a
    /// screenshot is taken. Chromium missing is a failure unless POOLPIPE_SKIP_BROWSER=1.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["POOLPIPE_SKIP_BROWSER"] != "1",
                   "POOLPIPE_SKIP_BROWSER=1"))
    func browserLoadsEveryImageAndZooms() throws {
        let (dir, r) = try Self.report.get()
        try #require(r.status == 0, "inspect failed: \(r.stderr)")
        guard let chromium = HeadlessChromium.find() else {
            Issue.record("""
                headless Chromium not found (looked for \(HeadlessChromium.names.joined(separator: ", ")) on PATH \
                and $POOLPIPE_CHROMIUM): install Debian's package "chromium" (tools/install-deps.sh --browser), \
                or set POOLPIPE_SKIP_BROWSER=1 to skip this test
                """)
            return
        }
        let index = dir.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8)
        let imageCount = html.components(separatedBy: "<img ").count - 1
        #expect(imageCount == 3 * 2 + 3 * 2 * 4)  // per row: source view and zoom; per stage: source, output, zoom, heat map
        let dom = try HeadlessChromium.dumpDOM(chromium, url: index, fragment: "selftest")
        let loaded = Self.attribute("data-loaded", in: dom)?.split(separator: "/").compactMap { Int($0) }
        #expect(loaded?.count == 2 && loaded?[1] == imageCount,
                "the page's script did not report the images (data-loaded=\(loaded ?? []))")
        #expect(loaded?[0] == imageCount,
                "only \(loaded?[0] ?? 0)/\(imageCount) images loaded; broken: \(Self.attribute("data-broken", in: dom) ?? "")")
        for text in ["PSNR", "SSIM", " dB</td>", "∞", "Legend", "R 0."] {
            #expect(dom.contains(text), "rendered page lacks \(text)")
        }
        // The self-test clicked at 25 % across, 75 % down the first stage view of the 300×451
        // source: the 64×64 region centres there, (225 − 32, 112.75 − 32) rounded, in all
        // 9 zoom boxes of the image (3 rows × (source + 2 stages)), each visible and placed.
        // (Mouse coordinates are whole CSS pixels: allow 2 source pixels either way.)
        let zoom = Self.attribute("data-zoom", in: dom) ?? "no result"
        let fields = zoom.split(whereSeparator: { $0 == " " || $0 == "," })
        #expect(fields.count == 4 && fields[0] == "ok" && fields[1] == "9", "zoom self-test: \(zoom)")
        if fields.count == 4, let y = Int(fields[2]), let x = Int(fields[3]) {
            #expect(abs(y - 193) <= 2 && abs(x - 81) <= 2, "zoom moved to \(y),\(x), not near 193,81")
            #expect(dom.contains("<b class=\"region\">\(y),\(x),64,64</b>"))
        }
        let shot = dir.appendingPathComponent("screenshot.png")
        try HeadlessChromium.screenshot(chromium, url: index.absoluteString + "#selftest", output: shot)
        let picture = try ImageDecoder.decode(path: shot.path).tensor
        #expect(picture.width == 1400 && picture.height == 1600)
        let mean = picture.data.reduce(0, +) / Float(picture.count)
        #expect(mean > 0.2 && mean < 0.98, "the screenshot looks blank (mean \(mean))")
    }

    /// The value of the first `name="…"` in `html`.
    static func attribute(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: name + "=\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    @Test func invalidStageListExitsTwoAndWritesNothing() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report")
        let r = try PoolPipeBinary.run(["inspect", Self.chelsea, "-o", out.path,
                                        "--stages", "avg(2)", "--stages", "avg(2) | max(3, padding=5)"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("poolpipe: error: stage list 2 (\"avg(2) | max(3, padding=5)\") is invalid: stage 2"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let none = try PoolPipeBinary.run(["inspect", Self.chelsea, "-o", out.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("at least one --stages"))
        let alpha = try PoolPipeBinary.run(["inspect", Self.chelsea, "-o", out.path, "--stages", "avg(2)",
                                            "--alpha", "sideways"])
        #expect(alpha.status == 2)
        #expect(alpha.stderr.contains("--alpha must be premultiplied or straight"))
    }

    @Test func unreadableImageExitsOne() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bogus = dir.appendingPathComponent("not-an-image.png")
        try Data("hello".utf8).write(to: bogus)
        let r = try PoolPipeBinary.run(["inspect", bogus.path, "-o", dir.appendingPathComponent("r").path,
                                        "--stages", "avg(2)"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("poolpipe: error: \(bogus.path): "))
        #expect(!r.signalled)
    }

    /// A list too deep for the image is reported (exit 1) while the page still shows the rest.
    @Test func listThatCannotRunExitsOneButWritesThePage() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let camera = repositoryRoot.appendingPathComponent("images/camera.png").path
        let r = try PoolPipeBinary.run(["inspect", camera, "-o", out.path,
                                        "--stages", "avg(8) | avg(100)", "--stages", "max(8)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: \(camera): list 1: stage 2"))
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Stopped:"))
        #expect(html.contains("64×64×1"))  // avg(8) on 512×512 gray, and max(8)
        // max(8) as numpy pools it in tools/ssim_reference.py: "camera max(8) ssim 0.576602 psnr 15.5376".
        #expect(html.contains("<tr><th>PSNR</th><td>15.54 dB</td></tr>\n<tr><th>SSIM</th><td>0.5766</td></tr>"))
        #expect(html.contains("Y 0."))
    }

    /// images/rocket-exif6.jpg stores the rocket rotated with orientation 6: the report shows
    /// it upright (the shape of images/rocket.jpg), or as stored with --no-autorotate.
    @Test func sourceIsShownUpright() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rotated = repositoryRoot.appendingPathComponent("images/rocket-exif6.jpg").path
        let upright = try ImageDecoder.decode(path: repositoryRoot.appendingPathComponent("images/rocket.jpg").path)
        for (flags, shape) in [([String](), "427×640×3"), (["--no-autorotate"], "640×427×3")] {
            let out = dir.appendingPathComponent("r\(flags.count)")
            let r = try PoolPipeBinary.run(["inspect", rotated, "-o", out.path, "--stages", "avg(8)"] + flags)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(html.contains("source \(shape) (H×W×C)"))
            if flags.isEmpty {
                let shown = try ImageDecoder.decode(path: out.appendingPathComponent("img/source.png").path).tensor
                #expect(shown.shape == upright.tensor.shape)
                let meanAbs = zip(shown.data, upright.tensor.data).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) }
                    / Double(shown.count)
                #expect(meanAbs < 0.03, "upright source differs from rocket.jpg by \(meanAbs) on average")
            }
        }
    }

    @Test func alphaImageWithColourOptions() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let horse = repositoryRoot.appendingPathComponent("images/horse.png").path
        let r = try PoolPipeBinary.run(["inspect", horse, "-o", out.path, "--stages", "avg(4)",
                                        "--linear", "--alpha", "straight"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("linear light"))
        #expect(html.contains("straight"))
        #expect(html.contains("82×100×4"))
        #expect(html.contains("R 0.") && html.contains(" A 1.000"))
    }

    /// The zone plate, max against avg pooling, with spectra: no input file needed.
    @Test func patternWithSpectrum() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let r = try PoolPipeBinary.run(["inspect", "--pattern", "zoneplate", "--pattern-size", "128", "-o", out.path,
                                        "--stages", "max(4)", "--stages", "avg(4)", "--stages", "blur | avg(2)",
                                        "--spectrum", "--region", "0,0,32,32"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("zoneplate 128×128 (built-in)") && html.contains("0,0,32,32"))
        for f in ["img/source.png", "img/source-spectrum.png", "img/row1-stage1-spectrum.png",
                  "img/row3-stage2-spectrum.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "missing \(f)")
        }
        let spectrum = try ImageDecoder.decode(path: out.appendingPathComponent("img/row2-stage1-spectrum.png").path)
        #expect(spectrum.tensor.shape == [32, 32, 1])
    }

    @Test func badPatternAndRegionAreUsageErrors() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r").path
        for (args, message) in [(["--pattern", "spiral"], "--pattern must be zoneplate, checker or stripes"),
                                (["--pattern", "checker", "--pattern-size", "0"], "--pattern-size must be"),
                                ([Self.chelsea, "--region", "1,2,3"], "--region must be Y,X,H,W"),
                                ([String](), "inspect needs an image or --pattern")] {
            let r = try PoolPipeBinary.run(["inspect"] + args + ["-o", out, "--stages", "avg(2)"])
            #expect(r.status == 2 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Two images and a missing one: one section each, the missing one named, exit 1.
    @Test func severalImages() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r")
        let camera = repositoryRoot.appendingPathComponent("images/camera.png").path
        let missing = dir.appendingPathComponent("missing.png").path
        let r = try PoolPipeBinary.run(["inspect", Self.chelsea, missing, camera, "-o", out.path, "--stages", "avg(4)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: \(missing): "))
        #expect(r.stdout.contains("(2 images, 1 list, 2 stage outputs)"))
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("id=\"image1\"") && html.contains("id=\"image2\"") && html.contains("Could not inspect"))
        for f in ["img/1-source.png", "img/3-source.png", "img/1-row1-stage1.png", "img/3-row1-stage1-heat.png"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "missing \(f)")
        }
    }

    /// A transparent image: metrics over premultiplied RGBA are finite and below 1 for
    /// avg(8) (compositing over white called it identical), with an alpha heat map; the
    /// numbers match numpy pooling the premultiplied planes (skimage SSIM).
    @Test func transparentImageMetricsCountAlpha() throws {
        let dir = try makeTemporaryDirectory("inspect-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("soft.png").path
        let reference = try RunFixtures.python("""
            import sys, numpy as np
            from PIL import Image
            from skimage.metrics import structural_similarity as ssim
            h, w = 64, 96
            y, x = np.mgrid[0:h, 0:w]
            a = np.clip(1.2 - np.hypot(y - 32, x - 48) / 30, 0, 1)
            rgb = np.stack([(x * 7 % 256), (y * 11 % 256), ((x + y) * 5 % 256)], axis=2)
            img = np.dstack([rgb, np.round(a * 255)]).astype(np.uint8)
            Image.fromarray(img, "RGBA").save(sys.argv[1])
            f = img.astype(np.float64) / 255
            p = np.dstack([f[..., :3] * f[..., 3:], f[..., 3:]])
            pooled = p.reshape(h // 8, 8, w // 8, 8, 4).mean(axis=(1, 3))
            up = pooled[np.arange(h) // 8][:, np.arange(w) // 8]
            mse = np.mean((up - p) ** 2)
            print("%.2f %.4f" % (10 * np.log10(1 / mse), ssim(up, p, gaussian_weights=True, sigma=1.5,
                  use_sample_covariance=False, data_range=1.0, channel_axis=2)))
            """, [png])
        let parts = reference.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let out = dir.appendingPathComponent("r")
        let r = try PoolPipeBinary.run(["inspect", png, "-o", out.path, "--stages", "avg(8)"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<tr><th>PSNR</th><td>\(parts[0]) dB</td></tr>\n<tr><th>SSIM</th><td>\(parts[1])</td></tr>"),
                "expected PSNR \(parts[0]) dB, SSIM \(parts[1])")
        #expect(!html.contains("<td>∞</td>") && !html.contains("<td>1.0000</td>"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("img/row1-stage1-alpha-heat.png").path))
    }
}

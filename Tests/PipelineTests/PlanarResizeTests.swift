import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs
@testable import Pooling
@testable import Pipeline

/// `PlanarResize` on a JPEG's planes against the RGB path: decoding to RGB (libjpeg's
/// upsampling and colour conversion) and resizing that.
@Suite struct PlanarResizeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ImageCodecsTests/Fixtures/jpeg")
    static let images = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("images")

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = name.hasPrefix("images/") ? images.appendingPathComponent(String(name.dropFirst(7))) : fixtures.appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    static func planes(_ bytes: [UInt8], scale: Int = 1) throws -> SamplePlanes {
        let decoder = try ImageRowDecoder(bytes: bytes)
        try decoder.setDCTScale(scale)
        let planes = try #require(try decoder.readPlanes())
        _ = try decoder.finish()
        return planes
    }

    static func psnr(_ a: Tensor, _ b: Tensor) -> Double {
        var se = 0.0
        for (x, y) in zip(a.data, b.data) { se += Double(x - y) * Double(x - y) }
        let mse = se / Double(a.data.count)
        return mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    /// At the decoded size the planes go through libjpeg's own chroma upsampling (as taps) and
    /// colour conversion, in Float: the decoder's rows within its integer rounding.
    @Test(arguments: ["video-001.q50.444.jpeg", "video-001.q50.420.jpeg", "video-001.q50.422.jpeg",
                      "video-001.q50.440.jpeg", "video-001.q50.411.jpeg", "video-001.q50.410.jpeg",
                      "video-001.progressive.jpeg", "video-005.gray.q50.jpeg",
                      "images/rocket.jpg"])
    func atTheDecodedSizeEqualsTheDecoder(name: String) throws {
        let bytes = try Self.bytes(name)
        let rgb = try ImageDecoder.decode(bytes: bytes).tensor
        let planes = try Self.planes(bytes)
        #expect(planes.model == (rgb.channels == 1 ? .gray : .ycbcr))
        #expect((planes.height, planes.width) == (rgb.height, rgb.width))
        let out = PlanarResize.resize(planes, height: rgb.height, width: rgb.width, rows: 0..<rgb.height,
                                      cols: 0..<rgb.width, filter: .lanczos)
        #expect(out.shape == rgb.shape)
        var worst: Float = 0, total = 0.0
        for (x, y) in zip(out.data, rgb.data) {
            worst = max(worst, abs(x - y))
            total += Double(abs(x - y))
        }
        // libjpeg rounds the upsampled chroma (twice for 4:2:0) and the RGB to integers.
        #expect(worst <= 2.01 / 255, "\(name): max difference \(worst * 255)/255")
        #expect(total / Double(out.data.count) <= 0.6 / 255, "\(name): mean difference \(total / Double(out.data.count) * 255)/255")
    }

    /// Resizing the planes is resizing the decoded RGB image, but for rounding and for where
    /// out-of-gamut colours are clipped: above 48 dB on a photo, 42 dB on saturated video
    /// frames saved at quality 50, every filter, down and up.
    @Test(arguments: ["images/rocket.jpg", "video-001.q50.420.jpeg", "video-001.q50.422.jpeg", "video-001.q50.440.jpeg",
                      "video-001.q50.411.jpeg", "video-001.q50.410.jpeg", "video-005.gray.q50.jpeg"],
          [(97, 131), (256, 171), (300, 500)])
    func resizingThePlanesIsResizingTheImage(name: String, size: (Int, Int)) throws {
        let bytes = try Self.bytes(name)
        let rgb = try ImageDecoder.decode(bytes: bytes).tensor
        let planes = try Self.planes(bytes)
        for filter in ResampleFilter.allCases {
            let exact = try Resize(target: .exact(height: size.0, width: size.1), filter: filter).apply(rgb, context: PoolingContext())
            let planar = PlanarResize.resize(planes, height: size.0, width: size.1, rows: 0..<size.0, cols: 0..<size.1, filter: filter)
            #expect(Self.psnr(planar, exact) >= (name.hasPrefix("images/") ? 48 : 42), "\(name) \(filter) \(size): \(Self.psnr(planar, exact)) dB")
        }
    }

    /// A window is the same samples, bit for bit, as the window cut from the whole result.
    @Test(arguments: [(0..<50, 0..<60), (13..<97, 40..<131), (96..<97, 0..<1)])
    func aWindowIsCutFromTheWhole(rows: Range<Int>, cols: Range<Int>) throws {
        let planes = try Self.planes(try Self.bytes("images/rocket.jpg"))
        let whole = PlanarResize.resize(planes, height: 97, width: 131, rows: 0..<97, cols: 0..<131, filter: .lanczos)
        let window = PlanarResize.resize(planes, height: 97, width: 131, rows: rows, cols: cols, filter: .lanczos, threads: 2)
        var cut: [Float] = []
        for y in rows {
            cut.append(contentsOf: whole.data[((y * 131 + cols.lowerBound) * 3)..<((y * 131 + cols.upperBound) * 3)])
        }
        #expect(window.shape == [rows.count, cols.count, 3])
        #expect(window.data == cut)
    }

    /// DCT-scaled planes (libjpeg scales the chroma IDCT up instead of upsampling): at the
    /// scaled size they equal the scaled decode within rounding (about 59 dB).
    @Test(arguments: [2, 4, 8])
    func dctScaledPlanes(denominator: Int) throws {
        let bytes = try Self.bytes("images/rocket.jpg")
        let rgb = try ImageDecoder.decode(bytes: bytes, options: DecodeOptions(dctScaleDenominator: denominator)).tensor
        let planes = try Self.planes(bytes, scale: denominator)
        #expect((planes.height, planes.width) == (rgb.height, rgb.width))
        let out = PlanarResize.resize(planes, height: rgb.height, width: rgb.width, rows: 0..<rgb.height,
                                      cols: 0..<rgb.width, filter: .lanczos)
        #expect(Self.psnr(out, rgb) >= 55, "1/\(denominator): \(Self.psnr(out, rgb)) dB")
    }

    /// Only gray and YCbCr JPEGs come as planes; nothing is read otherwise, and a truncated
    /// file fails as it does through rows.
    @Test func whatComesAsPlanes() throws {
        for name in ["video-001.cmyk.jpeg", "video-001.rgb.jpeg"] {
            let decoder = try ImageRowDecoder(bytes: try Self.bytes(name))
            #expect(try decoder.readPlanes() == nil, "\(name)")
            #expect(decoder.rowsRead == 0)
        }
        let png = try ImageRowDecoder(bytes: [UInt8](try Data(contentsOf: Self.images.appendingPathComponent("coffee.png"))))
        #expect(try png.readPlanes() == nil)
        let tolerant = try ImageRowDecoder(bytes: try Self.bytes("video-001.jpeg"), options: DecodeOptions(allowTruncated: true))
        #expect(try tolerant.readPlanes() == nil)
        let whole = try Self.bytes("images/rocket.jpg")
        let truncated = try ImageRowDecoder(bytes: Array(whole.prefix(whole.count * 3 / 5)))
        #expect(throws: JPEGDecodingError.truncated) { _ = try truncated.readPlanes() }
    }

    /// A dataset's leading `resize | crop` on the planes, against the RGB path
    /// (`--exact-resize`), with EXIF orientation turning the image after the resize.
    @Test(arguments: ["images/rocket.jpg", "images/rocket-exif6.jpg", "video-001.q50.420.jpeg"])
    func packResizeCropOnPlanes(name: String) throws {
        let bytes = try Self.bytes(name)
        let list = try StageList.parse("resize(short=64) | crop(48)")
        let shrink = try #require(ShrinkOnLoad(job: StageListJob(stages: list)))
        var rgbPath = shrink
        rgbPath.planar = false
        let planar = try shrink.run(bytes: bytes, options: DecodeOptions(), autorotate: true, context: PoolingContext())
        let exact = try rgbPath.run(bytes: bytes, options: DecodeOptions(), autorotate: true, context: PoolingContext())
        #expect(planar.tensor.shape == [48, 48, 3])
        #expect(planar.tensor.shape == exact.tensor.shape)
        #expect(Self.psnr(planar.tensor, exact.tensor) >= 42, "\(name): \(Self.psnr(planar.tensor, exact.tensor)) dB")
        #expect(planar.metadata.orientation == exact.metadata.orientation)
    }
}

/// Tiny JPEGs (chroma planes of one or two samples, where libjpeg replicates instead of
/// filtering) at the decoded size, and enlarged to 8 × 8 (Lanczos overshoot clipped after
/// the colour conversion, not before: 40 dB), against the decoder and the RGB path.
@Test(arguments: [(1, 1), (2, 3), (3, 2), (2, 2), (5, 4), (9, 17), (1, 40)], [false, true])
func tinyJPEGsAsPlanes(size: (Int, Int), chroma444: Bool) throws {
    let (h, w) = size
    var data: [Float] = []
    for y in 0..<h {
        for x in 0..<w {
            let u = Float(x) / Float(max(w - 1, 1)), v = Float(y) / Float(max(h - 1, 1))
            data += [0.25 + 0.5 * u, 0.3 + 0.4 * v, 0.55 - 0.25 * (u + v)]
        }
    }
    let bytes = try ImageEncoder.encode(Tensor(height: h, width: w, channels: 3, data: data),
                                        options: EncodeOptions(format: .jpeg, quality: 95, chroma444: chroma444))
    let rgb = try ImageDecoder.decode(bytes: bytes).tensor
    let planes = try PlanarResizeTests.planes(bytes)
    let same = PlanarResize.resize(planes, height: h, width: w, rows: 0..<h, cols: 0..<w, filter: .lanczos)
    let worst = zip(same.data, rgb.data).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= 2.01 / 255, "\(size) 444=\(chroma444): \(worst * 255)/255")
    let exact = try Resize(target: .exact(height: 8, width: 8), filter: .lanczos).apply(rgb, context: PoolingContext())
    let planar = PlanarResize.resize(planes, height: 8, width: 8, rows: 0..<8, cols: 0..<8, filter: .lanczos)
    #expect(PlanarResizeTests.psnr(planar, exact) >= 40, "\(size) 444=\(chroma444): \(PlanarResizeTests.psnr(planar, exact)) dB")
}

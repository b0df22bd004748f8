import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// JPEG decoding against Pillow (same libjpeg-turbo defaults) and Go's reference PNGs.
@Suite struct JPEGDecodeTests {
    static let all = Fixtures.names(in: "jpeg", suffix: ".jpeg")
    static let withPillowReference = all.filter { !$0.contains("cmyk") }

    @Test func fixturesArePresent() {
        #expect(Self.all.count == 25)
    }

    /// Pillow decodes with libjpeg-turbo's defaults (JDCT_ISLOW, fancy upsampling): we must
    /// produce the same 8-bit samples exactly, progressive files included.
    @Test(arguments: withPillowReference)
    func equalsPillow(_ name: String) throws {
        let image = try ImageDecoder.decode(bytes: Fixtures.bytes("jpeg/\(name)"))
        let ref = try ReferenceArray(contentsOf: Fixtures.url("jpeg-ref/\(name.dropLast(5)).npy"))
        #expect(image.tensor.shape == ref.shape)
        #expect(image.tensor.data == ref.normalised)
        // Both separate.dc.progression files are progressive (SOF2), whatever the name says.
        #expect(image.metadata.interlaced == (name.contains("progressive") || name.contains("separate.dc")))
        #expect(image.metadata.bitDepth == 8)
        #expect(image.metadata.dctScale == 1)
        #expect(image.metadata.warnings.isEmpty)
        #expect(image.metadata.colorModel == (name.hasPrefix("video-005") ? "gray" : name.contains(".rgb.") ? "rgb" : "ycbcr"))
    }

    /// Adobe CMYK: Pillow reports the ink amounts (C, M, Y, K with Adobe's inversion undone);
    /// R must be exactly (1−C)(1−K) and likewise G, B.
    @Test func cmykUsesTheInkFormula() throws {
        let image = try ImageDecoder.decode(bytes: Fixtures.bytes("jpeg/video-001.cmyk.jpeg"))
        let ink = try ReferenceArray(contentsOf: Fixtures.url("jpeg-ref/video-001.cmyk.npy"))
        #expect(ink.shape == [103, 150, 4])
        #expect(image.tensor.shape == [103, 150, 3])
        #expect(image.metadata.colorModel == "cmyk")
        var expected: [Float] = []
        for p in 0..<(103 * 150) {
            let k = 255 - ink.values[4 * p + 3]
            for c in 0..<3 { expected.append(Float((255 - ink.values[4 * p + c]) * k) / 65025) }
        }
        #expect(image.tensor.data == expected)
    }

    /// The same file without its Adobe APP14 segment (transform 0, so the samples are unchanged)
    /// is plain, non-inverted CMYK: the stored bytes are now ink amounts, R = (1−C)(1−K) of those.
    @Test func cmykWithoutAdobeMarkerIsNotInverted() throws {
        let adobe = try Fixtures.bytes("jpeg/video-001.cmyk.jpeg")
        let markers = ByteSurgery.jpegMarkers(adobe)
        let app14 = markers.firstIndex { $0.marker == 0xEE }!
        let plain = Array(adobe[..<markers[app14].offset]) + Array(adobe[markers[app14 + 1].offset...])
        let image = try ImageDecoder.decode(bytes: plain)
        let ink = try ReferenceArray(contentsOf: Fixtures.url("jpeg-ref/video-001.cmyk.npy"))
        // Stored bytes are 255 − ink (Adobe inversion); read as plain CMYK they are the ink amounts.
        var expected: [Float] = []
        for p in 0..<(103 * 150) {
            let k = ink.values[4 * p + 3]
            for c in 0..<3 { expected.append(Float(ink.values[4 * p + c] * k) / 65025) }
        }
        #expect(image.metadata.colorModel == "cmyk")
        #expect(image.tensor.data == expected)
    }

    /// Go's reference PNGs are the frames the JPEGs were made from (Go's decode_test pairs
    /// them the same way), so the difference is the JPEG loss plus decoder differences (Go
    /// upsamples chroma by replication, libjpeg smoothly). Bounds: measured mean and max of
    /// |ours − reference| in 1/255 units for each file (tools/make_codec_references.py
    /// fixtures, Pillow gives the same numbers), rounded up a little.
    @Test(arguments: all)
    func closeToGoReference(_ name: String) throws {
        let image = try ImageDecoder.decode(bytes: Fixtures.bytes("jpeg/\(name)"))
        let refName: String
        if name.hasPrefix("video-005") { refName = "video-005.gray.png" }
        else if name.contains(".cmyk.") { refName = "video-001.cmyk.png" }
        else if name.contains(".rgb.") { refName = "video-001.rgb.png" }
        else if name.contains(".221212.") { refName = "video-001.221212.png" }
        else if name.contains(".truncated.") { refName = "video-001.progressive.truncated.png" }
        else { refName = "video-001.png" }
        var ref = try ImageDecoder.decode(bytes: Fixtures.bytes("jpeg/\(refName)")).tensor
        if ref.channels == 4 {  // Go writes some references as opaque RGBA: drop the alpha
            #expect(stride(from: 3, to: ref.data.count, by: 4).allSatisfy { ref.data[$0] == 1 })
            ref = Tensor(height: ref.height, width: ref.width, channels: 3,
                         data: ref.data.enumerated().filter { $0.offset % 4 != 3 }.map(\.element))
        }
        #expect(image.tensor.shape == ref.shape)
        let d = differences(image.tensor.data, ref.data)
        let bound = Self.goTolerance(name)
        #expect(d.mean * 255 <= bound.mean, "\(name): mean \(d.mean * 255)/255")
        #expect(d.max * 255 <= bound.max + 0.001, "\(name): max \(d.max * 255)/255")
    }

    static func goTolerance(_ name: String) -> (mean: Double, max: Double) {
        switch name {
        case "video-001.jpeg", "video-001.progressive.jpeg": return (0.5, 4)       // measured 0.417, 4
        case "video-001.221212.jpeg": return (1.0, 30)                              // 0.969, 30
        case "video-001.cmyk.jpeg": return (0.3, 1)                                 // 0.236, 1
        case "video-001.progressive.truncated.jpeg": return (0.15, 4)               // 0.098, 4
        case "video-001.rgb.jpeg": return (4.3, 94)                                 // 4.194, 94 (subsampled RGB)
        case "video-005.gray.jpeg": return (0.85, 7)                                // 0.801, 7
        case _ where name.contains("separate.dc"): return (1.7, 73)                 // 1.620, 73
        case _ where name.hasPrefix("video-005"): return (4.6, 43)                  // q50 gray: 4.535, 43
        default: return (7.5, 146)                                                  // q50 colour: ≤ 7.377, ≤ 146
        }
    }
}

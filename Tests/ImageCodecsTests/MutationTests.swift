import Testing
import ImageTensor
@testable import ImageCodecs

/// Deterministically damaged copies of good files (flipped, replaced, inserted bytes and cuts):
/// every one decodes to samples in [0, 1] with the header's shape, or fails with one of our
/// errors and a clear sentence. None may crash or hang.
@Suite struct MutationTests {
    static let sources = ["pngsuite/basn2c08.png", "pngsuite/basi6a16.png", "pngsuite/basn3p04.png",
                          "jpeg/video-001.jpeg", "jpeg/video-001.progressive.jpeg", "jpeg/video-001.cmyk.jpeg"]

    @Test(arguments: sources)
    func damagedFilesFailCleanly(_ name: String) throws {
        let original = try Fixtures.bytes(name)
        var seed = UInt64(name.utf8.count) &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(max(n, 1)))
        }
        var decoded = 0, failed = 0
        for _ in 0..<100 {
            var b = original
            for _ in 0..<(1 + next(3)) {
                switch next(4) {
                case 0: b[next(b.count)] ^= UInt8(1 << next(8))
                case 1: b[next(b.count)] = UInt8(next(256))
                case 2: b = Array(b[..<max(1, next(b.count))])
                default: b.insert(UInt8(next(256)), at: next(b.count))
                }
            }
            for allow in [false, true] {
                do {
                    let image = try ImageDecoder.decode(bytes: b, options: DecodeOptions(maxPixels: 1 << 22, allowTruncated: allow))
                    #expect(image.tensor.data.allSatisfy { $0 >= 0 && $0 <= 1 })
                    #expect(image.tensor.width == image.metadata.storedWidth && image.tensor.height == image.metadata.storedHeight)
                    decoded += 1
                } catch {
                    let known = error is PNGDecodingError || error is JPEGDecodingError || error is FormatError
                        || error is ImageLimitError
                    #expect(known, "\(type(of: error)): \(error)")
                    #expect("\(error)".count > 10)
                    failed += 1
                }
            }
        }
        #expect(decoded + failed == 200)
        #expect(failed > 0)
    }
}

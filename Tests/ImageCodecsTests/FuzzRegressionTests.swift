import Foundation
import Testing
@testable import ImageCodecs

/// Replays every input the fuzzers (`make fuzz`, fuzz/README.md) ever flagged, kept in
/// `fuzz/regressions/<target>/`: each must decode or fail with one of the decoder's own
/// errors — never trap, and never take memory its size does not justify.
@Suite("Fuzz regressions replay")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions")

    /// The regression files of `target` (png, jpeg, npy), sorted.
    static func files(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// True for the errors `ImageDecoder.decode` documents.
    static func isDecoderError(_ error: Error) -> Bool {
        error is FormatError || error is ImageLimitError || error is PNGDecodingError ||
            error is JPEGDecodingError || error is NPYDecodingError
    }

    @Test(arguments: ["png", "jpeg", "npy"])
    func replaysDecodeOrFailCleanly(target: String) throws {
        for url in Self.files(target) {
            let bytes = try [UInt8](Data(contentsOf: url))
            for allowTruncated in [false, true] {
                let options = DecodeOptions(maxPixels: 1 << 24, allowTruncated: allowTruncated)
                do {
                    let image = try ImageDecoder.decode(bytes: bytes, options: options)
                    let t = image.tensor
                    #expect(t.data.count == t.height * t.width * t.channels, "\(url.lastPathComponent)")
                } catch {
                    #expect(Self.isDecoderError(error), "\(url.lastPathComponent): \(type(of: error)) \(error)")
                    #expect(!String(describing: error).isEmpty)
                }
            }
        }
    }

    /// Found by the PNG fuzzer: a 1277-byte file whose tEXt chunk claims 0x7E000024 bytes made
    /// libpng allocate 2 GiB before reading it. The decoder now cuts the data before an
    /// incomplete non-IDAT chunk, so this is plain truncation.
    @Test func chunkLongerThanTheFileIsTruncationNotAnAllocation() throws {
        let url = Self.root.appendingPathComponent("png/oom-222df61092cdfa0aa33947356afed2c8e4c7e83c")
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(bytes.count == 1277)
        #expect(throws: PNGDecodingError.truncated) {
            try ImageDecoder.decode(bytes: bytes)
        }
    }
}

import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// Damaged files made from good ones: each gives its own clear error, quickly, never a crash.
@Suite struct BadFileTests {
    static let png = try! Fixtures.bytes("pngsuite/basn6a16.png")
    static let jpeg = try! Fixtures.bytes("jpeg/video-001.jpeg")

    static var pngCuts: [Int] {
        let chunks = ByteSurgery.pngChunks(png)
        let idat = chunks.first { $0.type == "IDAT" }!
        return [12, 20, 33, idat.offset + 4, idat.offset + 200, png.count / 2, png.count - 13, png.count - 5, png.count - 1]
    }

    @Test(arguments: pngCuts)
    func truncatedPNG(_ cut: Int) throws {
        let bytes = Array(Self.png[..<cut])
        #expect(message { try ImageDecoder.decode(bytes: bytes) } == "PNG data ends early")
    }

    @Test func truncatedPNGWithAllowTruncatedKeepsTheRowsThatArrived() throws {
        // A noisy 256×256 RGB image, so the IDAT data is far larger than libpng's 8 KiB reads.
        var seed: UInt32 = 12345
        let noise = Tensor(height: 256, width: 256, channels: 3, data: (0..<(256 * 256 * 3)).map { _ in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Float(seed >> 24) / 255
        })
        let png = try ImageEncoder.encode(noise, options: EncodeOptions(format: .png))
        let full = try ImageDecoder.decode(bytes: png).tensor
        #expect(full == noise)
        let half = try ImageDecoder.decode(bytes: Array(png[..<(png.count / 2)]),
                                           options: DecodeOptions(allowTruncated: true))
        #expect(half.tensor.shape == full.shape)
        #expect(half.metadata.warnings.count == 1)
        #expect(half.metadata.warnings.first?.hasPrefix("PNG data ends early; rows ") == true)
        // Rows before the cut are exact, rows after it are zero.
        let rowSamples = full.width * full.channels
        let words = half.metadata.warnings.first?.split(separator: " ") ?? []
        let firstBlank = words.firstIndex(of: "rows").flatMap { Int(words[$0 + 1]) } ?? -1
        #expect(firstBlank > 0 && firstBlank < full.height)
        #expect(half.tensor.data[(firstBlank * rowSamples)...].allSatisfy { $0 == 0 })
        #expect(Array(half.tensor.data[..<(firstBlank * rowSamples)]) == Array(full.data[..<(firstBlank * rowSamples)]))
        // Adam7: the passes that arrived are kept, later ones are blank.
        let adam7 = try Fixtures.bytes("pngsuite/basi6a16.png")
        let cutAdam7 = Array(adam7[..<(adam7.count * 3 / 4)])
        #expect(message { try ImageDecoder.decode(bytes: cutAdam7) } == "PNG data ends early")
        let partial = try ImageDecoder.decode(bytes: cutAdam7, options: DecodeOptions(allowTruncated: true))
        #expect(partial.tensor.shape == [32, 32, 4])
        #expect(partial.metadata.warnings == ["PNG data ends early; interlace passes after the cut are blank"])
        #expect(partial.tensor[0, 0, 0] == (try ImageDecoder.decode(bytes: adam7)).tensor[0, 0, 0])  // pass 1 pixel
        // Only IEND missing: every pixel is there, plus a warning.
        let noEnd = try ImageDecoder.decode(bytes: Array(png.dropLast(5)), options: DecodeOptions(allowTruncated: true))
        #expect(noEnd.tensor == full)
        #expect(noEnd.metadata.warnings == ["PNG data ends early (after the last row)"])
    }

    @Test func badCRC() throws {
        var bytes = Self.png
        let idat = ByteSurgery.pngChunks(bytes).first { $0.type == "IDAT" }!
        bytes[idat.offset + 8 + 10] ^= 0x55
        #expect(message { try ImageDecoder.decode(bytes: bytes) } == "bad CRC in IDAT chunk")
        var ihdr = Self.png
        ihdr[8 + 8 + 3] ^= 1  // a byte of the width
        #expect(message { try ImageDecoder.decode(bytes: ihdr) } == "bad CRC in IHDR chunk")
    }

    @Test func wrongSignatureAndOtherFormats() {
        let gif = Array("GIF89a".utf8) + [1, 0, 1, 0]
        #expect(message { try ImageDecoder.decode(bytes: gif) } == "not a PNG, JPEG or NPY file (starts with 47 49 46 38)")
        #expect(message { try ImageDecoder.decode(bytes: []) } == "not a PNG, JPEG or NPY file (it is empty)")
        #expect(message { try ImageDecoder.decode(bytes: [0xFF, 0xD8]) } == "not a PNG, JPEG or NPY file (starts with FF D8)")
        #expect(ImageDecoder.detectFormat(Self.png) == .png)
        #expect(ImageDecoder.detectFormat(Self.jpeg) == .jpeg)
        #expect(ImageDecoder.detectFormat(gif) == nil)
    }

    @Test func fileProblems() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("codecs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.png")
        #expect(FileManager.default.createFile(atPath: empty.path, contents: Data()))
        #expect(message { try ImageDecoder.decode(path: empty.path) } == "empty file (0 bytes)")
        #expect(message { try ImageDecoder.decode(path: dir.appendingPathComponent("none.png").path) } == "no such file")
        #expect(message { try ImageDecoder.decode(path: dir.path) } == "is a directory, not an image file")
        // Chosen by content, not name: a JPEG called .png decodes as JPEG.
        let misnamed = dir.appendingPathComponent("photo.png")
        try Data(Self.jpeg).write(to: misnamed)
        #expect(try ImageDecoder.decode(path: misnamed.path).metadata.format == .jpeg)
    }

    @Test func hugePNGHeaderIsRejectedBeforeDecoding() throws {
        let bytes = ByteSurgery.hugePNGHeader(width: 100_000, height: 100_000)
        #expect(message { try ImageDecoder.decode(bytes: bytes) } == "100000×100000 (H×W) is over --max-pixels (178956970)")
        #expect(message { try ImageDecoder.decode(bytes: bytes, options: DecodeOptions(maxPixels: 1000)) }
                == "100000×100000 (H×W) is over --max-pixels (1000)")
        // The header alone can still be described.
        let header = try ImageDecoder.header(bytes: bytes)
        #expect(header.width == 100_000 && header.height == 100_000 && header.channels == 3)
        // Over libpng's own 2^24 limit too: still named as our limit.
        let giant = ByteSurgery.hugePNGHeader(width: 1 << 25, height: 10)
        #expect(message { try ImageDecoder.decode(bytes: giant) } == "10×33554432 (H×W) is over --max-pixels (178956970)")
        #expect(message { try ImageDecoder.decode(bytes: giant, options: DecodeOptions(maxPixels: 0)) }?
            .hasPrefix("10×33554432 (H×W) is larger than the decoder supports") == true)
    }

    @Test func hugeJPEGHeaderIsRejectedBeforeDecoding() throws {
        let big = ByteSurgery.jpegWithSize(Self.jpeg, width: 60000, height: 60000)
        #expect(message { try ImageDecoder.decode(bytes: big) } == "60000×60000 (H×W) is over --max-pixels (178956970)")
        let header = try ImageDecoder.header(bytes: big)
        #expect(header.width == 60000 && header.height == 60000)
        let overLib = ByteSurgery.jpegWithSize(Self.jpeg, width: 65535, height: 65535)
        #expect(message { try ImageDecoder.decode(bytes: overLib) } == "65535×65535 (H×W) is over --max-pixels (178956970)")
        #expect(message { try ImageDecoder.decode(bytes: overLib, options: DecodeOptions(maxPixels: 0)) }?
            .hasPrefix("65535×65535 (H×W) is larger than the decoder supports (Maximum supported image dimension is 65500 pixels") == true)
    }

    static var jpegCuts: [Int] { [3, 20, 200, 700, jpeg.count / 2, jpeg.count - 100, jpeg.count - 2] }

    @Test(arguments: jpegCuts)
    func truncatedJPEG(_ cut: Int) {
        let bytes = Array(Self.jpeg[..<cut])
        #expect(message { try ImageDecoder.decode(bytes: bytes) } == "JPEG data ends early (truncated file)")
    }

    @Test func truncatedJPEGWithAllowTruncated() throws {
        let full = try ImageDecoder.decode(bytes: Self.jpeg).tensor
        let cut = try ImageDecoder.decode(bytes: Array(Self.jpeg[..<(Self.jpeg.count / 2)]),
                                          options: DecodeOptions(allowTruncated: true))
        #expect(cut.tensor.shape == full.shape)
        #expect(cut.metadata.warnings == ["JPEG data ends early (truncated file); decoded what was there"])
        #expect(cut.tensor.data[0..<(full.width * 3 * 8)] == full.data[0..<(full.width * 3 * 8)])  // first MCU row intact
        // A progressive file cut mid-scan.
        let prog = try Fixtures.bytes("jpeg/video-001.progressive.jpeg")
        #expect(message { try ImageDecoder.decode(bytes: Array(prog[..<(prog.count * 2 / 3)])) }
                == "JPEG data ends early (truncated file)")
        let partial = try ImageDecoder.decode(bytes: Array(prog[..<(prog.count * 2 / 3)]),
                                              options: DecodeOptions(allowTruncated: true))
        #expect(partial.metadata.warnings.count == 1)
        #expect(psnr(partial.tensor.data, full.data) > 20)  // the early scans hold most of the image
    }

    /// The first (DC) scan of a progressive file repeated 1100 times: a decompression-bomb
    /// pattern that must stop at the scan cap, even when corrupt data is tolerated.
    @Test func tooManyProgressiveScans() throws {
        let prog = try Fixtures.bytes("jpeg/video-001.progressive.jpeg")
        let markers = ByteSurgery.jpegMarkers(prog)
        let sos = markers.firstIndex { $0.marker == 0xDA }!
        let scan = Array(prog[markers[sos].offset..<markers[sos + 1].offset])
        var bomb = Array(prog[..<markers[sos + 1].offset])
        for _ in 0..<1100 { bomb += scan }
        bomb += prog[markers[sos + 1].offset...]
        for allow in [false, true] {
            let text = message { try ImageDecoder.decode(bytes: bomb, options: DecodeOptions(allowTruncated: allow)) }
            if allow { #expect(text == "too many progressive scans (more than 1000)") }
            else { #expect(text?.hasPrefix("invalid JPEG data (libjpeg: ") == true, "\(text ?? "decoded")") }
        }
    }

    @Test func corruptJPEGData() {
        var bytes = Self.jpeg
        let sos = ByteSurgery.jpegMarkers(bytes).first { $0.marker == 0xDA }!.offset
        bytes[sos + 1] = 0xC7  // SOF7: lossless Huffman, unsupported
        let text = message { try ImageDecoder.decode(bytes: bytes) }
        #expect(text?.hasPrefix("invalid JPEG data (libjpeg: ") == true, "\(text ?? "decoded")")
        #expect(message { try ImageDecoder.decode(bytes: Self.jpeg, options: DecodeOptions(dctScaleDenominator: 3)) }
                == "JPEG DCT scale must be 1/1, 1/2, 1/4 or 1/8, not 1/3")
    }
}

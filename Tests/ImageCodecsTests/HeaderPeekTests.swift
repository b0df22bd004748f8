import Foundation
import ImageTensor
import Testing

@testable import ImageCodecs

/// `HeaderPeek`: format signatures and the PNG IHDR, from the first 26 bytes only.
@Suite struct HeaderPeekTests {
    /// PngSuite names spell colour type and bit depth: `basn` + type + letter + depth.
    @Test(arguments: ["basn0g01", "basn0g16", "basn2c08", "basn2c16", "basn3p01", "basn3p08",
                      "basn4a08", "basn4a16", "basn6a08", "basn6a16", "basi6a16"])
    func pngIHDRMatchesTheNameAndTheDecoder(name: String) throws {
        let path = Fixtures.url("pngsuite/\(name).png").path
        let peek = try #require(HeaderPeek(path: path))
        let png = try #require(peek.png)
        let chars = Array(name)
        #expect(peek.format == .png)
        #expect(png.colorType == Int(String(chars[4])))
        #expect(png.bitDepth == Int(String(chars[6...7])))
        let header = try ImageDecoder.header(path: path)
        #expect(png.width == header.width && png.height == header.height)
        #expect(png.samplesPerPixel == [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][png.colorType])
    }

    @Test func jpegAndNPYAreRecognisedWithoutAnIHDR() throws {
        let jpeg = HeaderPeek(bytes: try Fixtures.bytes("jpeg/video-001.jpeg"))
        #expect(jpeg.format == .jpeg && jpeg.png == nil)
        let npy = HeaderPeek(bytes: [0x93] + Array("NUMPY".utf8) + [1, 0])
        #expect(npy.format == .npy && npy.png == nil)
    }

    @Test func shortOrUnknownBytesGiveNoFormatOrNoIHDR() throws {
        #expect(HeaderPeek(bytes: [UInt8]()).format == nil)
        #expect(HeaderPeek(bytes: Array("GIF89a".utf8)).format == nil)
        let png = try Fixtures.bytes("pngsuite/basn2c08.png")
        let cut = HeaderPeek(bytes: png.prefix(20))
        #expect(cut.format == .png && cut.png == nil)
        #expect(ImageDecoder.detectFormat(png) == .png)
    }

    /// Only regular files are opened: a FIFO would block a plain `open`.
    @Test func aFIFOOrAFolderIsNotPeekedAt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peek-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.png").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(HeaderPeek(path: fifo) == nil)
        #expect(HeaderPeek(path: dir.path) == nil)
        #expect(HeaderPeek(path: dir.appendingPathComponent("missing.png").path) == nil)
    }
}

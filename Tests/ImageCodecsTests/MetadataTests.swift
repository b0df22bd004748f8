import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// EXIF orientation, ICC descriptions, DCT scaling and row-band decoding.
@Suite struct MetadataTests {
    static let jpeg = try! Fixtures.bytes("jpeg/video-001.jpeg")

    @Test(arguments: [false, true], [1, 3, 6, 8])
    func jpegExifOrientation(bigEndian: Bool, orientation: Int) throws {
        let bytes = ByteSurgery.jpegWithExif(Self.jpeg, tiff: ByteSurgery.exifTIFF(orientation: UInt16(orientation), bigEndian: bigEndian))
        #expect(try ImageDecoder.header(bytes: bytes).orientation == orientation)
        let image = try ImageDecoder.decode(bytes: bytes)
        #expect(image.metadata.orientation == orientation)
        // Orientation is reported, never applied.
        #expect(image.tensor == (try ImageDecoder.decode(bytes: Self.jpeg)).tensor)
    }

    @Test func invalidOrientationsAreOne() throws {
        #expect(try ImageDecoder.decode(bytes: Self.jpeg).metadata.orientation == 1)
        for bad in [UInt16(0), 9, 300] {
            let bytes = ByteSurgery.jpegWithExif(Self.jpeg, tiff: ByteSurgery.exifTIFF(orientation: bad, bigEndian: false))
            #expect(try ImageDecoder.decode(bytes: bytes).metadata.orientation == 1)
        }
        let garbage = ByteSurgery.jpegWithExif(Self.jpeg, tiff: [0x49, 0x49, 42, 0, 0xFF, 0xFF, 0, 0])
        #expect(try ImageDecoder.decode(bytes: garbage).metadata.orientation == 1)
    }

    @Test func pngExifBeforeAndAfterImageData() throws {
        let png = try Fixtures.bytes("pngsuite/basn2c08.png")
        let chunk = ByteSurgery.pngChunk("eXIf", ByteSurgery.exifTIFF(orientation: 6, bigEndian: true))
        let before = ByteSurgery.insertPNGChunk(chunk, into: png, before: "IDAT")
        #expect(try ImageDecoder.header(bytes: before).orientation == 6)
        #expect(try ImageDecoder.decode(bytes: before).metadata.orientation == 6)
        let after = ByteSurgery.insertPNGChunk(chunk, into: png, before: "IEND")
        #expect(try ImageDecoder.decode(bytes: after).metadata.orientation == 6)
    }

    @Test func iccDescriptionV2AndMissing() throws {
        // A hand-built v2 profile: header + one 'desc' tag of type 'desc' (textDescriptionType).
        var icc = [UInt8](repeating: 0, count: 128)
        icc[36...39] = [0x61, 0x63, 0x73, 0x70]  // "acsp"
        let text = Array("Hand Made RGB".utf8) + [0]
        let tagData = Array("desc".utf8) + [0, 0, 0, 0] + ByteSurgery.be32(UInt32(text.count)) + text
        icc += ByteSurgery.be32(1) + Array("desc".utf8) + ByteSurgery.be32(144) + ByteSurgery.be32(UInt32(tagData.count))
        icc += tagData
        #expect(ICCProfileDescription.parse(icc) == "Hand Made RGB")
        #expect(ICCProfileDescription.parse(Array(icc.prefix(140))) == nil)
        #expect(ICCProfileDescription.parse([1, 2, 3]) == nil)
        #expect(try ImageDecoder.header(bytes: Self.jpeg).iccProfile == nil)
        #expect(try ImageDecoder.header(bytes: Self.jpeg).iccDescription == nil)
    }

    /// DCT scaling: output is ceil(size / d), close to a box-filtered full decode.
    @Test(arguments: [2, 4, 8])
    func dctScaling(_ d: Int) throws {
        let full = try ImageDecoder.decode(bytes: Self.jpeg).tensor
        let small = try ImageDecoder.decode(bytes: Self.jpeg, options: DecodeOptions(dctScaleDenominator: d))
        let h = (103 + d - 1) / d, w = (150 + d - 1) / d
        #expect(small.tensor.shape == [h, w, 3])
        #expect(small.metadata.dctScale == d)
        #expect(small.metadata.storedWidth == 150 && small.metadata.storedHeight == 103)
        // Compare whole d×d blocks with their mean in the full decode.
        var a: [Float] = [], b: [Float] = []
        for y in 0..<(103 / d) { for x in 0..<(150 / d) { for c in 0..<3 {
            var s: Float = 0
            for dy in 0..<d { for dx in 0..<d { s += full[y * d + dy, x * d + dx, c] } }
            a.append(s / Float(d * d)); b.append(small.tensor[y, x, c])
        } } }
        #expect(psnr(a, b) > 28)
    }

    /// Row bands delivered in several calls equal the one-shot decode, for every backend.
    @Test(arguments: ["jpeg/video-001.progressive.jpeg", "pngsuite/basi6a16.png", "pngsuite/basn3p04.png", "jpeg/video-001.cmyk.jpeg"])
    func rowBandsEqualWholeDecode(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let whole = try ImageDecoder.decode(bytes: bytes)
        let decoder = try ImageRowDecoder(bytes: bytes)
        let rowSamples = decoder.outputWidth * decoder.channels
        var data: [Float] = []
        var band = [Float](repeating: -1, count: 7 * rowSamples)
        while decoder.rowsRead < decoder.outputHeight {
            let n = min(7, decoder.outputHeight - decoder.rowsRead)
            try band.withUnsafeMutableBufferPointer { try decoder.readRows(n, into: $0) }
            data += band[0..<(n * rowSamples)]
        }
        #expect(data == whole.tensor.data)
        #expect(try decoder.finish() == whole.metadata)
    }

    @Test func headersDescribeFiles() throws {
        let cmyk = try ImageDecoder.header(bytes: Fixtures.bytes("jpeg/video-001.cmyk.jpeg"))
        #expect(cmyk == ImageHeader(format: .jpeg, width: 150, height: 103, channels: 3, bitDepth: 8,
                                    interlaced: false, colorModel: "cmyk"))
        let gray = try ImageDecoder.header(bytes: Fixtures.bytes("jpeg/video-005.gray.q50.progressive.jpeg"))
        #expect(gray.channels == 1 && gray.interlaced && gray.colorModel == "gray")
        let palette = try ImageDecoder.header(bytes: Fixtures.bytes("pngsuite/basn3p08-trns.png"))
        #expect(palette.channels == 4 && palette.colorModel == "palette" && palette.bitDepth == 8)
        #expect(CodecLibraries.libpngVersion.hasPrefix("1.6."))
        #expect(CodecLibraries.libjpegVersion.contains("libjpeg"))
    }
}

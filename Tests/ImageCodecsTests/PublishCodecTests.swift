import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// EXIF editing and the sRGB conversion, at the codec level.
@Suite struct PublishCodecTests {
    /// A little TIFF structure: IFD0 with Make (ASCII, out of line), Orientation and one more SHORT.
    static func tiff(littleEndian: Bool, orientation: UInt16) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] { littleEndian ? (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } : (0..<4).reversed().map { UInt8(v >> (8 * $0) & 0xFF) } }
        var b: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        b += u16(42) + u32(8) + u16(3)
        b += u16(0x010F) + u16(2) + u32(8) + u32(8 + 2 + 36 + 4)          // Make -> offset 50
        b += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)
        b += u16(0x0128) + u16(3) + u32(1) + u16(2) + u16(0)              // ResolutionUnit
        b += u32(0) + Array("Camera\0\0".utf8)
        return b
    }

    @Test(arguments: [true, false])
    func orientationIsResetInPlace(littleEndian: Bool) throws {
        let original = Self.tiff(littleEndian: littleEndian, orientation: 6)
        #expect(ExifOrientation.parse(original) == 6)
        let reset = try #require(ExifEditor.resettingOrientation(original))
        #expect(ExifOrientation.parse(reset) == 1)
        #expect(reset.count == original.count)
        #expect(zip(reset, original).filter { $0 != $1 }.count == 1, "only the orientation value changes")
    }

    @Test func nonTIFFDataIsLeftOut() {
        #expect(ExifEditor.resettingOrientation(Array("Exif\0\0II".utf8)) == nil)
        #expect(ExifEditor.resettingOrientation([]) == nil)
    }

    static let adobeProfile: [UInt8] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("images/coffee-adobergb.jpg")
        return (try? ImageDecoder.header(path: url.path).iccProfile ?? []) ?? []
    }()

    /// A 16-bit gray ramp (R = G = B) tagged Adobe RGB converts with more than 8 bits of
    /// precision: strictly increasing over 4096 steps, so far more than 256 levels.
    @Test func sixteenBitPrecisionSurvivesTheConversion() throws {
        let profile = Self.adobeProfile
        try #require(profile.count > 132)
        let width = 4096
        var data = [Float](repeating: 0, count: width * 3)
        for x in 0..<width { for c in 0..<3 { data[3 * x + c] = Float(x * 16) / 65535 } }
        let png = try ImageEncoder.encode(Tensor(height: 1, width: width, channels: 3, data: data),
                                          options: EncodeOptions(format: .png, bitDepth: 16, iccProfile: profile))
        var options = DecodeOptions()
        options.toSRGB = true
        let image = try ImageDecoder.decode(bytes: png, options: options)
        #expect(image.metadata.convertedToSRGB)
        #expect(image.metadata.iccDescription == "Adobe RGB (1998)-compatible (LittleCMS, PoolPipe)")
        #expect(image.metadata.iccProfile.flatMap(ICCProfileDescription.parse) == "sRGB built-in")
        let green = stride(from: 1, to: width * 3, by: 3).map { image.tensor.data[$0] }
        #expect(zip(green.dropFirst(), green).allSatisfy { $0 > $1 })
        #expect(abs(green[width - 1] - 1) < 1e-3 && green[0] < 1e-4)
    }

    @Test func aProfileForAnotherColourSpaceIsAWarningNotAFailure() throws {
        let gray = try ImageEncoder.encode(Tensor(height: 2, width: 2, channels: 1, repeating: 0.5),
                                           options: EncodeOptions(format: .jpeg, iccProfile: Self.adobeProfile))
        var options = DecodeOptions()
        options.toSRGB = true
        let image = try ImageDecoder.decode(bytes: gray, options: options)
        #expect(!image.metadata.convertedToSRGB)
        #expect(image.metadata.warnings.first?.contains("ICC profile not applied") == true)
    }

    @Test func libraryVersionsAreReported() {
        #expect(CodecLibraries.libwebpVersion.split(separator: ".").count == 3)
        #expect(CodecLibraries.lcmsVersion.hasPrefix("2."))
    }

    @Test func webpBytesAreNamedAsUnsupported() throws {
        let webp = try ImageEncoder.encode(Tensor(height: 2, width: 2, channels: 3, repeating: 0.5),
                                           options: EncodeOptions(format: .webp))
        #expect(Array(webp[8..<12]) == Array("WEBP".utf8))
        #expect(throws: FormatError.webpNotSupported) { try ImageDecoder.decode(bytes: webp) }
    }
}

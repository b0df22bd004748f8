import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// Encode → decode round trips and the encoder's rounding, clamping and errors.
@Suite struct RoundTripTests {
    /// A deterministic tensor whose samples are exactly `k / levels`.
    static func grid(height: Int, width: Int, channels: Int, levels: Int) -> Tensor {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(channels + 7 * height)
        let data = (0..<(height * width * channels)).map { _ -> Float in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(seed >> 33) % (levels + 1)) / Float(levels)
        }
        return Tensor(height: height, width: width, channels: channels, data: data)
    }

    @Test(arguments: [1, 2, 3, 4], [8, 16])
    func pngIsExact(channels: Int, bitDepth: Int) throws {
        let t = Self.grid(height: 37, width: 53, channels: channels, levels: bitDepth == 8 ? 255 : 65535)
        let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: bitDepth))
        let back = try ImageDecoder.decode(bytes: bytes)
        #expect(back.tensor == t)
        #expect(back.metadata.bitDepth == bitDepth)
        #expect(back.metadata.colorModel == ["gray", "gray+alpha", "rgb", "rgba"][channels - 1])
    }

    @Test func encoderRoundsAndClamps() throws {
        let values: [Float] = [-0.5, 0, 0.5 / 255, 1.49 / 255, 1.51 / 255, 0.5, 1, 1.7, .nan, .infinity]
        let t = Tensor(height: 1, width: values.count, channels: 1, data: values)
        let png8 = try ImageDecoder.decode(bytes: ImageEncoder.encode(t, options: EncodeOptions(format: .png))).tensor
        // Hand-worked: round(clamp(v) * 255), NaN → 0.
        #expect(png8.data.map { Int(($0 * 255).rounded()) } == [0, 0, 1, 1, 2, 128, 255, 255, 0, 255])
        let png16 = try ImageDecoder.decode(bytes: ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: 16))).tensor
        #expect(png16.data.map { Int(($0 * 65535).rounded()) } == [0, 0, 129, 383, 388, 32768, 65535, 65535, 0, 65535])
    }

    /// A real photo (Go's video-001 frame, 150×103) at quality 95 keeps PSNR ≥ 40 dB with 4:4:4
    /// chroma. With the default 4:2:0 this small, saturated frame loses more to chroma
    /// subsampling (measured 36.3 dB, the same as Pillow's encoder), so there the check is
    /// equality with Pillow's own q95 4:2:0 encode-decode.
    @Test func jpegQuality95() throws {
        let photo = try ImageDecoder.decode(bytes: Fixtures.bytes("jpeg/video-001.png")).tensor
        let rgb = photo.channels == 4
            ? Tensor(height: photo.height, width: photo.width, channels: 3,
                     data: photo.data.enumerated().filter { $0.offset % 4 != 3 }.map(\.element))
            : photo
        let q420 = try ImageDecoder.decode(bytes: ImageEncoder.encode(rgb, options: EncodeOptions(format: .jpeg, quality: 95)))
        let q444 = try ImageDecoder.decode(bytes: ImageEncoder.encode(rgb, options: EncodeOptions(format: .jpeg, quality: 95, chroma444: true)))
        #expect(q420.tensor.shape == rgb.shape)
        #expect(psnr(q444.tensor.data, rgb.data) >= 40)
        #expect(psnr(q420.tensor.data, rgb.data) >= 36)
        let pillow = try ReferenceArray(contentsOf: Fixtures.url("jpeg-ref/video-001.pillow-q95-420.npy"))
        #expect(q420.tensor.data == pillow.normalised)
        #expect(q420.metadata.interlaced == false)
    }

    @Test func jpegDropsAlphaAndWritesGray() throws {
        let ga = Self.grid(height: 16, width: 16, channels: 2, levels: 255)
        let gray = try ImageDecoder.decode(bytes: ImageEncoder.encode(ga, options: EncodeOptions(format: .jpeg, quality: 100)))
        #expect(gray.tensor.channels == 1)
        #expect(gray.metadata.colorModel == "gray")
        let rgba = Self.grid(height: 16, width: 16, channels: 4, levels: 255)
        let rgb = try ImageDecoder.decode(bytes: ImageEncoder.encode(rgba, options: EncodeOptions(format: .jpeg)))
        #expect(rgb.tensor.channels == 3)
    }

    @Test func npyIsExactAndNumpyShaped() throws {
        let t = Tensor(height: 3, width: 5, channels: 2, data: (0..<30).map { Float($0) * 0.37 - 4.2 })
        let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .npy))
        #expect(bytes.count % 64 == 30 * 4 % 64)  // header padded to 64 bytes
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let dataOffset = 10 + Int(bytes[8]) + Int(bytes[9]) << 8
        #expect(dataOffset % 64 == 0 && bytes.count == dataOffset + 30 * 4)
        let header = String(decoding: bytes[10..<dataOffset], as: UTF8.self)
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5, 2), }"
        #expect(header == dict + String(repeating: " ", count: dataOffset - 10 - dict.count - 1) + "\n")
        // Little-endian float32 bit patterns, as numpy.load reads them.
        let first = UInt32(bytes[dataOffset]) | UInt32(bytes[dataOffset + 1]) << 8
            | UInt32(bytes[dataOffset + 2]) << 16 | UInt32(bytes[dataOffset + 3]) << 24
        #expect(Float(bitPattern: first) == t.data[0])
        let back = try ImageDecoder.decode(bytes: bytes)
        #expect(back.tensor == t)
        #expect(back.metadata.format == .npy && back.metadata.bitDepth == 32)
    }

    @Test func iccCarriedThroughPNGAndJPEG() throws {
        let icc = try Fixtures.bytes("srgb.icc")
        let t = Self.grid(height: 8, width: 8, channels: 3, levels: 255)
        for format in [OutputFormat.png, .jpeg] {
            let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: format, iccProfile: icc))
            let back = try ImageDecoder.decode(bytes: bytes)
            #expect(back.metadata.iccProfile == icc, "\(format)")
            let header = try ImageDecoder.header(bytes: bytes)
            #expect(header.iccProfile == icc)
            #expect(header.iccDescription == "sRGB built-in")
        }
        // libpng refuses an RGB profile on a gray PNG: the image is still written, without it.
        let gray = Self.grid(height: 8, width: 8, channels: 1, levels: 255)
        let grayPNG = try ImageDecoder.decode(bytes: ImageEncoder.encode(gray, options: EncodeOptions(format: .png, iccProfile: icc)))
        #expect(grayPNG.tensor == gray && grayPNG.metadata.iccProfile == nil)
        // Larger than one APP2 segment (65519 bytes): split and reassembled in order.
        let big = icc + (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let jpeg = try ImageEncoder.encode(t, options: EncodeOptions(format: .jpeg, iccProfile: big))
        #expect(try ImageDecoder.decode(bytes: jpeg).metadata.iccProfile == big)
    }

    @Test func encoderErrors() {
        let five = Tensor(height: 2, width: 2, channels: 5)
        #expect(message { try ImageEncoder.encode(five, options: EncodeOptions(format: .png)) }
                == "cannot write a 5-channel tensor as PNG (1 to 4 channels)")
        let t = Tensor(height: 2, width: 2, channels: 3)
        #expect(message { try ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: 12)) }
                == "PNG bit depth must be 8 or 16, not 12")
        #expect(message { try ImageEncoder.encode(t, options: EncodeOptions(format: .jpeg, quality: 0)) }
                == "quality must be 1...100, not 0")
        let empty = Tensor(height: 0, width: 4, channels: 3)
        #expect(message { try ImageEncoder.encode(empty, options: EncodeOptions(format: .jpeg)) }
                == "cannot write a 0×4 (H×W) image as JPEG")
        #expect(OutputFormat.allCases.map(\.fileExtension) == ["png", "jpg", "npy", "webp"])
    }
}

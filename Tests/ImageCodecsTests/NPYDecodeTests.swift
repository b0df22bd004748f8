import Testing
import ImageTensor
@testable import ImageCodecs

/// `.npy` inputs: dtypes, byte orders, shapes, and each malformed case's message.
@Suite struct NPYDecodeTests {
    /// Builds `.npy` bytes from a header dict text and raw data (version 1.0 unless told).
    static func npy(_ dict: String, _ data: [UInt8], version: UInt8 = 1) -> [UInt8] {
        var header = dict
        let pre = version == 1 ? 10 : 12
        header += String(repeating: " ", count: (64 - (pre + header.utf8.count + 1) % 64) % 64) + "\n"
        let n = header.utf8.count
        let len: [UInt8] = version == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)]
            : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + [version, 0] + len + Array(header.utf8) + data
    }

    @Test func uint8Gray() throws {
        let bytes = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", [0, 1, 128, 254, 255, 17])
        let image = try ImageDecoder.decode(bytes: bytes)
        #expect(image.tensor.shape == [2, 3, 1])
        #expect(image.tensor.data == [0, 1, 128, 254, 255, 17].map { Float($0) / 255 })
        #expect(image.metadata.bitDepth == 8 && image.metadata.colorModel == "gray")
    }

    @Test func uint16BothByteOrders() throws {
        let values: [UInt16] = [0, 1, 65535, 32768, 4660, 300]
        let le = values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let expected = values.map { Float($0) / 65535 }
        for (descr, data) in [("<u2", le), (">u2", be)] {
            let bytes = Self.npy("{'descr': '\(descr)', 'fortran_order': False, 'shape': (1, 3, 2), }", data)
            let image = try ImageDecoder.decode(bytes: bytes)
            #expect(image.tensor.shape == [1, 3, 2])
            #expect(image.tensor.data == expected, "\(descr)")
            #expect(image.metadata.bitDepth == 16 && image.metadata.colorModel == "gray+alpha")
        }
    }

    @Test func float32AsIsVersion2AndBigEndian() throws {
        let values: [Float] = [-1.5, 0, 0.25, 3.75, .greatestFiniteMagnitude, 1e-30]
        let le = values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        let be = values.flatMap { v in withUnsafeBytes(of: v.bitPattern.bigEndian) { Array($0) } }
        let a = try ImageDecoder.decode(bytes: Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 3), }", le, version: 2))
        let b = try ImageDecoder.decode(bytes: Self.npy("{\"descr\": \">f4\", \"fortran_order\": False, \"shape\": (2, 1, 3)}", be))
        #expect(a.tensor.data == values && b.tensor.data == values)
        #expect(a.tensor.shape == [2, 1, 3] && a.metadata.bitDepth == 32 && a.metadata.colorModel == "rgb")
    }

    @Test func float16AndFloat64AsIsInBothByteOrders() throws {
        let halves: [Float16] = [-2, 0.5, 65504, 0.000_000_06, 0.1, 1]
        let doubles: [Double] = [0.1, -3.25, 1e-40, 1 / 3, 0.999_999_999, 255]
        for big in [false, true] {
            let h = halves.flatMap { v in withUnsafeBytes(of: big ? v.bitPattern.bigEndian : v.bitPattern.littleEndian) { Array($0) } }
            let d = doubles.flatMap { v in withUnsafeBytes(of: big ? v.bitPattern.bigEndian : v.bitPattern.littleEndian) { Array($0) } }
            let o = big ? ">" : "<"
            let a = try ImageDecoder.decode(bytes: Self.npy("{'descr': '\(o)f2', 'fortran_order': False, 'shape': (3, 2), }", h))
            let b = try ImageDecoder.decode(bytes: Self.npy("{'descr': '\(o)f8', 'fortran_order': False, 'shape': (2, 1, 3), }", d))
            #expect(a.tensor.data == halves.map { Float($0) } && a.tensor.shape == [3, 2, 1])
            #expect(b.tensor.data == doubles.map { Float($0) } && b.tensor.shape == [2, 1, 3])
            #expect(a.metadata.bitDepth == 16 && b.metadata.bitDepth == 64)
        }
    }

    @Test func malformedFilesSayWhy() {
        let ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }"
        let eight = [UInt8](repeating: 0, count: 8)
        let cases: [([UInt8], String)] = [
            (Self.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", eight),
             ".npy array is in Fortran (column-major) order; save it C-contiguous"),
            (Self.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1, 1), }", eight),
             ".npy dtype '<c8' is not supported (float16, float32, float64, uint8 or uint16)"),
            (Self.npy("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }", eight),
             ".npy dtype '<i2' is not supported (float16, float32, float64, uint8 or uint16)"),
            (Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 3), }", eight),
             ".npy data is 8 bytes but its shape and dtype need 12"),
            (Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 5), }", [1, 2, 3, 4, 5]),
             ".npy shape (1, 1, 5) is not (H, W) or (H, W, C) with C 1...4"),
            (Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (8,), }", eight),
             ".npy shape (8) is not (H, W) or (H, W, C) with C 1...4"),
            (Self.npy(ok, [0, 0, 0]), ".npy data is 3 bytes but its shape and dtype need 8"),
            (Self.npy(ok, eight + [0]), ".npy data is 9 bytes but its shape and dtype need 8"),
            (Self.npy("{'descr': '<f4', 'shape': (1, 2), }", eight),
             "malformed .npy header: needs 'descr', 'fortran_order' and 'shape'"),
            (Self.npy("['descr', '<f4']", eight), "malformed .npy header: header is not a {...} dict"),
            (Self.npy(ok, eight, version: 4), "unsupported .npy format version 4.0"),
            (Array(Self.npy(ok, eight).prefix(30)), "malformed .npy header: header says 118 bytes but the file ends first"),
        ]
        for (bytes, expected) in cases {
            #expect(message { try ImageDecoder.decode(bytes: bytes) } == expected)
        }
    }

    @Test func pixelLimitAppliesToo() {
        let bytes = Self.npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 5), }", [UInt8](repeating: 9, count: 20))
        #expect(message { try ImageDecoder.decode(bytes: bytes, options: DecodeOptions(maxPixels: 19)) }
                == "4×5 (H×W) is over --max-pixels (19)")
    }
}

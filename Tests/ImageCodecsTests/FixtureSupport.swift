import Foundation
import ImageTensor
@testable import ImageCodecs

/// Locates the vendored fixtures and reads the reference arrays, independently of the
/// decoders under test.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relative)))
    }

    /// File names (without folder) in a fixture folder with the given suffix, sorted.
    static func names(in folder: String, suffix: String) -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return items.filter { $0.hasSuffix(suffix) }.sorted()
    }
}

/// A reference array written by tools/make_codec_references.py: unsigned integers, (H, W, C).
struct ReferenceArray {
    var shape: [Int]
    var maxValue: Int       // 255 for uint8, 65535 for uint16
    var values: [Int]

    /// Reads a little-endian uint8/uint16 `.npy` version 1.0 file with a C-order (H, W, C) shape.
    init(contentsOf url: URL) throws {
        let data = [UInt8](try Data(contentsOf: url))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        let item: Int
        if header.contains("'|u1'") || header.contains("'<u1'") { item = 1; maxValue = 255 }
        else if header.contains("'<u2'") { item = 2; maxValue = 65535 }
        else { throw CocoaError(.fileReadCorruptFile) }
        let open = header.range(of: "'shape': (")!.upperBound
        let close = header[open...].firstIndex(of: ")")!
        shape = header[open..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = data[(10 + headerLength)...]
        values = item == 1 ? body.map { Int($0) }
            : stride(from: body.startIndex, to: body.endIndex, by: 2).map { Int(body[$0]) | Int(body[$0 + 1]) << 8 }
    }

    /// The samples as the decoder must produce them: `Float(v) / max`.
    var normalised: [Float] { values.map { Float($0) / Float(maxValue) } }
}

/// Error-message helpers.
func message(of body: () throws -> Any) -> String? {
    do { _ = try body(); return nil } catch { return "\(error)" }
}

/// Mean and max absolute difference between two equal-length sample arrays.
func differences(_ a: [Float], _ b: [Float]) -> (mean: Double, max: Double) {
    precondition(a.count == b.count)
    var sum = 0.0, mx = 0.0
    for i in 0..<a.count {
        let d = Double(abs(a[i] - b[i]))
        sum += d
        mx = max(mx, d)
    }
    return (sum / Double(max(a.count, 1)), mx)
}

/// PSNR in dB of `a` against `b` for samples in [0, 1].
func psnr(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count)
    var se = 0.0
    for i in 0..<a.count { let d = Double(a[i] - b[i]); se += d * d }
    let mse = se / Double(a.count)
    return mse == 0 ? .infinity : 10 * log10(1 / mse)
}

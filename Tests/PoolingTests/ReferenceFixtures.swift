import Foundation
@testable import Pooling
import ImageTensor

/// One case of `Fixtures/pooling_cases.json`, written by `tools/make_pooling_references.py`
/// (a numpy reference computed from the formulas, independent of the Swift kernels).
struct ReferenceCase: CustomStringConvertible, Sendable {
    let op: String
    let positional: [ArgValue]
    let named: [(String, ArgValue)]
    let input: Tensor
    let expected: Tensor

    var description: String {
        let args = positional.map(\.description) + named.map { "\($0.0)=\($0.1)" }
        return "\(op)(\(args.joined(separator: ", "))) on \(input.height)×\(input.width)×\(input.channels)"
    }
}

/// Loads the fixture index and its float32 blob (found via `#filePath`, no SwiftPM resources).
enum ReferenceFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let all: [ReferenceCase] = load()
    /// The median cases of `tools/make_median_references.py`.
    static let median: [ReferenceCase] = load("median_cases")

    static func load(_ name: String = "pooling_cases") -> [ReferenceCase] {
        guard let json = try? Data(contentsOf: directory.appendingPathComponent("\(name).json")),
              let blob = try? Data(contentsOf: directory.appendingPathComponent("\(name).bin")),
              let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        let floats: [Float] = blob.withUnsafeBytes { raw in
            (0..<(blob.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return cases.compactMap { item in
            guard let op = item["op"] as? String,
                  let pos = item["positional"] as? [[Any]],
                  let named = item["named"] as? [[Any]],
                  let input = tensor(item["input"], floats),
                  let expected = tensor(item["expected"], floats) else { return nil }
            let namedArgs: [(String, ArgValue)] = named.compactMap { pair in
                guard let name = pair.first as? String, let value = pair.last as? [Any],
                      let arg = argValue(value) else { return nil }
                return (name, arg)
            }
            return ReferenceCase(op: op, positional: pos.compactMap(argValue), named: namedArgs,
                                 input: input, expected: expected)
        }
    }

    private static func tensor(_ any: Any?, _ floats: [Float]) -> Tensor? {
        guard let dict = any as? [String: Any], let shape = dict["shape"] as? [Int],
              let offset = dict["offset"] as? Int, shape.count == 3 else { return nil }
        let n = shape[0] * shape[1] * shape[2]
        return Tensor(height: shape[0], width: shape[1], channels: shape[2],
                      data: Array(floats[offset..<(offset + n)]))
    }

    private static func argValue(_ encoded: [Any]) -> ArgValue? {
        guard let kind = encoded.first as? String else { return nil }
        switch kind {
        case "int": return (encoded[1] as? Int).map(ArgValue.int)
        case "real": return (encoded[1] as? Double).map(ArgValue.real)
        case "bool": return (encoded[1] as? Bool).map(ArgValue.bool)
        case "word": return (encoded[1] as? String).map(ArgValue.word)
        case "size":
            guard let h = encoded[1] as? Int, let w = encoded[2] as? Int else { return nil }
            return .size(h, w)
        default: return nil
        }
    }
}

/// Float32-rounding agreement: `|a - b| <= 1e-6 * max(|b|, 1)`; NaN matches NaN only.
func closeEnough(_ a: Float, _ b: Float, tolerance: Float = 1e-6) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    return abs(a - b) <= tolerance * max(abs(b), 1)
}

/// The first sample index where `actual` and `expected` disagree, with both values.
func firstMismatch(_ actual: Tensor, _ expected: Tensor) -> String? {
    if actual.shape != expected.shape { return "shape \(actual.shape) instead of \(expected.shape)" }
    for i in 0..<actual.count where !closeEnough(actual.data[i], expected.data[i]) {
        return "sample \(i): \(actual.data[i]) instead of \(expected.data[i])"
    }
    return nil
}

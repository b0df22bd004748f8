import Foundation
import Testing
@testable import Pooling
import ImageTensor

/// Deterministic pseudo-random tensors (xorshift) in [lo, hi).
func randomTensor(_ h: Int, _ w: Int, _ c: Int, seed: UInt64 = 1, lo: Float = 0, hi: Float = 1) -> Tensor {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return Tensor(height: h, width: w, channels: c, data: (0..<(h * w * c)).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return lo + (hi - lo) * Float(state >> 40) * 0x1p-24
    })
}

func make(_ spec: String) throws -> any PoolingOperation {
    // Tiny spec reader for tests only: name and positional whole numbers/reals and key=value.
    let name = String(spec.prefix { $0 != "(" })
    var positional: [ArgValue] = [], named: [(String, ArgValue)] = []
    if let open = spec.firstIndex(of: "(") {
        let body = spec[spec.index(after: open)..<spec.index(before: spec.endIndex)]
        for part in body.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let kv = part.split(separator: "=").map(String.init)
            let text = kv.last!
            let value: ArgValue
            if let i = Int(text) { value = .int(i) }
            else if let d = Double(text) { value = .real(d) }
            else if text == "true" || text == "false" { value = .bool(text == "true") }
            else if text.contains("x"), let h = Int(text.split(separator: "x")[0]), let w = Int(text.split(separator: "x")[1]) { value = .size(h, w) }
            else { value = .word(text) }
            if kv.count == 2 { named.append((kv[0], value)) } else { positional.append(value) }
        }
    }
    return try OpRegistry.standard.make(name, positional: positional, named: named)
}

@Suite struct PropertyTests {
    static let constantSpecs = [
        "max(3, stride=2, padding=1, ceil=true)", "min(2, dilation=2)", "avg(3, stride=2, padding=1, count_pad=false, ceil=true)",
        "avg(2)", "avg(3, padding=same, stride=2)", "pmean(3, 3, stride=2, padding=1)", "median(3, stride=2, padding=1)",
        "blur", "blur(filter=7, stride=3)", "maxblur", "adaptive_avg(5x3)", "adaptive_max(4)",
        "fractional_max(2, seed=4)", "global_avg", "global_max",
    ]

    @Test(arguments: constantSpecs)
    func constantStaysConstant(spec: String) throws {
        let x = Tensor(height: 13, width: 10, channels: 3, repeating: 0.37)
        let y = try make(spec).apply(x, context: PoolingContext())
        #expect(y.data.allSatisfy { closeEnough($0, 0.37) }, "\(spec)")
    }

    @Test func meansAreOrdered() throws {
        let x = randomTensor(17, 14, 3, seed: 9, lo: 0.01, hi: 1)
        let geometry = "3, stride=2, padding=1"
        let ctx = PoolingContext()
        let maxed = try make("max(\(geometry))").apply(x, context: ctx)
        let p2 = try make("pmean(2, \(geometry))").apply(x, context: ctx)
        let p05 = try make("pmean(0.5, \(geometry))").apply(x, context: ctx)
        let avg = try make("avg(\(geometry), count_pad=false)").apply(x, context: ctx)
        let median = try make("median(\(geometry))").apply(x, context: ctx)
        let mined = try make("min(\(geometry))").apply(x, context: ctx)
        let slack: Float = 1e-6
        for i in 0..<x.data.count / 4 where i < maxed.count {
            #expect(maxed.data[i] + slack >= p2.data[i])
            #expect(p2.data[i] + slack >= avg.data[i])
            #expect(avg.data[i] + slack >= p05.data[i])
            #expect(p05.data[i] + slack >= mined.data[i])
            #expect(median.data[i] >= mined.data[i] && median.data[i] <= maxed.data[i])
        }
    }

    @Test func pmeanOneIsAvgWithoutPadding() throws {
        let x = randomTensor(11, 9, 2, seed: 3)
        for geometry in ["3, stride=2, padding=1, ceil=true", "2", "4, stride=3, padding=2"] {
            let a = try make("pmean(1, \(geometry))").apply(x, context: PoolingContext())
            let b = try make("avg(\(geometry), count_pad=false)").apply(x, context: PoolingContext())
            #expect(a == b, "\(geometry)")
        }
    }

    @Test func minIsNegatedMaxOfNegation() throws {
        let x = randomTensor(12, 15, 3, seed: 5, lo: -1, hi: 1)
        let negated = Tensor(height: x.height, width: x.width, channels: x.channels, data: x.data.map { -$0 })
        for geometry in ["3, stride=2, padding=1, ceil=true", "2", "3, dilation=2, padding=2"] {
            let a = try make("min(\(geometry))").apply(x, context: PoolingContext())
            let b = try make("max(\(geometry))").apply(negated, context: PoolingContext())
            #expect(a.data == b.data.map { -$0 }, "\(geometry)")
        }
    }

    @Test func fractionalSeedDecidesWindows() throws {
        let x = randomTensor(40, 37, 3, seed: 8)
        let a = try make("fractional_max(2, seed=11)").apply(x, context: PoolingContext())
        let b = try make("fractional_max(2, seed=11)").apply(x, context: PoolingContext())
        #expect(a == b)
        let others = try (12...16).map { try make("fractional_max(2, seed=\($0))").apply(x, context: PoolingContext()) }
        #expect(others.contains { $0 != a })
    }

    static let threadSpecs = [
        "max(2)", "max(3, stride=2, padding=1)", "max(5, stride=3, dilation=2, padding=4, ceil=true)",
        "min(3)", "avg(2)", "avg(3, stride=2, padding=1)", "avg(4, stride=3, padding=same)",
        "lp(2, 3)", "pmean(2.5, 3, stride=2, padding=1)", "median(3, stride=2, padding=1)", "median(2)",
        "blur", "blur(filter=4, stride=3)", "maxblur", "adaptive_avg(33x41)", "adaptive_max(50)",
        "fractional_max(3, ratio=0.6, seed=2)", "global_avg", "global_max",
    ]

    @Test(arguments: threadSpecs)
    func threadsGiveIdenticalResults(spec: String) throws {
        let x = randomTensor(301, 257, 3, seed: 21)
        let op = try make(spec)
        let one = try op.apply(x, context: PoolingContext(threads: 1))
        let many = try op.apply(x, context: PoolingContext(threads: 4))
        #expect(one == many)
    }
}

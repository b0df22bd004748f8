import Testing
@testable import Pooling
import ImageTensor

/// Every op against the numpy reference fixtures (tolerance: `closeEnough`, 1e-6 relative).
@Suite struct ReferenceTests {
    static let ops = ["max", "min", "avg", "lp", "pmean", "median", "blur", "maxblur",
                      "adaptive_avg", "adaptive_max", "fractional_max", "global_avg", "global_max"]

    @Test func fixturesArePresent() {
        #expect(ReferenceFixtures.all.count > 400)
        let covered = Set(ReferenceFixtures.all.map(\.op))
        #expect(covered == Set(Self.ops))
    }

    @Test(arguments: ops)
    func matchesReference(op: String) throws {
        let cases = ReferenceFixtures.all.filter { $0.op == op }
        #expect(!cases.isEmpty)
        for item in cases {
            let operation = try OpRegistry.standard.make(item.op, positional: item.positional, named: item.named)
            let size = try operation.outputSize(height: item.input.height, width: item.input.width)
            #expect(size.height == item.expected.height && size.width == item.expected.width, "\(item)")
            let plan = try operation.plan(height: item.input.height, width: item.input.width)
            #expect(plan.rows.output == item.expected.height && plan.cols.output == item.expected.width, "\(item)")
            for threads in [1, 3] {
                let output = try operation.apply(item.input, context: PoolingContext(threads: threads))
                let mismatch = firstMismatch(output, item.expected)
                #expect(mismatch == nil, "\(item) threads=\(threads): \(mismatch ?? "")")
            }
        }
    }
}

import Testing
@testable import Pooling
import ImageTensor

@Suite struct RegistryTests {
    let registry = OpRegistry.standard

    func error(_ name: String, _ positional: [ArgValue], _ named: [(String, ArgValue)] = []) -> String? {
        do {
            _ = try registry.make(name, positional: positional, named: named)
            return nil
        } catch let error as PoolingError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func standardHasEveryOp() {
        #expect(registry.names == ["adaptive_avg", "adaptive_max", "avg", "blur", "fractional_max",
                                   "global_avg", "global_max", "lp", "max", "maxblur", "median", "min", "pmean", "resize", "crop"].sorted())
        #expect(registry.descriptor(named: "avg")?.parameters.map(\.name) == ["kernel", "stride", "padding", "ceil", "count_pad"])
        #expect(registry.descriptor(named: "lp")?.parameters.map(\.name) == ["p", "kernel", "stride", "ceil"])
    }

    @Test func exactMessages() {
        #expect(error("max", [.int(3)], [("padding", .int(2))]) == "padding 2 is more than half of kernel 3")
        #expect(error("max", [.int(0)]) == "kernel must be at least 1, got 0")
        #expect(error("pmean", [.int(-1), .int(2)]) == "p must be a positive number, got -1")
        #expect(error("blur", [.int(9)]) == "filter must be 1…7, got 9")
        #expect(error("nope", []) == "unknown op \"nope\" (known: \(registry.names.joined(separator: ", ")))")
        #expect(error("avg", [.int(2)], [("dilation", .int(2))]) == "avg takes no argument \"dilation\"")
        #expect(error("avg", [.int(2), .int(2), .int(0), .bool(false), .bool(true), .int(1)])
                == "avg takes at most 5 positional arguments, got 6")
        #expect(error("avg", [.int(2)], [("kernel", .int(3))]) == "avg: kernel is given twice")
        #expect(error("avg", []) == "avg needs kernel")
        #expect(error("avg", [.int(2)], [("padding", .word("middle"))]) == "padding must be a size, same or valid, got \"middle\"")
        #expect(error("avg", [.int(2)], [("ceil", .int(1))]) == "ceil must be true or false, got 1")
        #expect(error("max", [.int(3)], [("padding", .int(3)), ("dilation", .int(2))])
                == "padding 3 is more than half of kernel 3 dilated by 2 (5)")
        #expect(error("max", [.int(2)], [("padding", .word("same")), ("ceil", .bool(true))])
                == "ceil=true cannot be combined with padding=same (TensorFlow SAME has no ceil mode)")
        #expect(error("fractional_max", [.int(2)], [("ratio", .real(1.5))])
                == "ratio must be a number between 0 and 1 (both excluded), got 1.5")
        #expect(error("fractional_max", [.int(2)], [("ratio", .real(0.5)), ("size", .size(3, 3))])
                == "give either ratio or size, not both")
        #expect(error("adaptive_avg", [.word("big")]) == "size must be a size like 3 or 3x2, got \"big\"")
    }

    @Test func conversions() throws {
        // .int where a real is wanted, .int as an N×N size, an integral .real as a size,
        // quoted/bare same, bool words.
        let lp = try registry.make("lp", positional: [.int(2), .real(3)], named: [])
        #expect(lp.canonical == "lp(2, 3, stride=3, ceil=false)")
        let avg = try registry.make("avg", positional: [.size(3, 2)],
                                    named: [("padding", .word("SAME")), ("count_pad", .word("false"))])
        #expect(avg.canonical == "avg(3x2, stride=3x2, padding=same, ceil=false, count_pad=false)")
    }

    @Test func canonicalForms() throws {
        let cases: [(String, [ArgValue], [(String, ArgValue)], String)] = [
            ("avg", [.int(2)], [], "avg(2, stride=2, padding=0, ceil=false, count_pad=true)"),
            ("max", [.int(3)], [("stride", .int(2)), ("padding", .int(1))], "max(3, stride=2, padding=1, dilation=1, ceil=false)"),
            ("min", [.size(3, 2)], [("padding", .size(1, 0))], "min(3x2, stride=3x2, padding=1x0, dilation=1, ceil=false)"),
            ("pmean", [.real(2.5), .int(3)], [("padding", .word("valid"))], "pmean(2.5, 3, stride=3, padding=valid, ceil=false)"),
            ("median", [.int(3)], [("ceil", .bool(true))], "median(3, stride=3, padding=0, ceil=true)"),
            ("blur", [], [], "blur(filter=3, stride=2)"),
            ("maxblur", [], [("filter", .int(5))], "maxblur(kernel=2, filter=5, stride=2)"),
            ("adaptive_avg", [.size(64, 32)], [], "adaptive_avg(64x32)"),
            ("adaptive_max", [.int(7)], [], "adaptive_max(7)"),
            ("fractional_max", [.int(3)], [], "fractional_max(3, ratio=0.5, seed=0)"),
            ("fractional_max", [.int(2)], [("size", .size(10, 12)), ("seed", .int(4))], "fractional_max(2, size=10x12, seed=4)"),
            ("global_avg", [], [], "global_avg"),
            ("global_max", [], [], "global_max"),
        ]
        for (name, positional, named, expected) in cases {
            #expect(try registry.make(name, positional: positional, named: named).canonical == expected)
        }
    }

    @Test func outputTooSmall() throws {
        let op = try registry.make("max", positional: [.int(5)], named: [])
        #expect(throws: PoolingError.outputTooSmall(op: "max", input: (3, 8), output: (0, 1))) {
            try op.outputSize(height: 3, width: 8)
        }
        #expect(throws: PoolingError.self) { try op.apply(Tensor(height: 3, width: 8, channels: 1), context: PoolingContext()) }
        let fractional = try registry.make("fractional_max", positional: [.int(3)], named: [("size", .size(5, 5))])
        #expect(throws: PoolingError.invalidInput(op: "fractional_max", reason: "5 output rows with kernel 3 need at least 7 input rows, got 6")) {
            try fractional.outputSize(height: 6, width: 9)
        }
    }

    @Test func customOpsRegister() throws {
        struct Identity: PoolingOperation {
            var name: String { "identity" }
            var canonical: String { "identity" }
            var mixesSamples: Bool { false }
            func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) { (height, width) }
            func plan(height: Int, width: Int) throws -> StagePlan {
                StagePlan(rows: AxisPlan(input: height, output: height), cols: AxisPlan(input: width, output: width))
            }
            func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor { input }
        }
        let custom = OpRegistry()
        #expect(custom.names.isEmpty)
        custom.register(OpDescriptor(name: "identity", summary: "returns its input",
                                     parameters: [Parameter("gain", .positiveReal, default: .real(1))]) { args in
            #expect(args.real("gain") == 1)
            return Identity()
        })
        #expect(custom.names == ["identity"])
        let x = randomTensor(3, 4, 2)
        #expect(try custom.make("identity", positional: [], named: []).apply(x, context: PoolingContext()) == x)
        #expect(OpRegistry.standard.descriptor(named: "identity") == nil)
    }

    @Test func mixesSamplesFlags() throws {
        let mixing = ["avg(2)", "lp(2, 2)", "pmean(2, 2)", "blur", "maxblur", "adaptive_avg(3)", "global_avg"]
        let picking = ["max(2)", "min(2)", "median(2)", "adaptive_max(3)", "global_max", "fractional_max(2)"]
        for spec in mixing { #expect(try make(spec).mixesSamples, "\(spec)") }
        for spec in picking { #expect(try !make(spec).mixesSamples, "\(spec)") }
    }
}

import Testing
import ImageTensor
import Pooling
@testable import Pipeline

/// Stage lists with the real ops: binding, canonical forms, repeat/until, sizes and apply.
@Suite struct StageListTests {
    /// A tensor with varied, reproducible samples in [0, 1].
    static func sample(_ h: Int, _ w: Int, _ c: Int, seed: Int = 1) -> Tensor {
        Tensor(height: h, width: w, channels: c,
               data: (0..<(h * w * c)).map { Float((($0 + seed) * 7_919 + seed * 104_729) % 1_009) / 1_008 })
    }

    @Test func parseBindsEveryStage() throws {
        let list = try StageList.parse("avg(2) | max(3, stride=2, padding=1) | avg(2, until=256) | adaptive_avg(64x64)")
        #expect(list.stages.map(\.op.name) == ["avg", "max", "avg", "adaptive_avg"])
        #expect(list.stages.map(\.repetition) == [.once, .once, .until(256), .once])
        #expect(list.stages[1].source == "max(3, stride=2, padding=1)")
        #expect(list.stages[1].canonical == list.stages[1].op.canonical)
        #expect(list.stages[2].canonical == "avg(2, stride=2, padding=0, ceil=false, count_pad=true, until=256)")
    }

    @Test func canonicalAddsRepetitionInsideTheParentheses() throws {
        #expect(try StageList.parse("global_avg(repeat=2)").canonical == "global_avg(repeat=2)")
        #expect(try StageList.parse("max(2, repeat=3)").canonical
                == "max(2, stride=2, padding=0, dilation=1, ceil=false, repeat=3)")
        #expect(Stage.canonical("f()", .times(2)) == "f(repeat=2)")
        #expect(Stage.canonical("f(1)", .once) == "f(1)")
    }

    static let roundTrip = [
        "avg(2) | max(3, stride=2, padding=1) | avg(2, until=256) | adaptive_avg(64x64)",
        "max(3x2, stride=1x2, padding=1x0, dilation=2, ceil=true)",
        "min(2, padding='same') | median(3, padding=valid)",
        "avg(3, stride=2, padding=1, ceil=true, count_pad=false, repeat=2)",
        "lp(2.5, 3, stride=2) | pmean(1e-1, 2) | pmean(3, 2, ceil=true)",
        "blur | blur(filter=5, stride=1) | maxblur(kernel=3, filter=2)",
        "adaptive_max(7X5) | fractional_max(3, ratio=0.7, seed=4) | fractional_max(2, size=5x4)",
        "global_avg | global_max()",
    ]

    @Test(arguments: roundTrip)
    func canonicalRoundTrips(spec: String) throws {
        let canonical = try StageList.parse(spec).canonical
        #expect(try StageList.parse(canonical).canonical == canonical)
        #expect(canonical.components(separatedBy: " | ").count == StageSyntax.split(spec).count)
    }

    static let errors: [(String, String)] = [
        ("avg(2) | max(3, padding=2)", "stage 2 \"max(3, padding=2)\": padding 2 is more than half of kernel 3"),
        ("avg(2, repeat=2, until=8)", "stage 1 \"avg(2, repeat=2, until=8)\": repeat and until cannot be combined"),
        ("avg(2, until=8, repeat=2)", "stage 1 \"avg(2, until=8, repeat=2)\": repeat and until cannot be combined"),
        ("avg(2, repeat=2, repeat=3)", "stage 1 \"avg(2, repeat=2, repeat=3)\": repeat is given twice"),
        ("avg(2, repeat=0)", "stage 1 \"avg(2, repeat=0)\": repeat must be a whole number ≥ 1, got 0"),
        ("avg(2, until=0)", "stage 1 \"avg(2, until=0)\": until must be a whole number ≥ 1, got 0"),
        ("avg(2, repeat=2.5)", "stage 1 \"avg(2, repeat=2.5)\": repeat must be a whole number ≥ 1, got 2.5"),
        ("avg(2, until=2x2)", "stage 1 \"avg(2, until=2x2)\": until must be a whole number ≥ 1, got 2x2"),
    ]

    @Test(arguments: errors)
    func stageErrors(spec: String, message: String) {
        #expect {
            try StageList.parse(spec)
        } throws: { error in
            (error as? StageListError)?.description == message
        }
    }

    @Test func unknownOpListsTheKnownOnes() {
        let known = OpRegistry.standard.names.joined(separator: ", ")
        #expect {
            try StageList.parse("avg(2) | max(2) | foo(2)")
        } throws: { error in
            (error as? StageListError)?.description == "stage 3 \"foo(2)\": unknown op \"foo\" (known: \(known))"
        }
    }

    @Test func programmaticRepetitionsBelowOneAreRejected() throws {
        let op = try StageList.parse("avg(2)").stages[0].op
        for repetition in [Repetition.times(0), .until(0)] {
            let list = StageList(stages: [Stage(op: op, repetition: repetition)])
            #expect(throws: StageListError.self) { try list.outputSize(height: 8, width: 8) }
        }
        let list = StageList(stages: [Stage(op: op, repetition: .times(-1))])
        #expect {
            try list.outputSize(height: 8, width: 8)
        } throws: { error in
            (error as? StageListError)?.description == "stage 1 \"avg(2, stride=2, padding=0, ceil=false, "
                + "count_pad=true, repeat=-1)\": repeat=-1 is out of range: it must be at least 1"
        }
    }

    @Test func untilStopsAtOrBelowTheLimit() throws {
        // 512×300 → 256×150 → 128×75 → 64×37: the longest side 64 is no longer > 64.
        let list = try StageList.parse("avg(2, until=64)")
        #expect(try list.outputSize(height: 512, width: 300) == (64, 37))
        #expect(try list.steps(height: 512, width: 300).map(\.pass) == [1, 2, 3])
        // Already small enough: no pass at all.
        #expect(try list.outputSize(height: 60, width: 64) == (60, 64))
        #expect(try list.steps(height: 60, width: 64).isEmpty)
    }

    @Test func repeatAppliesExactlyNTimes() throws {
        // 100×80 → 50×40 → 25×20 → 12×10.
        let list = try StageList.parse("avg(2, repeat=3)")
        #expect(try list.outputSize(height: 100, width: 80) == (12, 10))
        #expect(try list.steps(height: 100, width: 80).count == 3)
    }

    @Test func anUntilStageThatStopsShrinkingIsAnError() throws {
        let list = try StageList.parse("max(3, stride=1, padding=1, until=64)")
        #expect {
            try list.outputSize(height: 512, width: 512)
        } throws: { error in
            (error as? StageListError)?.description
                == "stage 1 \"max(3, stride=1, padding=1, until=64)\" stops shrinking at 512×512"
        }
        let input = Self.sample(80, 80, 1)
        #expect(throws: StageListError.notShrinking(index: 1, stage: "max(3, stride=1, padding=1, until=64)",
                                                    height: 80, width: 80)) {
            try list.apply(input)
        }
    }

    @Test func anUntilStageMustShrinkTheLongestSide() throws {
        // adaptive_avg(100x10) keeps the longest side of 100×40 at 100.
        let list = try StageList.parse("avg(1, until=50) | adaptive_avg(100x10, until=50)")
        #expect(throws: StageListError.notShrinking(index: 1, stage: "avg(1, until=50)", height: 100, width: 40)) {
            try list.outputSize(height: 100, width: 40)
        }
    }

    @Test func anOutputBelowOnePixelNamesTheStage() throws {
        let list = try StageList.parse("avg(5) | avg(5)")
        #expect {
            try list.outputSize(height: 12, width: 12)
        } throws: { error in
            let e = error as? StageListError
            return e?.stageIndex == 2 && e?.description.hasPrefix("stage 2 \"avg(5)\": ") == true
        }
    }

    static let sizeCases: [(String, Int, Int)] = [
        ("avg(2, until=7)", 61, 33),
        ("max(3, stride=2, padding=1, ceil=true, repeat=2) | blur", 29, 17),
        ("avg(3, stride=2, padding=same) | median(2) | adaptive_avg(3x5)", 23, 40),
        ("maxblur | lp(2, 2, ceil=true) | pmean(2, 3, stride=2, padding=1) | global_max", 31, 30),
        ("fractional_max(2, ratio=0.6) | min(2, dilation=2) | global_avg(repeat=2)", 26, 19),
    ]

    @Test(arguments: sizeCases)
    func outputSizePredictsApply(spec: String, h: Int, w: Int) throws {
        let list = try StageList.parse(spec)
        let predicted = try list.outputSize(height: h, width: w)
        for c in [1, 3, 4] {
            for color in [ColorOptions(), ColorOptions(alpha: .straight, linear: true)] {
                let out = try list.apply(Self.sample(h, w, c), color: color)
                #expect(out.height == predicted.height && out.width == predicted.width && out.channels == c)
            }
        }
    }

    @Test func applyRunsTheOpsInOrder() throws {
        let list = try StageList.parse("avg(3, stride=2, padding=1) | max(2) | median(3, padding=1, stride=1)")
        let x = Self.sample(21, 18, 3)
        var expected = x
        for stage in list.stages { expected = try stage.op.apply(expected, context: .init()) }
        #expect(try list.apply(x) == expected)
    }

    @Test func applyExpandsRepetitions() throws {
        let x = Self.sample(40, 24, 3)
        let once = try StageList.parse("avg(2)")
        let twice = try once.apply(once.apply(x))
        #expect(try StageList.parse("avg(2, repeat=2)").apply(x) == twice)
        // 40×24 → 20×12 → 10×6: until=12 stops after two passes.
        #expect(try StageList.parse("avg(2, until=12)").apply(x) == twice)
    }

    @Test func onStageReportsEveryStageOnceInOrder() throws {
        let list = try StageList.parse("avg(2, repeat=2) | max(2, until=100) | blur")
        var seen: [(Int, [Int])] = []
        let out = try list.apply(Self.sample(16, 12, 3)) { index, tensor, seconds in
            #expect(seconds >= 0)
            seen.append((index, tensor.shape))
        }
        #expect(seen.map(\.0) == [0, 1, 2])
        // The until stage is already met at 4×3 and reports its unchanged input.
        #expect(seen.map(\.1) == [[4, 3, 3], [4, 3, 3], [2, 2, 3]])
        #expect(out.shape == [2, 2, 3])
    }

    @Test func threadsDoNotChangeTheResult() throws {
        let list = try StageList.parse("avg(2) | blur | avg(2)")
        let x = Self.sample(300, 260, 4)
        let color = ColorOptions(linear: true)
        #expect(try list.apply(x, color: color, context: .init(threads: 1))
                == list.apply(x, color: color, context: .init(threads: 2)))
    }

    /// An enlarging stage may not ask for more pixels than the input or --max-pixels'
    /// default allow (adaptive sizes go up to 2^24 a side): an error, not a failed allocation.
    @Test func enlargingBeyondThePixelLimitIsAnError() throws {
        let huge = try StageList.parse("adaptive_avg(16777216x16777216)")
        #expect(throws: StageListError.self) { try huge.outputSize(height: 10, width: 10) }
        let big = try StageList.parse("adaptive_avg(100000x100000)")
        do {
            _ = try big.steps(height: 480, width: 640)
            Issue.record("no error")
        } catch let e as StageListError {
            #expect("\(e)".contains("gives 100000×100000, over the 178956970-pixel limit"), "\(e)")
        }
        // Up to the limit, or to the input's own size when larger, is fine.
        #expect(try StageList.parse("adaptive_avg(13000x13000)").outputSize(height: 10, width: 10) == (13000, 13000))
        #expect(try StageList.parse("adaptive_avg(20000x20000)").outputSize(height: 20000, width: 20000) == (20000, 20000))
    }
}

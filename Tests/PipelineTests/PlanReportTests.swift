import Testing
@testable import Pipeline

/// `PlanReport.render` on cases worked by hand from the output-size formula.
@Suite struct PlanReportTests {
    @Test func maxWithPaddingThenAnUntilAverage() throws {
        // max(3, stride=2, padding=1) on 7 rows: floor((7 + 2 − 3)/2) + 1 = 4 windows starting
        // at −1, 1, 3, 5; the first and last reach into the padding (2 partial). On 5 columns:
        // floor((5 + 2 − 3)/2) + 1 = 3 windows at −1, 1, 3, again 2 partial.
        // avg(2, until=2) on 4×3: one pass to 2×1 (the third column is dropped), then 2 ≤ 2.
        let list = try StageList.parse("max(3, stride=2, padding=1) | avg(2, until=2)")
        let expected = """
            input 7×5 (H×W)
            stage 1: max(3, stride=2, padding=1, dilation=1, ceil=false)
              7×5 → 4×3; rows: padding 1+1, 2 partial windows, 0 dropped cells; cols: padding 1+1, 2 partial windows, 0 dropped cells
            stage 2: avg(2, stride=2, padding=0, ceil=false, count_pad=true, until=2)
              pass 1: 4×3 → 2×1; rows: padding 0+0, 0 partial windows, 0 dropped cells; cols: padding 0+0, 0 partial windows, 1 dropped cell
            output 2×1

            """
        #expect(try PlanReport.render(list, height: 7, width: 5) == expected)
    }

    @Test func anUntilStageAlreadyMetSaysSo() throws {
        let text = try PlanReport.render(StageList.parse("avg(2, until=64) | global_avg"), height: 50, width: 40)
        #expect(text.contains("  no pass: the longest side 50 is already ≤ 64\n"))
        #expect(text.contains("stage 2: global_avg\n  50×40 → 1×1;"))
        #expect(text.hasSuffix("output 1×1\n"))
    }

    @Test func everyPassOfARepeatIsListed() throws {
        let text = try PlanReport.render(StageList.parse("avg(2, repeat=3)"), height: 16, width: 16)
        let passes = text.split(separator: "\n").filter { $0.hasPrefix("  pass ") }
            .map { $0.split(separator: ";")[0] }
        #expect(passes == ["  pass 1: 16×16 → 8×8", "  pass 2: 8×8 → 4×4", "  pass 3: 4×4 → 2×2"])
    }

    @Test func planErrorsAreStageListErrors() throws {
        let list = try StageList.parse("max(3, stride=1, padding=1, until=64)")
        #expect(throws: StageListError.notShrinking(index: 1, stage: "max(3, stride=1, padding=1, until=64)",
                                                    height: 512, width: 512)) {
            try PlanReport.render(list, height: 512, width: 512)
        }
    }
}

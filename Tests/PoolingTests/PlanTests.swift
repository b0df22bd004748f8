import Testing
@testable import Pooling
import ImageTensor

/// `plan(height:width:)`: padding and edge windows per axis, worked out by hand.
@Suite struct PlanTests {
    @Test func torchPaddingAndCeil() throws {
        // max(3, stride=2, padding=1, ceil=true) on 6 rows: out floor((6+2-3+1)/2)+1 = 4;
        // window 3 starts at 5 (inside the input) and runs to 7, one past the padded end:
        // padAfter 2; windows 0 and 3 are partial. On 7 columns: out 4, windows start -1, 1,
        // 3, 5 → the last covers 5…7, one cell into the padding: padAfter 1, windows 0 and 3
        // partial.
        let op = try make("max(3, stride=2, padding=1, ceil=true)")
        let plan = try op.plan(height: 6, width: 7)
        #expect(plan.rows == AxisPlan(input: 6, output: 4, padBefore: 1, padAfter: 2, partialWindows: 2))
        #expect(plan.cols == AxisPlan(input: 7, output: 4, padBefore: 1, padAfter: 1, partialWindows: 2))
        #expect(plan.notes == ["ceil mode: the last window runs past the padded input"])
    }

    @Test func tensorflowSame() throws {
        // avg(4, stride=3, padding=same) on 7: out ceil(7/3) = 3, total pad (3-1)*3+4-7 = 3,
        // 1 before and 2 after; windows start -1, 2, 5 → 0 and 2 are partial.
        let plan = try make("avg(4, stride=3, padding=same)").plan(height: 7, width: 9)
        #expect(plan.rows == AxisPlan(input: 7, output: 3, padBefore: 1, padAfter: 2, partialWindows: 2))
        // 9 columns: out 3, total (3-1)*3+4-9 = 1 → 0 before, 1 after; window 2 (6…9) partial.
        #expect(plan.cols == AxisPlan(input: 9, output: 3, padBefore: 0, padAfter: 1, partialWindows: 1))
    }

    @Test func droppedCells() throws {
        // avg(3) on 11: 3 windows cover 0…8, cells 9 and 10 are dropped.
        let plan = try make("avg(3)").plan(height: 11, width: 9)
        #expect(plan.rows.droppedCells == 2 && plan.rows.output == 3)
        #expect(plan.cols.droppedCells == 0)
    }

    @Test func blurReflectPadding() throws {
        // blur(filter=4, stride=2) on 7: pads 1 before, 2 after (reflect); out ceil(7/2) = 4;
        // windows start -1, 1, 3, 5: the first and the last (5…8) touch padding.
        let plan = try make("blur(filter=4, stride=2)").plan(height: 7, width: 8)
        #expect(plan.rows == AxisPlan(input: 7, output: 4, padBefore: 1, padAfter: 2, partialWindows: 2))
        #expect(plan.notes == ["reflect padding"])
        // maxblur: max(2, stride=1) on 8 gives 7, then blur(3) → ceil(7/2) = 4.
        let maxblur = try make("maxblur").plan(height: 8, width: 8)
        #expect(maxblur.rows.input == 8 && maxblur.rows.output == 4)
    }

    @Test func adaptiveAndFractional() throws {
        let adaptive = try make("adaptive_max(5x2)").plan(height: 3, width: 9)
        #expect(adaptive.rows == AxisPlan(input: 3, output: 5))
        #expect(adaptive.cols == AxisPlan(input: 9, output: 2))
        let fractional = try make("fractional_max(2, size=4x4, seed=3)").plan(height: 9, width: 9)
        #expect(fractional.rows.output == 4 && fractional.rows.droppedCells == 0)
        #expect(fractional.notes == ["windows drawn from seed 3"])
    }
}

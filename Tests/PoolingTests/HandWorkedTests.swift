import Testing
@testable import Pooling
import ImageTensor

/// Tiny inputs whose outputs are worked out by hand in the comments.
@Suite struct HandWorkedTests {
    func run(_ op: String, _ positional: [ArgValue], _ input: Tensor) throws -> Tensor {
        try run(op, positional, [], input)
    }

    func run(_ op: String, _ positional: [ArgValue], _ named: [(String, ArgValue)],
             _ input: Tensor) throws -> Tensor {
        try OpRegistry.standard.make(op, positional: positional, named: named)
            .apply(input, context: PoolingContext())
    }

    /// 3×3 gray image 1…9, row-major.
    let nine = Tensor(height: 3, width: 3, channels: 1, data: (1...9).map(Float.init))

    @Test func avg2x2() throws {
        // [[1 2 3 4] [5 6 7 8]]: (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5.
        let x = Tensor(height: 2, width: 4, channels: 1, data: (1...8).map(Float.init))
        #expect(try run("avg", [.int(2)], x).data == [3.5, 5.5])
    }

    @Test func maxWithPadding() throws {
        // max(3, stride=2, padding=1) on 3×3: out floor((3+2-3)/2)+1 = 2; windows start at
        // -1 and 1 → rows/cols {0,1} and {1,2}: max(1,2,4,5)=5, max(2,3,5,6)=6, 8, 9.
        let y = try run("max", [.int(3)], [("stride", .int(2)), ("padding", .int(1))], nine)
        #expect(y.shape == [2, 2, 1])
        #expect(y.data == [5, 6, 8, 9])
    }

    @Test func avgCountPadBothWays() throws {
        // Corner window of avg(3, stride=2, padding=1) holds 1,2,4,5 (sum 12):
        // count_pad=true divides by 9 (window clipped to the padded input), false by 4.
        let counted = try run("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1))], nine)
        #expect(counted.data[0] == Float(12) / 9)
        let uncounted = try run("avg", [.int(3)], [("stride", .int(2)), ("padding", .int(1)),
                                                   ("count_pad", .bool(false))], nine)
        #expect(uncounted.data == [3, 4, 6, 7]) // (1+2+4+5)/4, (2+3+5+6)/4, (4+5+7+8)/4, (5+6+8+9)/4
    }

    @Test func avgCeilEdgeWindow() throws {
        // avg(2, ceil=true) on 1×3 [1 2 3]: 1 row, 2 columns; the last window [2, 4) is
        // clipped to [2, 3) of the (unpadded) input, so it divides by 1: [1.5, 3].
        let x = Tensor(height: 1, width: 3, channels: 1, data: [1, 2, 3])
        #expect(try run("avg", [.int(2)], [("ceil", .bool(true))], x).data == [1.5, 3])
    }

    @Test func lpIsARootOfSumOfPowers() throws {
        // lp(2, 2) on [[3 4] [0 0]]: sqrt(9 + 16) = 5.
        let x = Tensor(height: 2, width: 2, channels: 1, data: [3, 4, 0, 0])
        #expect(try run("lp", [.int(2), .int(2)], x).data == [5])
    }

    @Test func lpCeilQuirk() throws {
        // lp(1, 2, ceil=true) on 1×3 [1 2 3]: avg_pool of x gives [1.5, 3] (the edge window
        // divides by its clipped size 1), times kernel area 4: [6, 12] — PyTorch's result.
        let x = Tensor(height: 1, width: 3, channels: 1, data: [1, 2, 3])
        #expect(try run("lp", [.int(1), .int(2)], [("ceil", .bool(true))], x).data == [6, 12])
    }

    @Test func medianIsLower() throws {
        // median(3) of 9,1,8,2,7,3,6,4,5 → sorted 1…9 → 5; median(2) of 4,1,3,2 → 1,2,3,4 → 2.
        let x = Tensor(height: 3, width: 3, channels: 1, data: [9, 1, 8, 2, 7, 3, 6, 4, 5])
        #expect(try run("median", [.int(3)], x).data == [5])
        let y = Tensor(height: 2, width: 2, channels: 1, data: [4, 1, 3, 2])
        #expect(try run("median", [.int(2)], y).data == [2])
    }

    @Test func blurReflects() throws {
        // blur on 1×4 [4 0 0 0]: one row reflects onto itself (vertical weights sum to 1);
        // output 0 taps positions -1,0,1 → reflect(-1)=1 → 0·¼ + 4·½ + 0·¼ = 2;
        // output 1 taps 1,2,3 → 0. Output ceil(4/2) = 2 columns: [2, 0].
        let x = Tensor(height: 1, width: 4, channels: 1, data: [4, 0, 0, 0])
        #expect(try run("blur", [], x).data == [2, 0])
    }

    @Test func adaptiveWindowsOverlap() throws {
        // adaptive_avg(2) on 1×3 [1 2 3]: columns [0,2) and [1,3) → 1.5, 2.5; both output
        // rows read row 0 ([0, ceil(1/2)) and [floor(1/2), 1)).
        let x = Tensor(height: 1, width: 3, channels: 1, data: [1, 2, 3])
        #expect(try run("adaptive_avg", [.int(2)], x).data == [1.5, 2.5, 1.5, 2.5])
    }

    @Test func tensorflowSame() throws {
        // max(2, padding=same) on 1×3 [1 5 2]: 2 outputs, total pad (2-1)*2+2-3 = 1, after:
        // windows [0,1] → 5 and [2,3) → 2. avg never counts the padded cell: [3, 2].
        let x = Tensor(height: 1, width: 3, channels: 1, data: [1, 5, 2])
        #expect(try run("max", [.int(2)], [("padding", .word("same"))], x).data == [5, 2])
        #expect(try run("avg", [.int(2)], [("padding", .word("same"))], x).data == [3, 2])
    }

    @Test func fractionalIntervals() {
        // u = 0.5, n = 10, out = 5, k = 2: alpha = 8/4 = 2; starts trunc((i+0.5)·2) - 1
        // = 0, 2, 4, 6 and the last n-k = 8.
        #expect(FractionalMaxPool.intervals(sample: 0.5, input: 10, output: 5, kernel: 2) == [0, 2, 4, 6, 8])
    }

    @Test func outputLengthRule() {
        #expect(outputLength(input: 5, kernel: 2, stride: 2) == 2)
        #expect(outputLength(input: 5, kernel: 2, stride: 2, ceil: true) == 3)
        // n=5, k=3, s=3, p=1, ceil: floor((5+2-3+2)/3)+1 = 3, but window 2 would start at
        // 6-1 = 5 ≥ n, past the input: dropped → 2.
        #expect(outputLength(input: 5, kernel: 3, stride: 3, padding: 1, ceil: true) == 2)
        // Dilation 2, kernel 3: k_eff 5 → floor((7-5)/1)+1 = 3.
        #expect(outputLength(input: 7, kernel: 3, stride: 1, dilation: 2) == 3)
        #expect(sameOutputLength(input: 7, kernel: 4, stride: 3) == (3, 1, 2))
    }

    @Test func planReportsEdges() throws {
        // avg(2, ceil=true) on 5×4: rows 3 (last window partial), columns 2 (none partial).
        let op = try OpRegistry.standard.make("avg", positional: [.int(2)], named: [("ceil", .bool(true))])
        let plan = try op.plan(height: 5, width: 4)
        #expect(plan.rows == AxisPlan(input: 5, output: 3, padBefore: 0, padAfter: 1, partialWindows: 1))
        #expect(plan.cols == AxisPlan(input: 4, output: 2))
        // max(2) on 5×5 drops the last row and column.
        let dropping = try OpRegistry.standard.make("max", positional: [.int(2)], named: [])
        #expect(try dropping.plan(height: 5, width: 5).rows.droppedCells == 1)
    }
}

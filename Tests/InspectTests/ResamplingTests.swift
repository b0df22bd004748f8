import Testing
import ImageTensor
@testable import Inspect

@Suite struct NearestNeighbourTests {
    /// 2×2 → 5×5: source index floor(i·2/5) = 0, 0, 0, 1, 1 on both axes.
    @Test func enlargeByNonIntegerFactor() {
        let t = TestImages.gray([[1, 2], [3, 4]])
        let e = NearestNeighbour.resize(t, height: 5, width: 5)
        let row0: [Float] = [1, 1, 1, 2, 2], row3: [Float] = [3, 3, 3, 4, 4]
        #expect(e.data == row0 + row0 + row0 + row3 + row3)
    }

    /// 1×3 RGB → 2×6: every pixel doubled, channels kept together.
    @Test func enlargeKeepsChannelsTogether() {
        let t = Tensor(height: 1, width: 3, channels: 3, data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let e = NearestNeighbour.resize(t, height: 2, width: 6)
        let row: [Float] = [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7, 8, 9, 7, 8, 9]
        #expect(e.shape == [2, 6, 3])
        #expect(e.data == row + row)
    }

    /// Shrinking 3 → 2 picks floor(i·3/2) = 0, 1.
    @Test func shrinkPicksFloorIndex() {
        let t = TestImages.gray([[1, 2, 3]])
        #expect(NearestNeighbour.resize(t, height: 1, width: 2).data == [1, 2])
    }

    @Test func sameSizeIsIdentity() {
        let t = TestImages.pattern(4, 5, 2, mulX: 1, mulY: 2, mulXY: 0, mod: 3)
        #expect(NearestNeighbour.resize(t, height: 4, width: 5) == t)
    }
}

@Suite struct AreaDownscaleTests {
    @Test func halvingAveragesBlocks() {
        let t = TestImages.gray([[0, 1, 2, 3], [4, 5, 6, 7]])
        let d = AreaDownscale.resize(t, height: 1, width: 2)
        #expect(d.data == [2.5, 4.5])
    }

    /// 3 → 2: output 0 covers cells [0, 1.5): (1·a + 0.5·b) / 1.5; output 1 covers [1.5, 3).
    @Test func fractionalCoverage() {
        let t = TestImages.gray([[3, 6, 9]])
        let d = AreaDownscale.resize(t, height: 1, width: 2)
        #expect(abs(d.data[0] - 4) < 1e-6)
        #expect(abs(d.data[1] - 8) < 1e-6)
    }

    @Test func weightsSumToOne() {
        for (n, m) in [(451, 256), (300, 170), (7, 3), (5, 5)] {
            for list in AreaDownscale.weights(from: n, to: m) {
                #expect(abs(list.reduce(0) { $0 + $1.1 } - 1) < 1e-5)
            }
        }
    }
}

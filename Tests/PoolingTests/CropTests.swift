import Testing
@testable import Pooling
import ImageTensor

/// `crop`: window positions, torchvision's half-to-even centre, and errors.
@Suite struct CropTests {
    /// A 1-channel tensor whose sample is `100 * y + x`, so a crop's first sample names its origin.
    static func grid(_ h: Int, _ w: Int, channels: Int = 1) -> Tensor {
        Tensor(height: h, width: w, channels: channels,
               data: (0..<(h * w * channels)).map { i in Float(100 * (i / channels / w) + (i / channels) % w) })
    }

    /// Origins in a 9×12 input for a 4×5 window; centre: rows (9−4)/2 = 2.5 → 2 (even),
    /// columns (12−5)/2 = 3.5 → 4 (even), as Python's `int(round(3.5))`.
    @Test(arguments: [
        ("center", 2, 4), ("top-left", 0, 0), ("top", 0, 4), ("top-right", 0, 7),
        ("left", 2, 0), ("right", 2, 7), ("bottom-left", 5, 0), ("bottom", 5, 4), ("bottom-right", 5, 7),
    ])
    func positions(at: String, y: Int, x: Int) throws {
        let op = try make("crop(4x5, at=\(at))")
        let out = try op.apply(Self.grid(9, 12), context: .init())
        #expect(out.shape == [4, 5, 1])
        #expect(out[0, 0, 0] == Float(100 * y + x))
        #expect(out[3, 4, 0] == Float(100 * (y + 3) + x + 4))
    }

    /// torchvision `CenterCrop`: `int(round((n - size) / 2))` with Python's half-to-even.
    @Test(arguments: [(10, 3, 4), (11, 3, 4), (12, 3, 4), (13, 3, 5), (9, 4, 2), (7, 4, 2), (5, 2, 2), (6, 1, 2), (8, 1, 4), (5, 5, 0)])
    func centreOffset(n: Int, size: Int, expected: Int) {
        #expect(CropAnchor.offset(n, size, before: false, after: false) == expected)
    }

    @Test func keepsChannels() throws {
        let out = try make("crop(2)").apply(Self.grid(4, 4, channels: 3), context: .init())
        #expect(out.shape == [2, 2, 3])
        #expect(out.data.prefix(3) == [101, 101, 101])
    }

    @Test func largerThanInputIsAnError() throws {
        let op = try make("crop(5x3)")
        #expect(throws: PoolingError.invalidInput(op: "crop", reason: "a 5×3 crop is larger than the 4×9 input")) {
            try op.outputSize(height: 4, width: 9)
        }
        #expect(throws: PoolingError.self) { try op.apply(Self.grid(4, 9), context: .init()) }
    }

    @Test func canonicalAndArguments() throws {
        #expect(try make("crop(224)").canonical == "crop(224, at=center)")
        #expect(try make("crop(3x4, at=BOTTOM_RIGHT)").canonical == "crop(3x4, at=bottom-right)")
        #expect(throws: PoolingError.self) { try make("crop(3, at=middle)") }
        let plan = try make("crop(3x4)").plan(height: 7, width: 9)
        #expect(plan.rows == AxisPlan(input: 7, output: 3, droppedCells: 4))
        #expect(plan.notes == ["window at row 2, column 2"])
    }
}

import Testing
@testable import Pooling
import ImageTensor

/// `resize` against Pillow's `Image.resize` of each channel as a mode-`F` image.
@Suite struct ResizeTests {
    /// Input and output sizes: downscales by whole and odd ratios, upscales, one axis only,
    /// mixed up/down, and down to a single pixel.
    static let shapes: [(Int, Int, Int, Int)] = [
        (37, 53, 12, 17), (64, 48, 32, 24), (45, 61, 45, 20), (29, 31, 61, 70),
        (13, 9, 40, 7), (50, 50, 1, 3), (7, 11, 7, 11), (101, 83, 33, 81),
    ]

    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.data, b.data).map { abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: ResampleFilter.allCases, [1, 3, 4])
    func matchesPillow(filter: ResampleFilter, channels: Int) throws {
        let inputs = Self.shapes.enumerated().map { i, s in
            PillowReference.pattern(s.0, s.1, channels, seed: i + 3 * channels)
        }
        let cases = zip(inputs, Self.shapes).map { input, s in
            PillowReference.Case(input: input, height: s.2, width: s.3, filter: filter.rawValue)
        }
        let expected = try PillowReference.resize(cases)
        for (c, reference) in zip(cases, expected) {
            let op = Resize(target: .exact(height: c.height, width: c.width), filter: filter)
            for threads in [1, 2] {
                let got = try op.apply(c.input, context: PoolingContext(threads: threads))
                #expect(got.shape == reference.shape)
                let diff = Self.maxDifference(got, reference)
                #expect(diff <= 1e-5, "\(filter) \(c.input.shape) → \(c.height)×\(c.width): \(diff)")
            }
        }
    }

    /// Large enough that both passes split their rows over threads and the vertical pass
    /// runs its 64-sample blocks.
    @Test func largeImageBandedMatchesPillow() throws {
        let input = PillowReference.pattern(300, 257, 3, seed: 9)
        let c = PillowReference.Case(input: input, height: 97, width: 131, filter: "lanczos")
        let reference = try PillowReference.resize([c])[0]
        let got = try Resize(target: .exact(height: 97, width: 131)).apply(input, context: PoolingContext(threads: 4))
        #expect(Self.maxDifference(got, reference) <= 1e-5)
    }

    @Test func boxIsTheAreaMeanAtWholeRatios() throws {
        let input = PillowReference.pattern(8, 12, 2)
        let box = try Resize(target: .exact(height: 4, width: 4), filter: .box).apply(input, context: .init())
        let avg = try make("avg(2x3)").apply(input, context: .init())
        #expect(Self.maxDifference(box, avg) <= 1e-6)
    }

    @Test func sameSizeIsACopy() throws {
        let input = PillowReference.pattern(9, 14, 3)
        #expect(try Resize(target: .exact(height: 9, width: 14)).apply(input, context: .init()) == input)
    }

    @Test(arguments: [
        ("resize(long=100)", 300, 451, 67, 100), ("resize(long=100)", 451, 300, 100, 67),
        ("resize(short=224)", 300, 451, 224, 337), ("resize(short=224)", 451, 300, 337, 224),
        ("resize(long=10)", 1, 1000, 1, 10), ("resize(short=64)", 64, 64, 64, 64),
        ("resize(256)", 10, 20, 256, 256), ("resize(20x30, filter=box)", 99, 99, 20, 30),
        ("resize(long=3)", 1000, 2, 3, 1),
    ])
    func outputSizes(spec: String, h: Int, w: Int, oh: Int, ow: Int) throws {
        let op = try make(spec)
        let size = try op.outputSize(height: h, width: w)
        #expect(size.height == oh && size.width == ow)
        let plan = try op.plan(height: h, width: w)
        #expect(plan.rows.output == oh && plan.cols.output == ow)
    }

    @Test func planNotesTheSupportAndEnlarging() throws {
        #expect(try make("resize(short=224)").plan(height: 480, width: 640).notes
                == ["lanczos filter, support ±6.43 input rows"])
        #expect(try make("resize(300, filter=bicubic)").plan(height: 224, width: 224).notes
                == ["bicubic filter, support ±2 input rows", "enlarges the image"])
    }

    @Test func canonicalForms() throws {
        #expect(try make("resize(256)").canonical == "resize(256, filter=lanczos)")
        #expect(try make("resize(20x30, filter=BOX)").canonical == "resize(20x30, filter=box)")
        #expect(try make("resize(short=224, filter=bicubic)").canonical == "resize(short=224, filter=bicubic)")
        #expect(try make("resize(long=64)").canonical == "resize(long=64, filter=lanczos)")
    }

    @Test func argumentErrors() throws {
        func message(_ named: [(String, ArgValue)], _ positional: [ArgValue] = []) -> String {
            do { _ = try OpRegistry.standard.make("resize", positional: positional, named: named); return "" }
            catch { return String(describing: error) }
        }
        #expect(message([]) == "resize needs size (or long=N, short=N)")
        #expect(message([("long", .int(3))], [.int(4)]) == "resize takes one of size, long and short, got 2")
        #expect(message([("filter", .word("nearest"))], [.int(4)])
                == "filter must be one of box, bilinear, bicubic, lanczos, got \"nearest\"")
        #expect(message([("short", .int(0))]) == "short must be 1…16777216, got 0")
    }

    /// Rows pushed in bands of any height give exactly the whole-image result, whichever
    /// pass runs first, up or down, one axis or both.
    @Test(arguments: [(120, 90, 31, 40), (120, 90, 200, 17), (75, 300, 20, 300), (64, 64, 64, 33), (9, 50, 40, 7), (300, 40, 47, 40)])
    func streamEqualsWhole(h: Int, w: Int, oh: Int, ow: Int) throws {
        for filter in [ResampleFilter.lanczos, .box] {
            let input = PillowReference.pattern(h, w, 3, seed: h + w)
            let op = Resize(target: .exact(height: oh, width: ow), filter: filter)
            let whole = try op.apply(input, context: .init())
            for bandRows in [1, 7, 32, h] {
                var stream = try ResizeStream(op, height: h, width: w, channels: 3)
                var y = 0
                while y < h {
                    let n = min(bandRows, h - y)
                    stream.push(Tensor(height: n, width: w, channels: 3,
                                       data: Array(input.data[(y * w * 3)..<((y + n) * w * 3)])))
                    y += n
                }
                #expect(stream.finish() == whole, "\(h)×\(w) → \(oh)×\(ow) \(filter) in bands of \(bandRows)")
            }
        }
    }
}

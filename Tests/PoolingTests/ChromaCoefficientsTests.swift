import Testing
@testable import Pooling

/// The chroma taps of `init(upsamplingByTwo:length:)` equal upsampling the chroma as libjpeg
/// does (triangle filter, 3/4 and 1/4, edges repeated) and then resampling with the full taps.
@Test(arguments: [(7, 3), (8, 5), (375, 192), (500, 256), (41, 90), (250, 250)], ResampleFilter.allCases)
func chromaTapsUpsampleLikeLibjpeg(sizes: (Int, Int), filter: ResampleFilter) {
    let (full, output) = sizes
    let n = (full + 1) / 2
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    let chroma = (0..<n).map { _ -> Double in
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Double(seed >> 40 & 0xFF)
    }
    let upsampled = (0..<full).map { j -> Double in
        let near = j / 2, far = min(n - 1, max(0, j % 2 == 0 ? near - 1 : near + 1))
        return 0.75 * chroma[near] + 0.25 * chroma[far]
    }
    let taps = ResampleCoefficients(input: full, output: output, filter: filter)
    let moved = ResampleCoefficients(upsamplingByTwo: taps, length: n)
    #expect(moved.inputLength == n && moved.outputLength == output)
    for o in 0..<output {
        var expected = 0.0, got = 0.0
        for t in 0..<taps.count[o] { expected += Double(taps.weights[o * taps.stride + t]) * upsampled[taps.start[o] + t] }
        for t in 0..<moved.count[o] { got += Double(moved.weights[o * moved.stride + t]) * chroma[moved.start[o] + t] }
        #expect(abs(got - expected) <= 1e-3, "output \(o): \(got) vs \(expected)")
        #expect(moved.start[o] >= 0 && moved.start[o] + moved.count[o] <= n)
    }
}

/// `init(replicating:ratio:length:)` equals replicating each chroma sample `ratio` times
/// (libjpeg's plain upsampling) and resampling with the full taps.
@Test(arguments: [(9, 4, 4), (400, 4, 131), (37, 3, 50), (16, 2, 5)])
func replicatedChromaTaps(case: (Int, Int, Int)) {
    let (full, ratio, output) = `case`
    let n = (full + ratio - 1) / ratio
    let chroma = (0..<n).map { Double(($0 * 97 + 13) % 256) }
    let taps = ResampleCoefficients(input: full, output: output, filter: .lanczos)
    let moved = ResampleCoefficients(replicating: taps, ratio: ratio, length: n)
    for o in 0..<output {
        var expected = 0.0, got = 0.0
        for t in 0..<taps.count[o] { expected += Double(taps.weights[o * taps.stride + t]) * chroma[(taps.start[o] + t) / ratio] }
        for t in 0..<moved.count[o] { got += Double(moved.weights[o * moved.stride + t]) * chroma[moved.start[o] + t] }
        #expect(abs(got - expected) <= 1e-3, "output \(o)")
    }
}

import Foundation
import Testing
import ImageTensor
@testable import Inspect

@Suite struct PSNRTests {
    @Test func identicalImagesGiveInfinity() throws {
        let a = TestImages.pattern(5, 7, 3, mulX: 3, mulY: 1, mulXY: 0, mod: 7)
        let p = try PSNR.compute(a, a)
        #expect(p == .infinity)
        #expect(PSNR.format(p) == "∞")
    }

    /// 2×2 gray, one sample off by 0.5: MSE = 0.25 / 4 = 1/16, PSNR = 10·log10(16) = 12.0412 dB.
    @Test func knownMSE() throws {
        let a = TestImages.gray([[0, 0.5], [1, 0.25]])
        let b = TestImages.gray([[0, 0.5], [0.5, 0.25]])
        #expect(try PSNR.meanSquaredError(a, b) == 0.0625)
        let p = try PSNR.compute(a, b)
        #expect(abs(p - 12.041199826559248) < 1e-12)
        #expect(PSNR.format(p) == "12.04 dB")
    }

    /// Every sample off by 1/8 across three channels: MSE 1/64, PSNR = 20·log10(8) = 18.0618 dB.
    @Test func uniformOffsetOverAllChannels() throws {
        let a = Tensor(height: 3, width: 4, channels: 3, repeating: 0.5)
        let b = Tensor(height: 3, width: 4, channels: 3, repeating: 0.625)
        #expect(abs(try PSNR.compute(a, b) - 18.061799739838872) < 1e-12)
    }

    @Test func shapeMismatchThrows() {
        let a = Tensor(height: 2, width: 2, channels: 1), b = Tensor(height: 2, width: 3, channels: 1)
        #expect(throws: InspectError.shapeMismatch(expected: [2, 2, 1], got: [2, 3, 1])) {
            try PSNR.compute(a, b)
        }
    }
}

@Suite struct SSIMTests {
    @Test func windowIsNormalisedGaussian() {
        let g = SSIM.kernel1D
        #expect(g.count == 11)
        #expect(abs(g.reduce(0, +) - 1) < 1e-15)
        // Ratio of neighbouring taps of a Gaussian with σ = 1.5: exp(-(1)/(2·2.25)) at the centre.
        #expect(abs(g[6] / g[5] - exp(-1.0 / 4.5)) < 1e-14)
        #expect(g[0] == g[10])
    }

    @Test func identicalImagesGiveOne() throws {
        let a = TestImages.pattern(16, 20, 3, mulX: 7, mulY: 13, mulXY: 0, mod: 17, offset: 1)
        #expect(abs(try #require(try SSIM.compute(a, a)) - 1) < 1e-6)
    }

    /// Two constant images p and q: every local variance and covariance is 0, so
    /// SSIM = (2pq + C1) / (p² + q² + C1) · C2 / C2. For p = 0.5, q = 0.25, C1 = 1e-4:
    /// 0.2501 / 0.3126.
    @Test func constantImagesByHand() throws {
        let a = Tensor(height: 12, width: 15, channels: 1, repeating: 0.5)
        let b = Tensor(height: 12, width: 15, channels: 1, repeating: 0.25)
        let s = try #require(try SSIM.compute(a, b))
        #expect(abs(s - 0.2501 / 0.3126) < 1e-6)
    }

    /// Black against white: (0 + C1) / (0 + 1 + C1) = 1e-4 / 1.0001.
    @Test func blackAgainstWhite() throws {
        let a = Tensor(height: 11, width: 11, channels: 1, repeating: 0)
        let b = Tensor(height: 11, width: 11, channels: 1, repeating: 1)
        #expect(abs(try #require(try SSIM.compute(a, b)) - 1e-4 / 1.0001) < 1e-7)
    }

    /// Values printed by `python3 tools/ssim_reference.py` (numpy + scipy.signal.correlate2d,
    /// an explicit 2-D window, written from the paper independently of the Swift code).
    @Test func matchesIndependentReference() throws {
        let a = TestImages.pattern(16, 20, 1, mulX: 7, mulY: 13, mulXY: 0, mod: 17)
        let b = TestImages.pattern(16, 20, 1, mulX: 5, mulY: 3, mulXY: 1, mod: 11)
        #expect(abs(try #require(try SSIM.compute(a, b)) - 0.207043323213) < 2e-6)
        #expect(abs(try PSNR.compute(a, b) - 7.528349865209) < 1e-9)

        let a3 = TestImages.pattern(23, 17, 3, mulX: 3, mulY: 5, mulXY: 1, mod: 9, offset: 2)
        let b3 = TestImages.pattern(23, 17, 3, mulX: 3, mulY: 5, mulXY: 0, mod: 9, offset: 2)
        #expect(abs(try #require(try SSIM.compute(a3, b3)) - 0.197644855991) < 2e-6)
        #expect(abs(try PSNR.compute(a3, b3) - 8.009906811137) < 1e-9)
        let per = try #require(try SSIM.computePerChannel(a3, b3))
        for (v, ref) in zip(per, [0.238049942207, 0.187336153073, 0.167548472693]) {
            #expect(abs(v - ref) < 2e-6)
        }

        let g = TestImages.gradient(24, 24)
        let noise = TestImages.pattern(24, 24, 1, mulX: 1, mulY: 2, mulXY: 1, mod: 5)
        let n = Tensor(height: 24, width: 24, channels: 1,
                       data: zip(g.data, noise.data).map { $0 + ($1 - 0.5) * 0.125 })
        #expect(abs(try #require(try SSIM.compute(g, n)) - 0.752196379319) < 2e-6)
        #expect(abs(try PSNR.compute(g, n) - 27.491197178034) < 1e-9)
    }

    @Test func smallerThanWindowHasNoValue() throws {
        let a = Tensor(height: 10, width: 40, channels: 1, repeating: 0.5)
        #expect(try SSIM.compute(a, a) == nil)
        #expect(SSIM.format(nil) == "n/a")
        #expect(SSIM.format(0.98765) == "0.9877")
    }
}

@Suite struct ChannelAndColourTests {
    @Test func perChannelMeans() {
        let t = Tensor(height: 1, width: 2, channels: 3, data: [0.0, 0.5, 1.0, 1.0, 0.25, 0.0])
        #expect(ChannelStatistics.means(t) == [0.5, 0.375, 0.5])
        #expect(HTMLReport.meansText([0.5, 0.375, 0.5]) == "R 0.500 G 0.375 B 0.500")
    }

    /// Colour over white: c·a + (1 − a); values clamped to [0, 1] first.
    @Test func alphaCompositedOverWhite() {
        let rgba = Tensor(height: 1, width: 2, channels: 4, data: [1, 0, 0, 0.5, 2, -1, 0.5, 1])
        let flat = ComparableImage.make(rgba)
        #expect(flat.channels == 3)
        #expect(flat.data == [1, 0.5, 0.5, 1, 0, 0.5])
        let ga = Tensor(height: 1, width: 1, channels: 2, data: [0, 0.25])
        #expect(ComparableImage.make(ga).data == [0.75])
        #expect(ComparableImage.makeRGB(ga).data == [0.75, 0.75, 0.75])
    }
}

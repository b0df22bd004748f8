import Testing
import Foundation
import ImageTensor
@testable import Pipeline

/// The sRGB transfer functions and the stored ⇄ working conversions, against values worked
/// from IEC 61966-2-1 by hand.
@Suite struct ColorTransformTests {
    @Test func transferFunctionsMatchTheStandard() {
        // ((0.5 + 0.055) / 1.055)^2.4 = 0.2140411...
        #expect(abs(SRGBTransfer.toLinear(0.5) - 0.21404114) < 1e-6)
        // 1.055 · 0.5^(1/2.4) − 0.055 = 0.7353570...
        #expect(abs(SRGBTransfer.toSRGB(0.5) - 0.73535698) < 1e-6)
        // The linear segment: 0.04 / 12.92 and 0.003 · 12.92.
        #expect(abs(SRGBTransfer.toLinear(0.04) - 0.04 / 12.92) < 1e-9)
        #expect(abs(SRGBTransfer.toSRGB(0.003) - 0.03876) < 1e-7)
        #expect(SRGBTransfer.toLinear(0) == 0)
        #expect(abs(SRGBTransfer.toLinear(1) - 1) < 1e-6)
        #expect(abs(SRGBTransfer.toSRGB(1) - 1) < 1e-6)
    }

    @Test func transferFunctionsAreInversesAndOdd() {
        for i in 0...200 {
            let v = Float(i) / 200
            #expect(abs(SRGBTransfer.toSRGB(SRGBTransfer.toLinear(v)) - v) < 2e-6)
            #expect(SRGBTransfer.toLinear(-v) == -SRGBTransfer.toLinear(v))
        }
    }

    @Test func noTransformWhenNothingChanges() {
        #expect(ColorTransform(options: .init(), channels: 3) == nil)
        #expect(ColorTransform(options: .init(), channels: 1) == nil)
        #expect(ColorTransform(options: .init(alpha: .straight), channels: 4) == nil)
        #expect(ColorTransform(options: .init(alpha: .straight, linear: true), channels: 4)?.premultiply == false)
        #expect(ColorTransform(options: .init(), channels: 2)?.premultiply == true)
        #expect(ColorTransform(options: .init(linear: true), channels: 3)?.linear == true)
    }

    @Test func premultiplyAndBackKeepAlphaAndZeroTransparentColour() throws {
        var t = Tensor(height: 1, width: 3, channels: 4, data: [
            0.8, 0.4, 0.2, 0.5,
            1.0, 1.0, 1.0, 0.0,
            0.1, 0.2, 0.3, 1.0,
        ])
        let transform = try #require(ColorTransform(options: .init(), channels: 4))
        transform.toWorking(&t, threads: 1)
        #expect(t.data == [0.4, 0.2, 0.1, 0.5, 0, 0, 0, 0, 0.1, 0.2, 0.3, 1.0])
        transform.toStored(&t, threads: 1)
        #expect(t.data == [0.8, 0.4, 0.2, 0.5, 0, 0, 0, 0, 0.1, 0.2, 0.3, 1.0])
    }

    @Test func linearAppliesToColourOnlyNeverAlpha() throws {
        var t = Tensor(height: 1, width: 1, channels: 2, data: [0.5, 0.5])
        let transform = try #require(ColorTransform(options: .init(alpha: .straight, linear: true), channels: 2))
        transform.toWorking(&t, threads: 1)
        #expect(abs(t.data[0] - 0.21404114) < 1e-6)
        #expect(t.data[1] == 0.5)
    }

    @Test func linearAndPremultipliedTogether() throws {
        // Working colour = toLinear(0.5) · 0.5; back = toSRGB(working / 0.5) = 0.5.
        var t = Tensor(height: 1, width: 1, channels: 4, data: [0.5, 0.5, 0.5, 0.5])
        let transform = try #require(ColorTransform(options: .init(linear: true), channels: 4))
        transform.toWorking(&t, threads: 1)
        #expect(abs(t.data[0] - 0.21404114 * 0.5) < 1e-6)
        #expect(t.data[3] == 0.5)
        transform.toStored(&t, threads: 1)
        #expect(abs(t.data[0] - 0.5) < 1e-6)
    }

    @Test func threadedConversionEqualsSingleThreaded() throws {
        let h = 257, w = 301, c = 4
        let data = (0..<(h * w * c)).map { Float(($0 * 7919) % 1000) / 999 }
        var one = Tensor(height: h, width: w, channels: c, data: data)
        var many = one
        let transform = try #require(ColorTransform(options: .init(linear: true), channels: c))
        transform.toWorking(&one, threads: 1)
        transform.toWorking(&many, threads: 4)
        #expect(one == many)
        transform.toStored(&one, threads: 1)
        transform.toStored(&many, threads: 3)
        #expect(one == many)
    }
}

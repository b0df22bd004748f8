import Testing
import ImageTensor
@testable import Pipeline

/// `StageList.apply` with colour handling against a numpy reference written from the
/// formulas (sRGB transfer of IEC 61966-2-1, premultiply, PyTorch `avg_pool2d` with
/// `count_pad=true`, divide, encode), computed in float64 by this script:
///
/// ```python
/// import numpy as np
/// H, W, C = 4, 6, 4
/// x = np.array([((i * 37) % 101) / 100 for i in range(H * W * C)], dtype=np.float64).reshape(H, W, C)
/// def to_lin(v): return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
/// def to_srgb(v): return np.where(v <= 0.0031308, v * 12.92, 1.055 * np.abs(v) ** (1 / 2.4) - 0.055)
/// def avg_pool(t, k, s, p):  # count_pad=true, floor mode
///     h, w, c = t.shape
///     tp = np.zeros((h + 2 * p, w + 2 * p, c)); tp[p:p + h, p:p + w] = t
///     oh = (h + 2 * p - k) // s + 1; ow = (w + 2 * p - k) // s + 1
///     return np.array([[tp[y*s:y*s+k, x*s:x*s+k].mean(axis=(0, 1)) for x in range(ow)] for y in range(oh)])
/// def pooled(t, k, s, p, linear, premult):
///     col, a = t[..., :3].copy(), t[..., 3:]
///     if linear: col = to_lin(col)
///     if premult: col = col * a
///     out = avg_pool(np.concatenate([col, a], axis=2), k, s, p)
///     col, a = out[..., :3], out[..., 3:]
///     if premult: col = np.where(a > 0, col / np.where(a > 0, a, 1), 0)
///     if linear: col = to_srgb(col)
///     return np.concatenate([col, a], axis=2)
/// for args in [(2, 2, 0, True, True), (3, 2, 1, True, False), (3, 2, 1, False, True)]:
///     r = pooled(x, *args)
///     print(args, r.shape)
///     print(", ".join(f"{v:.7f}" for v in r.reshape(-1)))
/// ```
@Suite struct ColorReferenceTests {
    static let input: Tensor = {
        let (h, w, c) = (4, 6, 4)
        return Tensor(height: h, width: w, channels: c,
                      data: (0..<(h * w * c)).map { Float(($0 * 37) % 101) / 100 })
    }()

    static let cases: [(String, ColorOptions, [Float])] = [
        ("avg(2)", ColorOptions(alpha: .premultiplied, linear: true), [
            0.6238952, 0.5669006, 0.6145821, 0.4825000,
            0.5915651, 0.5081929, 0.5381510, 0.4125000,
            0.6944364, 0.3780399, 0.5236828, 0.5950000,
            0.6714727, 0.6744445, 0.4735776, 0.5675000,
            0.6501847, 0.6159426, 0.4022642, 0.4975000,
            0.5731270, 0.5603232, 0.5638049, 0.4275000,
        ]),
        ("avg(3, stride=2, padding=1)", ColorOptions(alpha: .straight, linear: true), [
            0.3389253, 0.3948097, 0.4824065, 0.2144444,
            0.4802637, 0.5014404, 0.5617939, 0.2866667,
            0.4291223, 0.4486174, 0.5114800, 0.3522222,
            0.4821597, 0.5080637, 0.5338808, 0.3922222,
            0.6245988, 0.5233191, 0.6704971, 0.5077778,
            0.6561056, 0.4635397, 0.6904085, 0.4377778,
        ]),
        ("avg(3, stride=2, padding=1)", ColorOptions(alpha: .premultiplied, linear: false), [
            0.5603627, 0.4593782, 0.5310881, 0.2144444,
            0.4847674, 0.5181008, 0.4692248, 0.2866667,
            0.5580126, 0.3768139, 0.4505047, 0.3522222,
            0.6283569, 0.4690368, 0.5042776, 0.3922222,
            0.6093435, 0.3737856, 0.5161488, 0.5077778,
            0.5741371, 0.2930203, 0.5220305, 0.4377778,
        ]),
    ]

    @Test(arguments: cases)
    func matchesNumpy(spec: String, color: ColorOptions, expected: [Float]) throws {
        let out = try StageList.parse(spec).apply(Self.input, color: color)
        #expect(out.shape == [2, 3, 4])
        let worst = zip(out.data, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 2e-6, "largest difference \(worst)")
    }
}

internal import CFFT
import ImageCodecs
import ImageTensor

/// The log-magnitude Fourier spectrum the report shows beside each image, where aliasing
/// appears as energy folded back from beyond the Nyquist frequency.
///
/// Of the image's luminance plane (the mean of the premultiplied colour planes of
/// `MetricPlanes`; the gray plane for gray), cropped to its central `maxSide × maxSide`
/// at most: `S = log(1 + |F|)` with `F` numpy's unnormalised `fft2`, zero frequency moved
/// to the centre (`fftshift`), and scaled by `1 / max(S)` into [0, 1]. Computed with FFTW3
/// in single precision.
enum Spectrum {
    /// The largest side transformed; larger images use their central crop.
    public static let maxSide = 1024

    /// The luminance plane of `t`, cropped to its central `maxSide` square at most.
    /// - Precondition: 1–4 channels.
    public static func luminance(_ t: Tensor, maxSide: Int = Spectrum.maxSide) -> Tensor {
        let h = min(t.height, maxSide), w = min(t.width, maxSide)
        let y0 = (t.height - h) / 2, x0 = (t.width - w) / 2
        let c = t.channels, colour = t.hasAlpha ? c - 1 : c
        return Tensor(height: h, width: w, channels: 1) { out in
            t.data.withUnsafeBufferPointer { d in
                for y in 0..<h {
                    for x in 0..<w {
                        let s = ((y + y0) * t.width + x + x0) * c
                        let a = t.hasAlpha ? ComparableImage.clamp01(d[s + c - 1]) : 1
                        var sum: Float = 0
                        for k in 0..<colour { sum += ComparableImage.clamp01(d[s + k]) * a }
                        out[y * w + x] = sum / Float(colour)
                    }
                }
            }
        }
    }

    /// `log(1 + |fftshift(fft2(plane))|)`, unscaled, of a one-channel tensor.
    /// - Throws: `InspectError.spectrumFailed` when FFTW cannot run.
    /// - Precondition: `plane` has one channel and at least one pixel.
    public static func logMagnitude(_ plane: Tensor) throws -> Tensor {
        precondition(plane.channels == 1 && plane.count > 0, "the spectrum takes one non-empty plane")
        var out = Tensor(height: plane.height, width: plane.width, channels: 1)
        var msg = [CChar](repeating: 0, count: Int(CFFT_MSG_SIZE))
        let status = plane.data.withUnsafeBufferPointer { input in
            out.data.withUnsafeMutableBufferPointer { o in
                cfft_log_magnitude(input.baseAddress, Int32(plane.height), Int32(plane.width),
                                   o.baseAddress, &msg, msg.count)
            }
        }
        guard status == CFFT_OK else { throw InspectError.spectrumFailed(reason: CMessage.text(msg)) }
        return out
    }

    /// The picture: the log-magnitude of `t`'s luminance scaled into [0, 1].
    /// - Throws: `InspectError.spectrumFailed`.
    public static func picture(_ t: Tensor) throws -> Tensor {
        var s = try logMagnitude(luminance(t))
        let peak = s.data.max() ?? 0
        if peak > 0 { s.data = s.data.map { $0 / peak } }
        return s
    }
}

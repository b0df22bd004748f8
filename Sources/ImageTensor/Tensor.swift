/// A row-major HWC Float32 image tensor.
///
/// The sample of row `y`, column `x`, channel `c` is at `(y * width + x) * channels + c`.
/// Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. Decoded samples lie in [0, 1];
/// pooling may produce any real value and encoders clamp.
public struct Tensor: Sendable, Equatable {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// Samples per pixel, 1...4 for images (any positive count is accepted for intermediate data).
    public var channels: Int
    /// `height * width * channels` samples, row-major HWC.
    public var data: [Float]

    /// Creates a tensor over existing samples.
    /// - Precondition: `data.count == height * width * channels`, all dimensions ≥ 0.
    public init(height: Int, width: Int, channels: Int, data: [Float]) {
        precondition(height >= 0 && width >= 0 && channels > 0, "bad tensor shape")
        precondition(data.count == height * width * channels,
                     "tensor data has \(data.count) samples, shape needs \(height * width * channels)")
        self.height = height
        self.width = width
        self.channels = channels
        self.data = data
    }

    /// Creates a tensor filled with `value`.
    public init(height: Int, width: Int, channels: Int, repeating value: Float = 0) {
        self.init(height: height, width: width, channels: channels,
                  data: [Float](repeating: value, count: height * width * channels))
    }

    /// Creates a tensor whose samples are written by `body` into uninitialised storage.
    /// - Precondition: `body` writes every one of the `height * width * channels` samples.
    public init(height: Int, width: Int, channels: Int,
                unsafeUninitialized body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        let n = height * width * channels
        let data = try [Float](unsafeUninitializedCapacity: n) { buf, count in
            try body(buf)
            count = n
        }
        self.init(height: height, width: width, channels: channels, data: data)
    }

    /// The shape as `[H, W, C]`, the order used in manifests and `.npy` files.
    public var shape: [Int] { [height, width, channels] }

    /// Number of samples.
    public var count: Int { data.count }

    /// Whether the last channel is alpha (2 or 4 channels).
    public var hasAlpha: Bool { channels == 2 || channels == 4 }

    /// The sample at row `y`, column `x`, channel `c`.
    /// - Precondition: indices in range.
    @inlinable
    public subscript(y: Int, x: Int, c: Int) -> Float {
        get { data[(y * width + x) * channels + c] }
        set { data[(y * width + x) * channels + c] = newValue }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(\(height)×\(width)×\(channels))" }
}

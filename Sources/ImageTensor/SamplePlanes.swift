/// An image as 8-bit planes, each on its own sampling grid: a JPEG's components as stored
/// (Y, Cb, Cr, the chroma planes usually at half resolution) or its one gray plane, before
/// any chroma upsampling or colour conversion.
///
/// All planes live in one buffer, `samples`; plane `c` starts at its `offset` and holds
/// `height` rows of `stride` bytes whose first `width` samples are valid;
/// its samples span `extentX × extentY` of the decoded image, in the plane's own sample
/// units (a 4:2:0 chroma plane of a 500 × 375 image spans 250 × 187.5 samples: 188 rows).
public struct SamplePlanes: Sendable {
    /// What the planes hold.
    public enum Model: Sendable, Equatable {
        /// One plane, gray levels 0…255.
        case gray
        /// Three planes, JFIF Y, Cb, Cr (full range, chroma centred on 128).
        case ycbcr
    }

    /// One plane's place in `samples` and its geometry.
    public struct Plane: Sendable, Equatable {
        public var offset: Int
        public var stride: Int
        public var width: Int
        public var height: Int
        public var extentX: Double
        public var extentY: Double

        /// - Precondition: `width <= stride`.
        public init(offset: Int, stride: Int, width: Int, height: Int, extentX: Double, extentY: Double) {
            precondition(width <= stride, "plane rows shorter than the plane")
            self.offset = offset
            self.stride = stride
            self.width = width
            self.height = height
            self.extentX = extentX
            self.extentY = extentY
        }
    }

    public var model: Model
    /// Every plane's rows, plane after plane.
    public var samples: [UInt8]
    public var planes: [Plane]
    /// The size of the image the planes make up (the decoded size, after any DCT scaling).
    public var height: Int
    public var width: Int

    /// - Precondition: one plane for `.gray`, three for `.ycbcr`, each inside `samples`.
    public init(model: Model, samples: [UInt8], planes: [Plane], height: Int, width: Int) {
        precondition(planes.count == (model == .gray ? 1 : 3), "wrong number of planes")
        precondition(planes.allSatisfy { $0.offset >= 0 && $0.offset + $0.stride * $0.height <= samples.count },
                     "plane outside the sample buffer")
        self.model = model
        self.samples = samples
        self.planes = planes
        self.height = height
        self.width = width
    }

    /// Channels of the image once converted: 1 (gray) or 3 (RGB).
    public var channels: Int { model == .gray ? 1 : 3 }
}

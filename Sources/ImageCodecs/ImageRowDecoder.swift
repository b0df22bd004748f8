import ImageTensor

/// Decodes an image row band by row band, for callers that pool rows as they arrive.
///
/// `init` reads only the header (and rejects images over `maxPixels` before any pixel memory
/// is taken); `readRows` delivers rows top to bottom as normalised Float HWC samples;
/// `finish` checks what follows the image data and returns the metadata. Not thread-safe.
public final class ImageRowDecoder {
    /// The file's header (stored size, channels, ICC, orientation, ...).
    public let header: ImageHeader
    /// Size of the rows delivered: the stored size, or JPEG DCT-scaled `ceil(size / d)`.
    public private(set) var outputWidth: Int
    public private(set) var outputHeight: Int
    /// Samples per pixel of the rows delivered.
    public var channels: Int { header.channels }
    /// Rows delivered so far.
    public private(set) var rowsRead = 0

    private enum Backend { case codec(CRowDecoder), npy(NPYRowDecoder) }
    private let backend: Backend
    private var dctScale: Int

    /// Opens encoded bytes; the decoder is chosen by content.
    /// - Throws: `FormatError`, `ImageLimitError`, `PNGDecodingError`, `JPEGDecodingError`,
    ///   `NPYDecodingError`.
    public init(bytes: [UInt8], options: DecodeOptions = .init()) throws {
        guard let format = ImageDecoder.detectFormat(bytes) else {
            if FormatError.looksLikeWebP(bytes) { throw FormatError.webpNotSupported }
            throw FormatError.unrecognized(firstBytes: Array(bytes.prefix(4)))
        }
        switch format {
        case .npy:
            let npy = try NPYRowDecoder(bytes: bytes)
            let h = npy.header
            let model = ["gray", "gray+alpha", "rgb", "rgba"][h.channels - 1]
            header = ImageHeader(format: .npy, width: h.width, height: h.height, channels: h.channels,
                                 bitDepth: h.dtype.bitDepth, colorModel: model)
            outputWidth = h.width
            outputHeight = h.height
            dctScale = 1
            backend = .npy(npy)
        case .png, .jpeg:
            let c = try CRowDecoder(kind: format == .png ? .png : .jpeg,
                                    bytes: OwnedBytes(copying: bytes), options: options)
            let icc = c.iccProfile
            header = ImageHeader(format: format, width: Int(c.info.width), height: Int(c.info.height),
                                 channels: c.channels, bitDepth: Int(c.info.bit_depth),
                                 interlaced: c.info.interlaced != 0, colorModel: c.colorModel,
                                 iccProfile: icc, iccDescription: icc.flatMap(ICCProfileDescription.parse),
                                 orientation: c.orientation)
            outputWidth = c.outputWidth
            outputHeight = c.outputHeight
            dctScale = format == .jpeg ? options.dctScaleDenominator : 1
            backend = .codec(c)
        }
        if options.maxPixels > 0 {
            let (pixels, overflow) = header.width.multipliedReportingOverflow(by: header.height)
            if overflow || pixels > options.maxPixels {
                throw ImageLimitError.tooManyPixels(width: header.width, height: header.height,
                                                    limit: options.maxPixels)
            }
        }
    }

    /// Reads the next `count` rows into `dst` (`count * outputWidth * channels` samples).
    /// - Precondition: `rowsRead + count <= outputHeight` and `dst` is large enough.
    /// - Throws: the format's decoding error (truncation is a warning with `allowTruncated`).
    public func readRows(_ count: Int, into dst: UnsafeMutableBufferPointer<Float>) throws {
        switch backend {
        case .codec(let c): try c.readRows(count, into: dst)
        case .npy(let n): n.readRows(count, into: dst)
        }
        rowsRead += count
    }

    /// Shrinks a JPEG while decoding by `denominator` (1, 2, 4 or 8), chosen after looking at
    /// `header` — the same as opening with `DecodeOptions.dctScaleDenominator`, without
    /// parsing the file twice. Other formats ignore it.
    /// - Precondition: no row has been read yet.
    /// - Throws: `JPEGDecodingError.badScaleDenominator` or a decoding error.
    public func setDCTScale(_ denominator: Int) throws {
        precondition(rowsRead == 0, "the DCT scale is set before reading rows")
        guard case .codec(let c) = backend, header.format == .jpeg else { return }
        try c.rescale(denominator)
        outputWidth = c.outputWidth
        outputHeight = c.outputHeight
        dctScale = denominator
    }

    /// Whether `readByteRows` can be used: the rows are 8-bit samples whose normalised value
    /// is exactly `Float(v) / 255` (8-bit PNG, gray/RGB JPEG; not 16-bit, CMYK or `.npy`).
    public var deliversBytes: Bool {
        if case .codec(let c) = backend { return c.deliversBytes }
        return false
    }

    /// Reads the next `count` rows as 8-bit samples into `dst` (`count * outputWidth *
    /// channels` bytes): the bytes that `readRows` would turn into `Float(v) / 255`, so a
    /// caller can fuse that conversion into its own first pass.
    /// - Precondition: `deliversBytes`, `rowsRead + count <= outputHeight`, `dst` large enough.
    /// - Throws: the format's decoding error (truncation is a warning with `allowTruncated`).
    public func readByteRows(_ count: Int, into dst: UnsafeMutableBufferPointer<UInt8>) throws {
        guard case .codec(let c) = backend else { preconditionFailure("rows are not 8-bit samples") }
        try c.readByteRows(count, into: dst)
        rowsRead += count
    }

    /// Decodes the whole image as its 8-bit planes (a JPEG's components as stored, chroma not
    /// upsampled, no colour conversion) instead of rows, for a caller that resamples each
    /// plane itself; then `finish`. nil, with nothing read, when the image is not a gray or
    /// YCbCr JPEG, or rows must be converted (`toSRGB` with a profile) or may be truncated
    /// (`allowTruncated`).
    /// - Precondition: no row has been read yet.
    /// - Throws: the JPEG's decoding error.
    public func readPlanes() throws -> SamplePlanes? {
        precondition(rowsRead == 0, "readPlanes reads the image from its first row")
        guard case .codec(let c) = backend, let planes = try c.readPlanes() else { return nil }
        rowsRead = outputHeight
        return planes
    }

    /// Reads every row as 8-bit samples into one buffer (`outputHeight · outputWidth ·
    /// channels` bytes, not zeroed first): `readByteRows` of the whole image.
    /// - Precondition: `deliversBytes`, no row read yet.
    /// - Throws: what `readByteRows` throws.
    public func readAllByteRows() throws -> [UInt8] {
        precondition(rowsRead == 0, "readAllByteRows reads the image from its first row")
        let count = outputHeight * outputWidth * channels
        var bytes = [UInt8](unsafeUninitializedCapacity: count) { _, n in n = count }
        try bytes.withUnsafeMutableBufferPointer { try readByteRows(outputHeight, into: $0) }
        return bytes
    }

    /// Reads every row into one tensor and finishes: the whole-image decode.
    /// - Precondition: no row has been read yet.
    /// - Throws: what `readRows` and `finish` throw.
    public func decodeAll() throws -> DecodedImage {
        precondition(rowsRead == 0, "decodeAll reads the image from its first row")
        let tensor = try Tensor(height: outputHeight, width: outputWidth, channels: channels) { buffer in
            try readRows(outputHeight, into: buffer)
        }
        return DecodedImage(tensor: tensor, metadata: try finish())
    }

    /// Checks the data after the last row and returns the image's metadata.
    /// - Precondition: every row was read.
    public func finish() throws -> ImageMetadata {
        precondition(rowsRead == outputHeight, "finish before the last row")
        var orientation = header.orientation
        var warnings: [String] = []
        var exif: [UInt8]?
        var converted = false
        if case .codec(let c) = backend {
            try c.finish()
            orientation = c.orientation  // a PNG eXIf chunk may follow the image data
            warnings = c.warnings
            exif = c.exif
            converted = c.convertsToSRGB
        }
        var metadata = ImageMetadata(format: header.format, bitDepth: header.bitDepth,
                                     storedWidth: header.width, storedHeight: header.height,
                                     channels: header.channels, interlaced: header.interlaced,
                                     iccProfile: header.iccProfile, orientation: orientation,
                                     dctScale: dctScale, warnings: warnings, colorModel: header.colorModel)
        metadata.exif = exif
        metadata.iccDescription = header.iccDescription
        if converted {
            metadata.convertedToSRGB = true
            metadata.iccProfile = SRGBConverter.profile(gray: header.channels <= 2)
        }
        return metadata
    }
}

internal import CCodecs
import ImageTensor

/// Row-by-row PNG or JPEG decoding through CCodecs, converting rows to normalised Float.
/// Not thread-safe: one decoder, one caller.
final class CRowDecoder {
    enum Kind { case png, jpeg }

    let kind: Kind
    private(set) var info = cc_image_info()
    private(set) var warnings: [String] = []
    /// Samples per pixel of the Float rows (JPEG CMYK → 3).
    let channels: Int
    private(set) var outputWidth: Int
    private(set) var outputHeight: Int
    let bytes: OwnedBytes
    let allowTruncated: Bool
    private var png: OpaquePointer?
    private(set) var jpeg: OpaquePointer?
    /// Set by the row and plane readers (CRowDecoder+Planes.swift) once libjpeg has started.
    var started = false
    var rowsRead = 0
    private var truncated = false  // a tolerated truncation happened (a warning is kept)
    private var gaveUp = false     // ... and the decoder can't deliver more rows: later rows are zero
    private var scratch: [UInt8] = []  // raw rows before conversion, reused across calls
    /// Set with `DecodeOptions.toSRGB` when the file's ICC profile applies to its samples.
    private(set) var converter: SRGBConverter?

    /// Opens `bytes` and parses the header; no pixel memory is taken yet.
    /// - Throws: `PNGDecodingError`, `JPEGDecodingError` or `ImageLimitError`.
    init(kind: Kind, bytes: OwnedBytes, options: DecodeOptions) throws {
        self.kind = kind
        self.bytes = bytes
        self.allowTruncated = options.allowTruncated
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        var status: cc_status
        switch kind {
        case .png:
            status = cc_png_open(bytes.base, bytes.count, &png, &info, &msg, msg.count)
        case .jpeg:
            guard [1, 2, 4, 8].contains(options.dctScaleDenominator) else {
                throw JPEGDecodingError.badScaleDenominator(options.dctScaleDenominator)
            }
            var opts = cc_jpeg_options()
            opts.scale_denom = Int32(options.dctScaleDenominator)
            opts.allow_corrupt = options.allowTruncated ? 1 : 0
            opts.max_scans = 1000
            // Enough for a progressive image at the pixel limit (coefficients: 2 bytes × 4
            // components per pixel at most), plus working room.
            if options.maxPixels > 0 {
                let (bytes, overflow) = options.maxPixels.multipliedReportingOverflow(by: 8)
                opts.max_memory = overflow || bytes > Int.max / 2 ? Int.max / 2 : bytes + (64 << 20)
            }
            status = cc_jpeg_open(bytes.base, bytes.count, &opts, &jpeg, &info, &msg, msg.count)
        }
        if status != CC_OK {
            let error = Self.error(kind: kind, status: status, message: CMessage.text(msg),
                                   width: Int(info.width), height: Int(info.height), bytes: bytes)
            // Over the library's limit and over --max-pixels too: name the user's limit.
            if case let ImageLimitError.overLibraryLimit(w, h, _)? = error as? ImageLimitError,
               options.maxPixels > 0, w.multipliedReportingOverflow(by: h).partialValue > options.maxPixels {
                throw ImageLimitError.tooManyPixels(width: w, height: h, limit: options.maxPixels)
            }
            throw error
        }
        channels = info.components == 4 && kind == .jpeg ? 3 : Int(info.components)
        outputWidth = Int(info.out_width)
        outputHeight = Int(info.out_height)
        if options.toSRGB, let icc = iccProfile {
            let cmyk = kind == .jpeg && info.components == 4
            do {
                converter = try SRGBConverter(
                    icc: icc, layout: SRGBConverter.layout(channels: channels, cmyk: cmyk,
                                                           inverted: info.cmyk_inverted != 0,
                                                           bytes: info.bytes_per_sample == 1))
            } catch {
                warnings.append(String(describing: error))
            }
        }
    }

    /// Whether rows are converted from the file's ICC profile to sRGB.
    var convertsToSRGB: Bool { converter != nil }

    /// The TIFF-structured EXIF data seen so far (a PNG eXIf chunk may follow the image data).
    var exif: [UInt8]? {
        guard let p = info.exif, info.exif_len > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: p, count: info.exif_len))
    }

    deinit {
        cc_png_close(png)
        cc_jpeg_close(jpeg)
    }

    var colorModel: String {
        withUnsafeBytes(of: info.color_model) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    var iccProfile: [UInt8]? {
        guard let p = info.icc, info.icc_len > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: p, count: info.icc_len))
    }

    var orientation: Int {
        guard let p = info.exif, info.exif_len > 0 else { return 1 }
        return ExifOrientation.parse(UnsafeBufferPointer(start: p, count: info.exif_len))
    }

    /// Sets the JPEG DCT scale denominator (1, 2, 4, 8) before any row is read.
    /// - Throws: `JPEGDecodingError.badScaleDenominator`, or libjpeg's error.
    func rescale(_ denominator: Int) throws {
        precondition(kind == .jpeg && !started && rowsRead == 0, "rescale a JPEG before reading rows")
        guard [1, 2, 4, 8].contains(denominator) else { throw JPEGDecodingError.badScaleDenominator(denominator) }
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        let status = cc_jpeg_rescale(jpeg, Int32(denominator), &info, &msg, msg.count)
        if status != CC_OK {
            throw Self.error(kind: kind, status: status, message: CMessage.text(msg),
                             width: Int(info.width), height: Int(info.height), bytes: bytes)
        }
        outputWidth = Int(info.out_width)
        outputHeight = Int(info.out_height)
    }

    /// Whether the decoded rows are 8-bit samples whose Float value is `v / 255` (every PNG
    /// and JPEG but 16-bit PNG and CMYK/YCCK JPEG), so callers may take the bytes instead.
    var deliversBytes: Bool {
        info.bytes_per_sample == 1 && !(kind == .jpeg && info.components == 4) && converter == nil
    }

    /// Reads the next `count` rows into `dst` (`count * outputWidth * channels` samples).
    /// With `allowTruncated`, rows a truncated file lacks are zero and a warning is kept.
    /// - Precondition: `rowsRead + count <= outputHeight`, `dst` large enough.
    func readRows(_ count: Int, into dst: UnsafeMutableBufferPointer<Float>) throws {
        precondition(rowsRead + count <= outputHeight, "reading past the last row")
        let rowSamples = outputWidth * channels
        precondition(dst.count >= count * rowSamples, "row buffer too small")
        let rowBytes = outputWidth * Int(info.components) * Int(info.bytes_per_sample)
        let band = max(1, min(count, (1 << 20) / max(rowBytes, 1)))
        if scratch.count < band * rowBytes { scratch = [UInt8](repeating: 0, count: band * rowBytes) }
        var done = 0
        while done < count {
            let n = min(band, count - done)
            let out = UnsafeMutableBufferPointer(rebasing: dst[(done * rowSamples)..<((done + n) * rowSamples)])
            let got = try scratch.withUnsafeMutableBufferPointer { s in
                try readRaw(n, into: s.baseAddress!, rowBytes: rowBytes)
            }
            try scratch.withUnsafeBufferPointer { s in
                try convert(UnsafeBufferPointer(rebasing: s[0..<(got * rowBytes)]), into: out)
            }
            if got < n { UnsafeMutableBufferPointer(rebasing: out[(got * rowSamples)...]).update(repeating: 0) }
            done += n
        }
    }

    /// Reads the next `count` rows of 8-bit samples into `dst` (`count * outputWidth *
    /// channels` bytes), exactly the bytes `readRows` would convert to `v / 255`.
    /// - Precondition: `deliversBytes`, `rowsRead + count <= outputHeight`, `dst` large enough.
    func readByteRows(_ count: Int, into dst: UnsafeMutableBufferPointer<UInt8>) throws {
        precondition(deliversBytes, "rows are not 8-bit samples")
        precondition(rowsRead + count <= outputHeight, "reading past the last row")
        let rowBytes = outputWidth * channels
        precondition(dst.count >= count * rowBytes, "row buffer too small")
        let got = try readRaw(count, into: dst.baseAddress!, rowBytes: rowBytes)
        if got < count { UnsafeMutableBufferPointer(rebasing: dst[(got * rowBytes)..<(count * rowBytes)]).update(repeating: 0) }
    }

    /// Reads up to `n` rows as the C decoder stores them into `dst`; returns the rows
    /// written (fewer only for a tolerated truncation, after which no more rows come).
    private func readRaw(_ n: Int, into dst: UnsafeMutablePointer<UInt8>, rowBytes: Int) throws -> Int {
        if n == 0 { return 0 }
        if kind == .jpeg && !started { try start() }
        var got: UInt32 = 0
        var status = CC_OK
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        if !gaveUp {
            switch kind {
            case .png: status = cc_png_read_rows(png, dst, rowBytes, UInt32(n), &got, &msg, msg.count)
            case .jpeg: status = cc_jpeg_read_rows(jpeg, dst, rowBytes, UInt32(n), &got, &msg, msg.count)
            }
        }
        if status != CC_OK || Int(got) < n {
            let failure = status == CC_OK ? CC_ERR_TRUNCATED : status
            guard allowTruncated && failure == CC_ERR_TRUNCATED else {
                throw Self.error(kind: kind, status: failure, message: CMessage.text(msg),
                                 width: Int(info.width), height: Int(info.height), bytes: bytes)
            }
            let ends = kind == .png ? PNGDecodingError.truncated.description : JPEGDecodingError.truncated.description
            if !truncated {
                warnings.append(Int(got) < n
                    ? "\(ends); rows \(rowsRead + Int(got)) and later are blank"
                    : "\(ends); interlace passes after the cut are blank")
            }
            truncated = true
            if Int(got) < n { gaveUp = true }
        }
        rowsRead += n
        return Int(got)
    }

    /// Checks what follows the image data. Call once, after every row was read.
    func finish() throws {
        precondition(rowsRead == outputHeight, "finish before the last row")
        if kind == .jpeg && !started { try start() }  // zero-row images
        if truncated { return }
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        let status: cc_status
        switch kind {
        case .png: status = cc_png_finish(png, &info, &msg, msg.count)
        case .jpeg: status = cc_jpeg_finish(jpeg, &msg, msg.count)
        }
        if status != CC_OK {
            guard allowTruncated && status == CC_ERR_TRUNCATED else {
                throw Self.error(kind: kind, status: status, message: CMessage.text(msg),
                                 width: Int(info.width), height: Int(info.height), bytes: bytes)
            }
            warnings.append(kind == .png ? "PNG data ends early (after the last row)"
                                         : JPEGDecodingError.truncated.description)
        }
        if kind == .jpeg, warnings.isEmpty {
            let count = Int(cc_jpeg_warning_count(jpeg, &msg, msg.count))
            if count > 0 {
                let first = CMessage.text(msg)
                warnings.append(first.contains("Premature end")
                    ? "\(JPEGDecodingError.truncated.description); decoded what was there"
                    : "corrupt JPEG data tolerated (libjpeg: \(first); \(count) warning\(count == 1 ? "" : "s"))")
            }
        }
    }

    private func start() throws {
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        let status = cc_jpeg_start(jpeg, &msg, msg.count)
        if status != CC_OK {
            throw Self.error(kind: kind, status: status, message: CMessage.text(msg),
                             width: Int(info.width), height: Int(info.height), bytes: bytes)
        }
        started = true
    }

    private func convert(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<Float>) throws {
        if let converter {
            let pixels = src.count / (Int(info.components) * Int(info.bytes_per_sample))
            try converter.convertRows(src, pixels: pixels, channels: channels, into: dst) { convertSamples($0, into: $1) }
        } else {
            convertSamples(src, into: dst)
        }
    }

    private func convertSamples(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<Float>) {
        if kind == .jpeg && info.components == 4 {
            SampleConversion.convertCMYK(src, inverted: info.cmyk_inverted != 0, into: dst)
        } else if info.bytes_per_sample == 2 {
            SampleConversion.convert16BE(src, into: dst)
        } else {
            SampleConversion.convert8(src, into: dst)
        }
    }

    /// Maps a CCodecs status to this project's error for `kind`.
    static func error(kind: Kind, status: cc_status, message: String, width: Int, height: Int,
                      bytes: OwnedBytes) -> Error {
        if status == CC_ERR_LIMIT {
            var w = width, h = height
            if kind == .png && bytes.count >= 24 {  // IHDR width/height, big-endian, at 16 and 20
                let b = UnsafeBufferPointer(start: bytes.base, count: 24)
                w = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
                h = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
            }
            return ImageLimitError.overLibraryLimit(width: w, height: h, detail: message)
        }
        switch kind {
        case .png:
            switch status {
            case CC_ERR_TRUNCATED: return PNGDecodingError.truncated
            case CC_ERR_CRC: return PNGDecodingError.badChunkCRC(chunk: message)
            case CC_ERR_MEMORY: return PNGDecodingError.outOfMemory(detail: message)
            default: return PNGDecodingError.corrupt(detail: message)
            }
        case .jpeg:
            switch status {
            case CC_ERR_TRUNCATED: return JPEGDecodingError.truncated
            case CC_ERR_SCANS: return JPEGDecodingError.tooManyScans(limit: 1000)
            case CC_ERR_MEMORY: return JPEGDecodingError.outOfMemory(detail: message)
            default: return JPEGDecodingError.corrupt(detail: message)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImageTensor

/// What a file's first `HeaderPeek.byteCount` bytes say, without decoding anything: its
/// format by signature and, for a PNG, the IHDR fields. The one place that knows the
/// signatures and the IHDR layout; `ImageDecoder.detectFormat` and Pipeline's output
/// mapping and processing order all use it.
public struct HeaderPeek: Sendable, Equatable {
    /// A PNG's IHDR fields, as stored (not validated).
    public struct PNGHeader: Sendable, Equatable {
        public var width: Int
        public var height: Int
        public var bitDepth: Int
        /// PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
        public var colorType: Int

        /// Samples a pixel holds once decoded (palette counts as one index).
        public var samplesPerPixel: Int {
            switch colorType {
            case 0, 3: return 1
            case 4: return 2
            case 2: return 3
            default: return 4
            }
        }
    }

    /// Bytes read: the PNG signature (8), the IHDR length and type (8) and its first 10 bytes.
    public static let byteCount = 26
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// The format whose signature the bytes start with, or nil.
    public var format: SourceFormat?
    /// For a PNG whose first chunk is a complete-enough IHDR, its fields.
    public var png: PNGHeader?

    /// Peeks at the start of a file held in memory (any length; a short one gives less).
    public init(bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(Self.byteCount))
        if head.starts(with: Self.pngSignature) {
            format = .png
        } else if head.starts(with: Self.jpegSignature) {
            format = .jpeg
        } else if head.starts(with: NPYHeader.magic) {
            format = .npy
        }
        guard format == .png, head.count == Self.byteCount,
              head[12..<16].elementsEqual("IHDR".utf8) else { return }
        func be32(_ i: Int) -> Int { head[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        png = PNGHeader(width: be32(16), height: be32(20), bitDepth: Int(head[24]), colorType: Int(head[25]))
    }

    /// Peeks at the file at `path`; nil when it is not a regular file or cannot be read.
    /// Never blocks on a FIFO or device (only regular files are opened, non-blocking).
    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: Self.byteCount)
        let n = pread(fd, &head, head.count, 0)
        guard n >= 0 else { return nil }
        self.init(bytes: head.prefix(n))
    }
}

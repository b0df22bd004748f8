import Foundation

/// The outcome of one input in a run.
public enum InputStatus: String, Sendable, Equatable {
    case ok, skipped, failed
}

/// How an input was decoded, as recorded in the manifest's `decode` object.
public struct DecodeSummary: Sendable, Equatable {
    public var format: String
    public var bitDepth: Int
    public var dctScale: Int
    public var orientation: Int
    public var colorModel: String
    public var warnings: [String]
    /// The description of the input's own ICC profile (nil: none, or none readable).
    public var iccProfile: String? = nil
    /// The samples were converted from that profile to sRGB (`--to-srgb`).
    public var toSRGB: Bool = false

    public init(format: String, bitDepth: Int, dctScale: Int, orientation: Int,
                colorModel: String, warnings: [String]) {
        self.format = format; self.bitDepth = bitDepth; self.dctScale = dctScale
        self.orientation = orientation; self.colorModel = colorModel; self.warnings = warnings
    }

    var json: JSONValue {
        .object([
            ("format", .string(format)),
            ("bit_depth", .int(bitDepth)),
            ("dct_scale", .int(dctScale)),
            ("orientation", .int(orientation)),
            ("color_model", .string(colorModel)),
            ("warnings", .array(warnings.map { .string($0) })),
            ("icc_profile", iccProfile.map { .string($0) } ?? .null),
            ("to_srgb", .bool(toSRGB)),
        ])
    }
}

/// One manifest line about one input.
///
/// Fields: `input`, `output` (absolute paths), `status`, `error`, `input_shape` and
/// `output_shape` as `[H, W, C]` (`input_shape` is the decoded tensor before orientation),
/// `stages` (canonical stage list), `settings` (output options that change the file: format,
/// bit depth, quality, alpha, linear, autorotate, strip), `ms` (wall time for this input),
/// `decode`, and `input_size` (bytes) / `input_mtime` (ISO 8601 with nanoseconds, UTC) used
/// for resuming.
public struct ManifestRecord: Sendable, Equatable {
    public var input: String
    public var output: String?
    public var status: InputStatus
    public var error: String?
    public var inputShape: [Int]?
    public var outputShape: [Int]?
    public var stages: String
    public var settings: String
    public var milliseconds: Double
    public var decode: DecodeSummary?
    public var inputSize: Int64?
    public var inputMtime: String?
    /// Alpha was composited on this background (`#rrggbb`) because the output has none (JPEG).
    public var flattened: String? = nil

    public init(input: String, output: String?, status: InputStatus, error: String? = nil,
                inputShape: [Int]? = nil, outputShape: [Int]? = nil, stages: String, settings: String,
                milliseconds: Double = 0, decode: DecodeSummary? = nil,
                inputSize: Int64? = nil, inputMtime: String? = nil) {
        self.input = input; self.output = output; self.status = status; self.error = error
        self.inputShape = inputShape; self.outputShape = outputShape
        self.stages = stages; self.settings = settings; self.milliseconds = milliseconds
        self.decode = decode; self.inputSize = inputSize; self.inputMtime = inputMtime
    }

    /// The record as one line of JSON (no newline).
    public var jsonLine: String {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func shape(_ s: [Int]?) -> JSONValue { s.map { .array($0.map { .int($0) }) } ?? .null }
        return JSONValue.object([
            ("input", .string(input)),
            ("output", opt(output)),
            ("status", .string(status.rawValue)),
            ("error", opt(error)),
            ("input_shape", shape(inputShape)),
            ("output_shape", shape(outputShape)),
            ("stages", .string(stages)),
            ("settings", .string(settings)),
            ("ms", .double((milliseconds * 1000).rounded() / 1000)),
            ("decode", decode?.json ?? .null),
            ("input_size", inputSize.map { .int(Int($0)) } ?? .null),
            ("input_mtime", opt(inputMtime)),
        ] + (flattened.map { [("flattened", JSONValue.string($0))] } ?? [])).serialized
    }
}

/// The first record of every run: `{"run": {...}}`.
public struct RunRecord: Sendable, Equatable {
    public var poolpipeVersion: String
    public var libpngVersion: String?
    public var libjpegVersion: String?
    public var commandLine: [String]
    /// ISO 8601, UTC.
    public var startTime: String
    public var shard: ShardSpec?
    public var jobs: Int
    /// The inputs this run was given (its shard's, walk errors included), for `poolpipe status`.
    public var inputs: Int?
    /// The inputs found before sharding (walk errors included).
    public var inputsTotal: Int?
    /// libwebp's and LittleCMS's versions (WebP output, `--to-srgb`), when known.
    public var libwebpVersion: String? = nil
    public var lcmsVersion: String? = nil

    public init(poolpipeVersion: String, libpngVersion: String?, libjpegVersion: String?,
                commandLine: [String], startTime: String, shard: ShardSpec?, jobs: Int) {
        self.poolpipeVersion = poolpipeVersion; self.libpngVersion = libpngVersion
        self.libjpegVersion = libjpegVersion; self.commandLine = commandLine
        self.startTime = startTime; self.shard = shard; self.jobs = jobs
    }

    public var jsonLine: String {
        JSONValue.object([("run", .object([
            ("poolpipe", .string(poolpipeVersion)),
            ("libpng", libpngVersion.map { .string($0) } ?? .null),
            ("libjpeg", libjpegVersion.map { .string($0) } ?? .null),
            ("libwebp", libwebpVersion.map { .string($0) } ?? .null),
            ("lcms2", lcmsVersion.map { .string($0) } ?? .null),
            ("command", .string(commandLine.map(Self.shellQuoted).joined(separator: " "))),
            ("argv", .array(commandLine.map { .string($0) })),
            ("start", .string(startTime)),
            ("shard", shard.map { .string($0.description) } ?? .null),
            ("jobs", .int(jobs)),
            ("inputs", inputs.map { .int($0) } ?? .null),
            ("inputs_total", inputsTotal.map { .int($0) } ?? .null),
        ]))]).serialized
    }

    /// Per byte value, whether it is one of `A-Za-z0-9-_./=:,+@%` (needs no quoting; every
    /// byte of a non-ASCII character is outside it).
    private static let shellSafe: [Bool] = (0..<256).map { b in
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%".utf8.contains(UInt8(b))
    }

    /// `arg` quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ arg: String) -> String {
        if !arg.isEmpty && arg.utf8.allSatisfy({ shellSafe[Int($0)] }) { return arg }
        return "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The current time as ISO 8601 with milliseconds, UTC, e.g. `2026-11-29T03:11:12.345Z`.
    /// (Formatted by hand: a Foundation date formatter loads ICU's calendar and time-zone
    /// data, a millisecond of every run's start.)
    public static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return FileStamp.format(seconds: Int64(ts.tv_sec), fraction: Int64(ts.tv_nsec) / 1_000_000, digits: 3)
    }
}

/// An input's size and modification time, the identity resume compares.
public struct FileStamp: Sendable, Equatable {
    public var size: Int64
    /// ISO 8601 UTC with nanoseconds, e.g. `2026-11-29T00:35:12.123456789Z`.
    public var mtime: String

    /// The stamp of `path` (following links); nil when it cannot be read.
    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        let sec = Int64(st.st_mtimespec.tv_sec), nsec = Int64(st.st_mtimespec.tv_nsec)
        #else
        let sec = Int64(st.st_mtim.tv_sec), nsec = Int64(st.st_mtim.tv_nsec)
        #endif
        size = Int64(st.st_size)
        mtime = Self.format(seconds: sec, fraction: nsec, digits: 9)
    }

    public init(size: Int64, mtime: String) { self.size = size; self.mtime = mtime }

    /// `YYYY-MM-DDTHH:MM:SS.<fraction>Z` in UTC, the fraction zero-padded to `digits`.
    static func format(seconds: Int64, fraction: Int64, digits: Int) -> String {
        var t = time_t(seconds)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        func padded(_ v: Int64, _ width: Int) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return padded(Int64(tmv.tm_year) + 1900, 4) + "-" + padded(Int64(tmv.tm_mon) + 1, 2) + "-"
            + padded(Int64(tmv.tm_mday), 2) + "T" + padded(Int64(tmv.tm_hour), 2) + ":"
            + padded(Int64(tmv.tm_min), 2) + ":" + padded(Int64(tmv.tm_sec), 2) + "."
            + padded(fraction, digits) + "Z"
    }
}

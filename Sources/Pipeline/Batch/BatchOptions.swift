import Foundation
import ImageTensor
import ImageCodecs

/// Everything a batch run needs besides the per-image job.
public struct BatchOptions: Sendable {
    /// Files and folders, as the user wrote them.
    public var inputs: [String]
    /// `--files-from` lists.
    public var listFiles: [String]
    /// The output folder, as the user wrote it.
    public var outputFolder: String
    /// `--include` / `--exclude`, matched on relative paths.
    public var filter: PathFilter
    public var format: OutputFormatChoice
    /// JPEG quality 1...100.
    public var quality: Int
    /// PNG bit depth, 8 or 16; nil: 16 when the source has 16-bit samples, else 8.
    public var bitDepth: Int?
    /// Images in flight at once (and the threads they share), ≥ 1.
    public var jobs: Int
    /// The manifest file; nil: `OUT/manifest.jsonl` or `OUT/manifest-K-of-N.jsonl`.
    public var manifestPath: String?
    /// Redo inputs that resume would skip.
    public var force: Bool
    /// Stop taking new inputs after the first failure.
    public var failFast: Bool
    /// Maximum pixels and truncation tolerance for the decoder.
    public var decode: DecodeOptions
    /// Apply EXIF orientation before the job (`--no-autorotate` turns it off).
    public var autorotate: Bool
    /// Drop ICC profiles (and EXIF) from outputs.
    public var strip: Bool
    /// This process's part of a sharded run.
    public var shard: ShardSpec?
    /// Recorded in the manifest's run record.
    public var commandLine: [String]
    /// Relative inputs and the output folder are resolved against this folder.
    public var currentDirectory: String
    /// JPEG/WebP options, `--background`, `--name`, `--keep-exif`.
    public var publish = PublishOptions()
    /// Packing, sample dtype/layout/normalisation and labels (`--pack`, `--dtype`, …).
    public var dataset = DatasetOptions()

    public init(inputs: [String], listFiles: [String] = [], outputFolder: String,
                filter: PathFilter = PathFilter(), format: OutputFormatChoice = .same,
                quality: Int = 90, bitDepth: Int? = nil,
                jobs: Int = ProcessorCount.active,
                manifestPath: String? = nil, force: Bool = false, failFast: Bool = false,
                decode: DecodeOptions = DecodeOptions(), autorotate: Bool = true, strip: Bool = false,
                shard: ShardSpec? = nil, commandLine: [String] = CommandLine.arguments,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.inputs = inputs; self.listFiles = listFiles; self.outputFolder = outputFolder
        self.filter = filter; self.format = format; self.quality = quality; self.bitDepth = bitDepth
        self.jobs = max(1, jobs); self.manifestPath = manifestPath; self.force = force
        self.failFast = failFast; self.decode = decode; self.autorotate = autorotate
        self.strip = strip; self.shard = shard; self.commandLine = commandLine
        self.currentDirectory = currentDirectory
    }

    /// The output options that change output files, recorded and compared on resume.
    var outputSettings: String {
        var s = "format=\(formatName) quality=\(quality) bit_depth=\(bitDepth.map(String.init) ?? "source")"
        s += " autorotate=\(autorotate) strip=\(strip)"
        if decode.toSRGB { s += " to_srgb=true" }
        if !publish.settings.isEmpty { s += " " + publish.settings }
        let d = dataset.settings
        return d.isEmpty ? s : s + " " + d
    }

    private var formatName: String {
        switch format {
        case .same: return "same"
        case .fixed(let k): return k.rawValue
        }
    }
}

/// What a run will do, computed before any output is written.
public struct BatchPlan: Sendable {
    /// This process's inputs (after filters and sharding), in order, with their outputs.
    public var items: [PlannedOutput]
    /// Folders that could not be read; each counts as a failed input.
    public var issues: [WalkIssue]
    /// Inputs found before sharding.
    public var totalBeforeSharding: Int
    /// The output folder, absolute.
    public var outputFolder: String
    /// The manifest path, absolute.
    public var manifestPath: String
    /// `--labels folder`: the class names of every input found (before `--shard`).
    public var classes: [String] = []
    /// Whether relative paths start with their input folder's name (several input folders).
    public var relativePathsStartWithFolderName = false
}

/// The outcome of one input, as reported to the progress callback.
public struct BatchItemResult: Sendable {
    /// The input path as the user would write it.
    public var input: String
    /// The output path under the output folder as the user wrote it; nil when none was planned.
    public var output: String?
    public var status: InputStatus
    /// Why it failed (no path in it).
    public var error: String?
    /// The manifest record written for it.
    public var record: ManifestRecord
}

/// How a run ended.
public struct BatchSummary: Sendable {
    public var progress: BatchProgress
    /// Stopped by `cancel()` (SIGINT/SIGTERM) before every input was taken.
    public var interrupted: Bool
    /// Stopped by `--fail-fast`.
    public var stoppedAfterFailure: Bool
    public var manifestPath: String
    /// Set when a manifest line could not be written: outputs are fine, but a rerun may redo
    /// inputs whose records are missing.
    public var manifestError: String?
}

/// Errors that stop a batch before it starts (usage or configuration errors, exit 2).
public enum BatchError: Error, CustomStringConvertible {
    case input(InputError)
    case output(OutputError)
    case manifest(ManifestError)
    case badOption(String)

    public var description: String {
        switch self {
        case .input(let e): return e.description
        case .output(let e): return e.description
        case .manifest(let e): return e.description
        case .badOption(let s): return s
        }
    }
}

import Foundation

/// The processors this process may use, read once.
///
/// `ProcessInfo.activeProcessorCount` reads the cgroup CPU quota files on every call, and a
/// default value written with it (e.g. `--jobs`) is evaluated each time argument-parser
/// makes the options struct (several times per command line).
public enum ProcessorCount {
    /// `ProcessInfo.processInfo.activeProcessorCount` as it was at first use (at least 1).
    public static let active: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
}

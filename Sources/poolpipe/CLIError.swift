import ArgumentParser
import Foundation

/// The one place the CLI prints errors and notes: `poolpipe: error: <reason>` and
/// `poolpipe: <note>` lines on stderr.
enum CLIError {
    /// Prints `poolpipe: error: <reason>`.
    static func print(_ reason: String) {
        write("poolpipe: error: \(reason)")
    }

    /// Prints `poolpipe: <note>` (no "error:"), e.g. what an interrupted run is finishing.
    static func note(_ text: String) {
        write("poolpipe: \(text)")
    }

    /// Prints the error and returns exit status 2 (usage or configuration error) to throw.
    static func usage(_ reason: String) -> ExitCode {
        print(reason)
        return ExitCode(2)
    }

    /// Prints the error and returns `status` to throw.
    static func fail(_ reason: String, status: Int32) -> ExitCode {
        print(reason)
        return ExitCode(status)
    }

    /// argument-parser's own message (`Error: …` plus usage) in poolpipe's form.
    static func printParserMessage(_ message: String) {
        var text = message
        if text.hasPrefix("Error: ") { text = "poolpipe: error: " + text.dropFirst("Error: ".count) }
        write(text)
    }

    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }
}

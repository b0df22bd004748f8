import Foundation

/// Finds and runs headless Chromium for the inspection page's browser test.
enum HeadlessChromium {
    /// Executable names tried on PATH, in order (Debian's package "chromium" installs the first).
    static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// `$POOLPIPE_CHROMIUM` if set, else the first of `names` found on PATH.
    static func find() -> URL? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["POOLPIPE_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) {
            return URL(fileURLWithPath: explicit)
        }
        let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
                return URL(fileURLWithPath: dir + "/" + name)
            }
        }
        return nil
    }

    /// Loads `url` headless (virtual time lets the load event fire) and returns the DOM as
    /// serialised after scripts ran. Kills the browser after `timeout` seconds.
    static func dumpDOM(_ chromium: URL, url: URL, fragment: String? = nil, timeout: TimeInterval = 120) throws -> String {
        let profile = try makeTemporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = chromium
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000",
                       "--dump-dom", url.absoluteString + (fragment.map { "#" + $0 } ?? "")]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    /// Loads `url` headless at `width × height` CSS pixels and writes a PNG screenshot to
    /// `output`. Kills the browser after `timeout` seconds.
    static func screenshot(_ chromium: URL, url: String, output: URL, width: Int = 1400, height: Int = 1600,
                           timeout: TimeInterval = 120) throws {
        let profile = try makeTemporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = chromium
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                       "--user-data-dir=\(profile.path)", "--virtual-time-budget=10000",
                       "--window-size=\(width),\(height)", "--screenshot=\(output.path)", url]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        p.waitUntilExit()
        killer.cancel()
    }
}

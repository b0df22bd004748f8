import Testing
import Foundation

@Test func versionAndHelpWork() throws {
    let v = try PoolPipeBinary.run(["--version"])
    #expect(v.status == 0)
    #expect(!v.stdout.isEmpty)
    let h = try PoolPipeBinary.run(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("SUBCOMMANDS"))
}

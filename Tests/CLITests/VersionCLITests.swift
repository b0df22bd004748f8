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

@Test(arguments: [["run", "--bogus"], ["plan", "--size"], ["thumbnail", "x", "-o", "y"], ["nosuchcommand"]])
func argumentParserMistakesExitTwo(arguments: [String]) throws {
    let r = try PoolPipeBinary.run(arguments)
    #expect(r.status == 2, "\(arguments): status \(r.status), stderr \(r.stderr)")
    #expect(!r.stderr.isEmpty)
}

import Testing
@testable import ImageCodecs

@Test func CLITestsBuilds() { #expect(Bool(true)) }

import Testing
@testable import Inspect

@Test func InspectTestsBuilds() { #expect(Bool(true)) }

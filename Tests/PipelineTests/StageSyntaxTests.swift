import Testing
import Pooling
@testable import Pipeline

/// The stage-language parser on its own: every syntax form and every syntax error message.
@Suite struct StageSyntaxTests {
    private func one(_ text: String) throws -> StageSyntax {
        let list = try StageSyntax.parseList(text)
        #expect(list.count == 1)
        return list[0]
    }

    @Test func positionalThenNamedArguments() throws {
        let s = try one("max(3, stride=2, padding=1)")
        #expect(s.op == "max")
        #expect(s.positional == [.int(3)])
        #expect(s.named == [NamedArgument("stride", .int(2)), NamedArgument("padding", .int(1))])
        #expect(s.source == "max(3, stride=2, padding=1)")
    }

    @Test(arguments: [("3x2", 3, 2), ("3X2", 3, 2), ("3×2", 3, 2), ("3 x 2", 3, 2), ("64x64", 64, 64)])
    func sizes(text: String, h: Int, w: Int) throws {
        #expect(try one("adaptive_avg(\(text))").positional == [.size(h, w)])
    }

    @Test(arguments: [("2.5", 2.5), ("1e-3", 0.001), (".5", 0.5), ("2.", 2.0), ("1E+2", 100.0), ("-0.25", -0.25)])
    func reals(text: String, value: Double) throws {
        #expect(try one("lp(\(text), 2)").positional == [.real(value), .int(2)])
    }

    @Test func signedIntegersAreIntegers() throws {
        #expect(try one("avg(2, padding=-1)").named == [NamedArgument("padding", .int(-1))])
        #expect(try one("avg(+2)").positional == [.int(2)])
    }

    @Test func booleansAndWords() throws {
        let s = try one("avg(2, ceil=true, count_pad=false, padding=same)")
        #expect(s.named.map(\.value) == [.bool(true), .bool(false), .word("same")])
        #expect(try one("avg(2, padding=\"same\")").named[0].value == .word("same"))
        #expect(try one("avg(2, padding='valid')").named[0].value == .word("valid"))
    }

    @Test func opsWithoutArgumentsMayDropParentheses() throws {
        let list = try StageSyntax.parseList("blur|global_avg | global_max()")
        #expect(list.map(\.op) == ["blur", "global_avg", "global_max"])
        #expect(list.allSatisfy { $0.positional.isEmpty && $0.named.isEmpty })
    }

    @Test func whitespaceAnywhere() throws {
        let list = try StageSyntax.parseList("  avg ( 2 ,stride = 2 )\t|\n max(\n3x3,padding=1 ) ")
        #expect(list.count == 2)
        #expect(list[0].positional == [.int(2)])
        #expect(list[0].named == [NamedArgument("stride", .int(2))])
        #expect(list[0].source == "avg ( 2 ,stride = 2 )")
        #expect(list[1].positional == [.size(3, 3)])
        #expect(list[1].named == [NamedArgument("padding", .int(1))])
    }

    @Test func aBarInsideQuotesDoesNotSplit() throws {
        let list = try StageSyntax.parseList("avg(2, padding=\"a|b\") | max(2)")
        #expect(list.count == 2)
        #expect(list[0].named[0].value == .word("a|b"))
    }

    @Test func parseValueReadsOneValue() {
        #expect(StageSyntax.parseValue("3x3") == .size(3, 3))
        #expect(StageSyntax.parseValue(" same ") == .word("same"))
        #expect(StageSyntax.parseValue("1e-3") == .real(0.001))
        #expect(StageSyntax.parseValue("3 4") == nil)
        #expect(StageSyntax.parseValue("") == nil)
    }

    static let errors: [(String, String)] = [
        ("avg(2", "stage 1 \"avg(2\": missing \")\""),
        ("avg(2) | max(3", "stage 2 \"max(3\": missing \")\""),
        ("avg(2, padding=)", "stage 1 \"avg(2, padding=)\": missing value for padding"),
        ("avg(2, padding=", "stage 1 \"avg(2, padding=\": missing value for padding"),
        ("avg(,2)", "stage 1 \"avg(,2)\": missing argument before \",\""),
        ("avg(2,)", "stage 1 \"avg(2,)\": missing argument before \")\""),
        ("avg(stride=2, 3)", "stage 1 \"avg(stride=2, 3)\": positional argument 3 after named argument stride"),
        ("avg(2 3)", "stage 1 \"avg(2 3)\": expected \",\" or \")\" after 2, found \"3\""),
        ("avg(2) x", "stage 1 \"avg(2) x\": unexpected \"x\" after \")\""),
        ("avg 2", "stage 1 \"avg 2\": expected \"(\" after \"avg\", found \"2\""),
        ("(2)", "stage 1 \"(2)\": expected an op name, found \"(\""),
        ("avg(\"same)", "stage 1 \"avg(\"same)\": missing closing \""),
        ("avg(2.5x3)", "stage 1 \"avg(2.5x3)\": size \"2.5x3\" needs two whole numbers"),
        ("avg(#)", "stage 1 \"avg(#)\": expected an argument value, found \"#\""),
        ("avg(-)", "stage 1 \"avg(-)\": expected a number, found \"-\""),
        ("avg(99999999999999999999)", "stage 1 \"avg(99999999999999999999)\": number 99999999999999999999 is too large"),
        ("avg(2) | | max(2)", "stage 2 is empty"),
        ("avg(2) |", "stage 2 is empty"),
        ("| avg(2)", "stage 1 is empty"),
        ("", "the stage list is empty"),
        ("  \n ", "the stage list is empty"),
    ]

    @Test(arguments: errors)
    func syntaxErrors(spec: String, message: String) {
        #expect {
            try StageSyntax.parseList(spec)
        } throws: { error in
            (error as? StageListError)?.description == message
        }
    }

    @Test func errorsCarryTheStageIndex() {
        do {
            _ = try StageSyntax.parseList("avg(2) | max(2) | min(2")
            Issue.record("expected an error")
        } catch let error as StageListError {
            #expect(error.stageIndex == 3)
            #expect(error == .syntax(index: 3, stage: "min(2", reason: "missing \")\""))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

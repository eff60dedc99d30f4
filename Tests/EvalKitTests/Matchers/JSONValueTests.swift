import LinearTimeTesting
import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct JSONValueTests {
    /// `UInt32(_:radix:)` takes a sign, so `\u+041` once read as `A`; JSONNode rejects it too.
    @Test(arguments: [
        (#""\u+041""#, 2), (#""\u-000""#, 2), (#""ab\u+04a""#, 4), (#"["\u 041"]"#, 3), (#""\u00e""#, 2),
        (#""\ud800\u+dc0""#, 2), (#""\u0041\u-041""#, 8),
    ])
    func rejectsAUnicodeEscapeWithoutFourHexDigitsAtItsBackslash(text: String, column: Int) {
        #expect(throws: JSONValue.ParseError(message: "expected four hex digits after \\u", line: 1, column: column)) {
            try JSONValue.parse(text)
        }
    }

    @Test func readsUnicodeEscapesInUpperAndLowerCase() throws {
        #expect(try JSONValue.parse(#""\u0041\u00E9\u00e9\uD83D\uDE00""#) == .string("Aéé😀"))
    }

    /// Each escape once copied the whole string decoded so far.
    @Test func stringWithManyEscapesParsesInLinearTime() throws {
        func text(_ count: Int) -> String { "\"" + String(repeating: #"é\n\u0041x"#, count: count) + "\"" }
        #expect(try JSONValue.parse(text(80_000)) == .string(String(repeating: "é\nAx", count: 80_000)))
        try expectLinearTime("16 times the escapes", size: 5_000, input: text) { _ = try JSONValue.parse($0) }
    }
}

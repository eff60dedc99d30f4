import Testing
import YAMLLite

@Suite struct ParseValueTests {
    @Test(arguments: [
        ("", #""""#),
        ("   ", #""""#),
        ("# only a comment", #""""#),
        ("abc", #""abc""#),
        (" a b ", #""a b""#),
        ("-3", #""-3""#),
        ("null", #""null""#),
        ("tunedModels/next-number-abc", #""tunedModels/next-number-abc""#),
        ("a # comment", #""a""#),
        ("a#b", #""a#b""#),
        ("[a, b]", #"["a", "b"]"#),
        ("[]", "[]"),
        ("{numeric: 5}", #"{"numeric": "5"}"#),
        ("{numeric: 5, tolerance: 0.5}", #"{"numeric": "5", "tolerance": "0.5"}"#),
        (#""a: b""#, #""a: b""#),
        (#""{{prompt}}\n""#, #""{{prompt}}\n""#),
        ("'it''s'", #""it's""#),
        (#""""#, #""""#),
    ])
    func parsesOneLineValue(text: String, expected: String) throws {
        #expect(dump(try YAMLLite.parseValue(text, path: "--set x")) == expected)
    }

    @Test func valueMarksAreColumnsOfTheText() throws {
        let node = try YAMLLite.parseValue("  [a, {b: c}]", path: "--set x")
        #expect(node.mark == Mark(line: 1, column: 3))
        #expect(node.items?.last?.mark == Mark(line: 1, column: 7))
        #expect(node.items?.last?.entries?.first?.keyMark == Mark(line: 1, column: 8))
        #expect(node.style == .flow)
    }

    @Test(arguments: [
        ("a‸: b", "':' followed by a space is not allowed in a plain value: quote the value"),
        ("‸[a, b", "flow collections must close on the same line"),
        ("‸- a", "block sequences are not allowed in a one-line value"),
        ("‸|", "block scalars (| and >) are not allowed in a one-line value"),
        ("‸&x y", "anchors (&) are not supported in yaml-lite"),
        ("\"a‸\\q\"", "unknown escape '\\q'"),
        ("‸\"abc", "unterminated double-quoted string"),
        ("\"a\" ‸b", "unexpected content after the closing quote"),
        ("a‸\nb", "a one-line value cannot contain a line break"),
        ("{‸{prompt}}", "a flow collection cannot be a mapping key: quote text such as \"{{prompt}}\""),
    ])
    func rejectsBadValueAtItsColumn(marked: String, message: String) {
        let (text, expected) = unmark(marked)
        #expect {
            try YAMLLite.parseValue(text, path: "--set x")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            #expect(diagnostic.mark == expected, "\(diagnostic)")
            #expect(diagnostic.message.contains(message), "\(diagnostic)")
            return diagnostic.path == "--set x"
        }
    }

    @Test func renderedValueDiagnosticShowsTheText() {
        #expect {
            try YAMLLite.parseValue("[a, &b]", path: "--set defaults.stop")
        } throws: { error in
            (error as? Diagnostic)?.rendered() == """
                --set defaults.stop:1:5: error: anchors (&) are not supported in yaml-lite
                [a, &b]
                    ^
                """
        }
    }
}

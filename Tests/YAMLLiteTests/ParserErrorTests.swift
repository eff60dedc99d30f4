import Foundation
import Testing
import YAMLLite

/// Each input marks with ‸ the character the diagnostic must point at.
@Suite struct ParserErrorTests {
    @Test(arguments: [
        ("a:\n‸\tb: c", "tabs are not allowed in indentation"),
        ("a:\n  ‸\tb: c", "tabs are not allowed in indentation"),
        ("-‸\ta: b", "tabs are not allowed in indentation"),
        ("a: ‸&x b", "anchors (&) are not supported in yaml-lite"),
        ("‸&x a: b", "anchors (&) are not supported in yaml-lite"),
        ("a: ‸*x", "aliases (*) are not supported in yaml-lite"),
        ("- ‸!!str x", "tags (!) are not supported in yaml-lite"),
        ("a: [‸!x y]", "tags (!) are not supported in yaml-lite"),
        ("‸? a\n: b", "complex keys (?) are not supported in yaml-lite"),
        ("a: {‸? b: c}", "complex keys (?) are not supported in yaml-lite"),
        ("‸[a, b]: c", "complex keys are not supported in yaml-lite"),
        ("‸%YAML 1.2\n---\na: b", "directives (%) are not supported in yaml-lite"),
        ("a: b\n‸---\nc: d", "only one document is allowed (found '---'"),
        ("---\n‸---\n", "only one document is allowed (found '---'"),
        ("a: b\n...\n‸c: d", "only one document is allowed (found content after the document end marker '...'"),
        ("a: b\n... ‸c", "only one document is allowed (found content after the document end marker '...')"),
        ("--- ‸a: b", "content on the '---' line is not supported"),
        ("a: ‸[b,\n  c]", "flow collections must close on the same line"),
        ("a: ‸{b: c, # d\n  }", "flow collections must close on the same line"),
        ("a: b\n  ‸c", "multi-line plain scalars are not supported: quote the value or use a block scalar |"),
        ("- a\n\n  ‸b", "multi-line plain scalars are not supported"),
        ("a\n‸b", "multi-line plain scalars are not supported"),
        ("a: 1\nb: 2\n‸a: 3", "duplicate key 'a' (first defined at line 1)"),
        ("- x: 1\n  ‸\"x\": 2", "duplicate key 'x' (first defined at line 1)"),
        ("a: {x: 1, ‸x: 2}", "duplicate key 'x' (first defined at line 1, column 5)"),
        ("a: ‸\"b", "unterminated double-quoted string"),
        ("a: ‸'b\n  c", "unterminated single-quoted string"),
        ("a: [‸\"b]", "unterminated double-quoted string (a quoted string inside a flow collection must end on the same line)"),
        ("‸\"a\nb\": c", "a quoted mapping key must be on one line"),
        ("a: 1\n‸\"b\nc\": d", "unterminated double-quoted string (a quoted key must end on its line)"),
        ("a: \"x‸\\q\"", "unknown escape '\\q' in a double-quoted string"),
        ("a: \"‸\\u12G4\"", "invalid escape '\\u12G4': expected 4 hexadecimal digits after '\\u'"),
        ("a: \"‸\\uD800\"", "invalid escape '\\uD800': U+D800 is not a Unicode scalar value"),
        ("a: \"‸\\U00110000\"", "is not a Unicode scalar value"),
        ("a: b\n‸c", "expected a mapping key followed by ':' (found 'c' with no ':')"),
        ("‸key\nother: x", "expected a mapping key followed by ':' (found 'key' with no ':')"),
        ("a: \"b\" ‸c", "unexpected content after the closing quote"),
        ("a: 'it'‸s'", "unexpected content after the closing quote"),
        ("a: \"b\"‸# c", "unexpected content after the closing quote"),
        ("a: [b] ‸c", "unexpected content after the flow collection"),
        ("- a\n‸b: c", "a sequence and a mapping cannot be mixed at one level"),
        ("a: b\n‸- c", "a mapping and a sequence cannot be mixed at one level"),
        ("a:\n  - b\n  ‸c: d", "a sequence and a mapping cannot be mixed at one level"),
        ("a:\n  b: c\n ‸d: e", "bad indentation"),
        ("a:\n    b: c\n  ‸d: e", "bad indentation"),
        ("a: b\n  ‸c: d", "bad indentation"),
        ("- a\n  ‸- b", "bad indentation"),
        ("  a: b\n‸c: d", "bad indentation: expected column 3"),
        ("a: ‸- b", "a block sequence cannot start on the same line as its key"),
        ("a: ‸-", "a block sequence cannot start on the same line as its key"),
        ("a: b‸: c", "mapping values are not allowed here"),
        ("- a: b‸: c", "mapping values are not allowed here"),
        ("a: ‸`x`", "'`' is reserved in YAML and cannot start a plain scalar: quote the value"),
        ("a: ‸@x", "'@' is reserved in YAML"),
        ("a: ‸%x", "'%' is reserved in YAML"),
        ("a: ‸,x", "unexpected ','"),
        ("‸: a", "a mapping entry needs a key before ':'"),
        ("a: [b, ‸, c]", "unexpected ',' in a flow sequence"),
        ("a: [b‸: c]", "single-pair mappings inside flow sequences are not supported in yaml-lite"),
        ("a: {numeric:5‸}", "expected ':' after the flow mapping key 'numeric:5'"),
        ("a: [b c‸}", "expected ',' or ']' in a flow sequence"),
        ("a: [‸}]", "unexpected '}'"),
        ("a: [‸|]", "block scalars (| and >) are not allowed inside flow collections"),
        ("a: [‸- b]", "'-' followed by a space cannot start a value inside a flow collection"),
        ("a: |‸x\n  y", "invalid block scalar header"),
        ("a: |‸0\n  y", "the indentation indicator of a block scalar must be a digit from 1 to 9"),
        ("a: |\n  ‸  \n  x", "a leading empty line of a block scalar has more spaces than its first content line"),
        ("a: b‸\u{7}c", "control character U+0007 is not allowed in yaml-lite text: write it as the escape \\u0007 in a double-quoted string"),
        ("# comment ‸\u{1B}[31m\na: b", "control character U+001B is not allowed"),
        ("a: b‸\u{85}", "control character U+0085 is not allowed"),
        ("a: b‸\rc: d", "a carriage return is only allowed in a CRLF line end"),
        ("a: b‸\u{FEFF}", "a byte order mark (U+FEFF) is only allowed at the start of the file"),
        ("a: ‸\u{FFFF}", "U+FFFF is not a character allowed in yaml-lite text"),
        ("\u{FEFF}a: ‸&b c", "anchors (&) are not supported"),
        ("a: b\r\nc: \"‸\\q\"\r\n", "unknown escape '\\q'"),
    ])
    func rejectsConstructAtItsPosition(marked: String, message: String) {
        let (yaml, expected) = unmark(marked)
        #expect {
            try parse(yaml)
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            #expect(diagnostic.mark == expected, "\(diagnostic)")
            #expect(diagnostic.message.contains(message), "\(diagnostic)")
            #expect(diagnostic.path == "test.yaml-lite")
            #expect(diagnostic.severity == .error)
            return true
        }
    }

    @Test func renderedDiagnosticShowsHeadingSourceLineAndCaret() {
        #expect {
            try YAMLLite.parse(SourceFile(path: "suites/s.yaml-lite", text: "suite: s\ncases:\n  - id: &x one\n"))
        } throws: { error in
            (error as? Diagnostic)?.rendered() == """
                suites/s.yaml-lite:3:9: error: anchors (&) are not supported in yaml-lite
                  - id: &x one
                        ^
                """
        }
    }

    @Test func renderedDiagnosticOfACRLFFileShowsTheLineWithoutItsCarriageReturn() {
        #expect {
            try YAMLLite.parse(SourceFile(path: "w.yaml-lite", text: "a: 1\r\na: 2\r\n"))
        } throws: { error in
            (error as? Diagnostic)?.rendered() == "w.yaml-lite:2:1: error: duplicate key 'a' (first defined at line 1)\na: 2\n^"
        }
    }

    @Test(arguments: [
        ([0x61, 0x3A, 0x20, 0xFF, 0x0A], 1, 4, "0xFF"),
        ([0xEF, 0xBB, 0xBF, 0x61, 0x3A, 0x20, 0xC3, 0xA9, 0x0A, 0x62, 0x3A, 0x20, 0xC3, 0x28], 2, 4, "0xC3"),
        ([0x0A, 0x0A, 0xE2, 0x82], 3, 1, "0xE2"),
    ] as [([UInt8], Int, Int, String)])
    func invalidUTF8IsReportedAtTheFirstBadByte(bytes: [UInt8], line: Int, column: Int, byte: String) {
        #expect {
            try YAMLLite.parse(data: Data(bytes), path: "bad.yaml-lite")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.mark == Mark(line: line, column: column)
                && diagnostic.message.contains("not valid UTF-8") && diagnostic.message.contains(byte)
                && diagnostic.path == "bad.yaml-lite"
        }
    }

    @Test func deeplyNestedFlowCollectionsAreAnErrorNotACrash() {
        let yaml = "a: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: Diagnostic.self) { try parse(yaml) }
    }

    @Test func deeplyNestedBlockSequencesAreAnErrorNotACrash() {
        let yaml = String(repeating: "- ", count: 3000) + "a"
        #expect(throws: Diagnostic.self) { try parse(yaml) }
    }
}

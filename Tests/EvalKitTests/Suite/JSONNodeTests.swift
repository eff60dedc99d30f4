import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite struct JSONNodeTests {
    @Test func readsObjectsKeepingOrderNumbersAndMarks() throws {
        let value = try JSONNode.parse(#"{"prompt": "1", "n": 1.50, "ok": true, "none": null, "list": [1, "a"]}"#, start: Mark(line: 7, column: 1))
        #expect(value.mark == Mark(line: 7, column: 1))
        #expect(value.members?.map(\.key) == ["prompt", "n", "ok", "none", "list"])
        #expect(value["prompt"]?.string == "1")
        #expect(value["prompt"]?.mark == Mark(line: 7, column: 12))
        #expect(value["n"]?.text == "1.50")
        #expect(value["ok"]?.text == "true")
        #expect(value["none"]?.text == "")
        #expect(value["list"]?.text == #"[1,"a"]"#)
    }

    @Test func decodesEscapes() throws {
        let value = try JSONNode.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value.string == "a\"b\\c/d\n\té😀")
    }

    @Test func writesStringsBackAsJSON() throws {
        let value = try JSONNode.parse(#"{"k": "q\"\n\u0001"}"#)
        #expect(value.json == #"{"k":"q\"\n\u0001"}"#)
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 9, "expected a string key"),
        (#"{"a" 1}"#, 6, "expected ':'"),
        (#"{"a": tru}"#, 7, "unknown literal"),
        (#"{"a": 01}"#, 8, "expected ',' or '}'"),
        (#"{"a": "x"} extra"#, 12, "after the JSON value"),
        (#"{"a": "unterminated}"#, 21, "unterminated string"),
        (#"{"a": "\q"}"#, 8, "unknown escape"),
        (#"[1, 2"#, 6, "expected ',' or ']'"),
    ])
    func reportsSyntaxErrorsWithColumns(text: String, column: Int, fragment: String) {
        #expect {
            _ = try JSONNode.parse(text, start: Mark(line: 3, column: 1))
        } throws: { error in
            let error = error as? JSONNode.SyntaxError
            return error?.mark == Mark(line: 3, column: column) && error?.message.contains(fragment) == true
        }
    }

    @Test func tracksLinesAcrossAMultiLineText() throws {
        let value = try JSONNode.parse("[\n  {\"a\": 1},\n  {\"b\": 2}\n]")
        #expect(value.elements?.map(\.mark) == [Mark(line: 2, column: 3), Mark(line: 3, column: 3)])
    }
}

import Testing
import YAMLLite
@testable import EvalKitSupport

/// A flat JSONL row read straight from its bytes is the node the full parser gives, marks and
/// all; anything else is left to the full parser.
@Suite struct JSONFlatObjectTests {
    static let read = [
        #"{"id": "c1", "prompt": "1", "expect": "2"}"#,
        #"  {"prompt":"a b","expect":null,"n":-12.5e+3,"z":0,"t":true,"f":false}  "#,
        "{\t\"k\" :\t\"v\"\t}",
        #"{}"#,
        #"{"": ""}"#,
        #"{"q": "say \"hi\"\n\tthen \\ go \/ \u00e9 \ud83d\ude00"}"#,
        #"{"a": 1, "b": 2.0, "c": 1E9, "d": -0}"#,
    ]

    static let leftToTheParser = [
        #"{"tags": ["a", "b"], "prompt": "1"}"#,
        #"{"nested": {"a": 1}}"#,
        #"{"a": 1, "a": 2}"#,
        #"{"k\u0041": 1}"#,
        #"{"prompt": "café"}"#,
        #"{"a": 01}"#,
        #"{"a": 1,}"#,
        #"{"a": 1} x"#,
        #"{"a" 1}"#,
        #"{"a": "\ud800"}"#,
        #"{"a": tru}"#,
        #"["a"]"#,
        #"{"a": "x"#,
        "",
    ]

    @Test(arguments: read)
    func readsTheRowTheParserReads(row: String) throws {
        let start = Mark(line: 7, column: 1)
        let fast = try #require(JSONNode.parseFlatObject(row, start: start))
        #expect(fast == (try JSONNode.parse(row, start: start)))
    }

    @Test(arguments: leftToTheParser)
    func leavesAnythingElseToTheParser(row: String) {
        #expect(JSONNode.parseFlatObject(row, start: Mark(line: 1, column: 1)) == nil)
    }
}

import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSuite

@Suite struct JSONMatcherTests {
    @Test func validJSON() async {
        #expect(await JSONMatcher().evaluate(#" {"a": [1, 2.5, true, null, "x"]} "#).passed)
        let result = await JSONMatcher().evaluate("{a: 1}")
        #expect(result.matcher == "json")
        #expect(result.message == #"expected valid JSON, got "{a: 1}" (invalid JSON: expected a string key, got 'a' at line 1, column 2)"#)
    }

    @Test func equalsIgnoresKeyOrderAndNumberSpelling() async throws {
        let matcher = try JSONMatcher(equals: #"{"a": 1, "b": [1, 2]}"#)
        #expect(await matcher.evaluate(#"{"b": [1, 2.0], "a": 1e0}"#).passed)
        #expect(await matcher.evaluate(#"{"a": 1, "b": [2, 1]}"#).message == #"expected JSON equal to {"a":1,"b":[1,2]}, got "{\"a\": 1, \"b\": [2, 1]}" (at /b/0: expected 1, got 2)"#)
        #expect(await matcher.evaluate(#"{"a": 1, "b": [1, 2], "c": 3}"#).message.hasSuffix(#"(unexpected key "c")"#))
        #expect(await matcher.evaluate(#"{"b": [1, 2]}"#).message.hasSuffix(#"(missing key "a")"#))
        #expect(await matcher.evaluate(#"{"a": 1, "b": [1]}"#).message.hasSuffix("(at /b: expected 2 items, got 1)"))
        #expect(await matcher.evaluate("[1]").message.hasSuffix("(expected an object, got [1])"))
    }

    @Test func containsIsARecursiveSubset() async throws {
        let matcher = try JSONMatcher(contains: #"{"user": {"name": "Ada"}, "tags": ["b"]}"#)
        #expect(await matcher.evaluate(#"{"id": 7, "user": {"name": "Ada", "age": 36}, "tags": ["a", "b"]}"#).passed)
        #expect(await matcher.evaluate(#"{"user": {"name": "Bob"}, "tags": ["b"]}"#).message.hasSuffix(#"(at /user/name: expected "Ada", got "Bob")"#))
        #expect(await matcher.evaluate(#"{"user": {"name": "Ada"}, "tags": ["a"]}"#).message.hasSuffix(#"(at /tags: expected an item matching "b")"#))
    }

    @Test func plainYAMLScalarsAreTypedJSONValues() async {
        let pattern = JSONPattern(node: .mapping([
            "count": .scalar("5"), "ok": .scalar("true"), "name": .scalar("Ada"), "none": .null, "list": .sequence([.scalar("1"), .scalar("x")]),
        ]))
        let matcher = JSONMatcher(.equals(pattern))
        #expect(await matcher.evaluate(#"{"count": 5, "ok": true, "name": "Ada", "none": null, "list": [1, "x"]}"#).passed)
        #expect(await matcher.evaluate(#"{"count": 5.0, "ok": true, "name": "Ada", "none": null, "list": [1, "x"]}"#).passed)
        #expect(await matcher.evaluate(#"{"count": "5", "ok": true, "name": "Ada", "none": null, "list": [1, "x"]}"#).message.hasSuffix(#"(at /count: expected 5, got "5")"#))
        #expect(await matcher.evaluate(#"{"count": 5, "ok": "true", "name": "Ada", "none": null, "list": [1, "x"]}"#).message.hasSuffix(#"(at /ok: expected true, got "true")"#))
        #expect(await matcher.evaluate(#"{"count": 5, "ok": true, "name": "Ada", "none": null, "list": ["1", "x"]}"#).message.hasSuffix(#"(at /list/0: expected 1, got "1")"#))
        #expect(await matcher.evaluate(#"{"count": 6, "ok": true, "name": "Ada", "none": null, "list": [1, "x"]}"#).message.hasSuffix("(at /count: expected 5, got 6)"))
        #expect(await matcher.evaluate(#"{"count": 5, "ok": 1, "name": "Ada", "none": null, "list": [1, "x"]}"#).status == .failed)
        #expect(pattern.rendered == #"{"count":5,"ok":true,"name":"Ada","none":null,"list":[1,"x"]}"#)
    }

    @Test(arguments: [
        ("{ok: true}", #"{"ok": true}"#, #"{"ok": "true"}"#),
        (#"{ok: "true"}"#, #"{"ok": "true"}"#, #"{"ok": true}"#),
        ("{n: '3'}", #"{"n": "3"}"#, #"{"n": 3}"#),
        ("{n: 3}", #"{"n": 3.0}"#, #"{"n": "3"}"#),
        ("{n: null}", #"{"n": null}"#, #"{"n": "null"}"#),
        ("{n: 'null'}", #"{"n": "null"}"#, #"{"n": null}"#),
        ("{n: 1_000}", #"{"n": "1_000"}"#, #"{"n": 1000}"#),
        ("[false, -2.5e3, x]", #"[false, -2500, "x"]"#, #"["false", -2500, "x"]"#),
    ])
    func yamlLiteQuotingDecidesTheType(pattern: String, passes: String, fails: String) async throws {
        let matcher = JSONMatcher(.equals(JSONPattern(node: try YAMLLite.parseValue(pattern, path: "suite.yaml-lite"))))
        #expect(await matcher.evaluate(passes).passed, "\(pattern) on \(passes)")
        #expect(await matcher.evaluate(fails).status == .failed, "\(pattern) on \(fails)")
    }

    @Test func blockMappingsAreTypedToo() async throws {
        let node = try #require(try YAMLLite.parse(SourceFile(path: "suite.yaml-lite", text: "ok: true\nflag: \"false\"\ncount: 2\nlabel: |\n  7\n")))
        let matcher = JSONMatcher(.equals(JSONPattern(node: node)))
        #expect(await matcher.evaluate(#"{"ok": true, "flag": "false", "count": 2, "label": "7\n"}"#).passed)
        #expect(await matcher.evaluate(#"{"ok": true, "flag": false, "count": 2, "label": "7\n"}"#).status == .failed)
    }

    @Test func pointerEscapesKeys() {
        let pattern = JSONPattern.object([.init(key: "a/b~c", value: .value(.number("1")))])
        #expect(pattern.mismatch(in: .object([.init(key: "a/b~c", value: .number("2"))]), subset: false)?.description == "at /a~1b~0c: expected 1, got 2")
    }

    @Test(arguments: [
        (#"{"a":"\u00e9\ud83d\ude00\n"}"#, JSONValue.object([.init(key: "a", value: .string("é😀\n"))])),
        ("[-0.5e+3, 0, true, false, null]", .array([.number("-0.5e+3"), .number("0"), .bool(true), .bool(false), .null])),
        (#""\/\"\\""#, .string("/\"\\")),
    ])
    func parsesJSON(text: String, value: JSONValue) throws {
        #expect(try JSONValue.parse(text) == value)
    }

    @Test(arguments: ["", "{", "[1,]", "01", "1.", "\"a", "{\"a\" 1}", "tru", "[1] 2", "\"\\x\"", "\"\\ud800\"", "'a'", "NaN"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }
}

import Testing
import Foundation
import YAMLLite

@Suite struct ParserTests {
    @Test(arguments: [
        ("a: b", #"{"a": "b"}"#),
        ("a: 1\nb: no\nc: ~\nd: null\ne: true\nf: -3\ng: 1,000\nh: III", #"{"a": "1", "b": "no", "c": "~", "d": "null", "e": "true", "f": "-3", "g": "1,000", "h": "III"}"#),
        ("key:", #"{"key": null}"#),
        ("key: \"\"\nother: ''", #"{"key": "", "other": ""}"#),
        ("# heading\na: b # comment\n\n  # indented comment\nc: d\n# end", #"{"a": "b", "c": "d"}"#),
        ("a#b: c#d", #"{"a#b": "c#d"}"#),
        ("url: http://example.com/a?b=c#frag", #"{"url": "http://example.com/a?b=c#frag"}"#),
        ("a: b:c\nd: :e\nf: ?g\ng: -h", #"{"a": "b:c", "d": ":e", "f": "?g", "g": "-h"}"#),
        ("a: b   \nc:   d  # x", #"{"a": "b", "c": "d"}"#),
        ("a: one two  three", #"{"a": "one two  three"}"#),
        ("a: b\tc\nd:\te", #"{"a": "b\tc", "d": "e"}"#),
        ("\"quoted key\": v\n'single key': w\n\"k\" : x\n\"\": y", #"{"quoted key": "v", "single key": "w", "k": "x", "": "y"}"#),
        ("a : b", #"{"a": "b"}"#),
        ("a: 'it''s # not a comment'", #"{"a": "it's # not a comment"}"#),
        (#"a: "q\"b\\s\n\t\r\0\/e\u00e9\U0001F600""#, #"{"a": "q\"b\\s\n\t\r\u{0}/eé😀"}"#),
        (#"a: "\a\b\e\f\v\x41\ \_\N\L\P""#, "{\"a\": \"\\u{7}\\u{8}\\u{1b}\\u{c}\\u{b}A \u{A0}\\u{85}\u{2028}\u{2029}\"}"),
        (#"a: "\uD83D\uDE00 \u00E9""#, #"{"a": "😀 é"}"#),
        ("a: \"x\" # comment\nb: 'y'   ", #"{"a": "x", "b": "y"}"#),
        ("- a\n- b", #"["a", "b"]"#),
        ("- id: x\n  k: v\n- id: y", #"[{"id": "x", "k": "v"}, {"id": "y"}]"#),
        ("- - a\n  - b\n- c", #"[["a", "b"], "c"]"#),
        ("- - - a", #"[[["a"]]]"#),
        ("key:\n- a\n- b\nother: c", #"{"key": ["a", "b"], "other": "c"}"#),
        ("key:\n  - a\n  - b\nother: c", #"{"key": ["a", "b"], "other": "c"}"#),
        ("-\n- \n- # c\n-", "[null, null, null, null]"),
        ("-\n  a: b\n- c", #"[{"a": "b"}, "c"]"#),
        ("a:\n  b:\n    c: d\n  e: f\ng: h", #"{"a": {"b": {"c": "d"}, "e": "f"}, "g": "h"}"#),
        ("a:   # comment\n  b: c", #"{"a": {"b": "c"}}"#),
        ("a:\n  - b\n  -\n    c: d\n  - e:\n      - f", #"{"a": ["b", {"c": "d"}, {"e": ["f"]}]}"#),
        ("- a: 1\n  b:\n  - x\n  c: 2", #"[{"a": "1", "b": ["x"], "c": "2"}]"#),
        ("-   a: 1\n    b: 2", #"[{"a": "1", "b": "2"}]"#),
        ("a:\n- x\nb:\n- y", #"{"a": ["x"], "b": ["y"]}"#),
        ("a: b\n\n\n\nc: d", #"{"a": "b", "c": "d"}"#),
        ("ключ: значение 😀\n\"🔑\": ✓", #"{"ключ": "значение 😀", "🔑": "✓"}"#),
        ("- [a, b]\n- {c: d}", #"[["a", "b"], {"c": "d"}]"#),
        ("---\na: b", #"{"a": "b"}"#),
        ("# c\n--- # start\na: b\n...\n# trailing comment", #"{"a": "b"}"#),
        ("hello", #""hello""#),
        ("\"quoted\"", #""quoted""#),
        ("[a]", #"["a"]"#),
        ("  a: b\n  c: d", #"{"a": "b", "c": "d"}"#),
        ("a: ---\nb: ...", #"{"a": "---", "b": "..."}"#),
        ("- ---", #"["---"]"#),
        ("---: a", #"{"---": "a"}"#),
    ])
    func parsesSupportedConstruct(yaml: String, expected: String) throws {
        #expect(dump(try parse(yaml)) == expected)
    }

    @Test(arguments: [
        ("a: [x, \"b c\", [1, 2], {x: y}]", #"{"a": ["x", "b c", ["1", "2"], {"x": "y"}]}"#),
        ("e: {numeric: 5, tolerance: 0}", #"{"e": {"numeric": "5", "tolerance": "0"}}"#),
        ("a: []\nb: {}\nc: [ ]\nd: { }", #"{"a": [], "b": {}, "c": [], "d": {}}"#),
        ("a: [a, b,]\nb: {x: 1,}", #"{"a": ["a", "b"], "b": {"x": "1"}}"#),
        ("a: {x: , y:, z: }", #"{"a": {"x": null, "y": null, "z": null}}"#),
        (#"a: {"k":1, 'l':[true,false], "m": "n"}"#, #"{"a": {"k": "1", "l": ["true", "false"], "m": "n"}}"#),
        ("a: [ a b , c ]   # comment", #"{"a": ["a b", "c"]}"#),
        ("a: [http://x.y/z, a:b, -1, 'it''s', \"\"]", #"{"a": ["http://x.y/z", "a:b", "-1", "it's", ""]}"#),
        ("a: [[[]], {b: [c, {d: e}]}]", #"{"a": [[[]], {"b": ["c", {"d": "e"}]}]}"#),
        ("a: [a#b, c]", #"{"a": ["a#b", "c"]}"#),
    ])
    func parsesFlowCollections(yaml: String, expected: String) throws {
        #expect(dump(try parse(yaml)) == expected)
    }

    @Test(arguments: [
        ("a: \"one\n  two\n\n  three\n\n\n  four\"", #"{"a": "one two\nthree\n\nfour"}"#),
        ("a: 'one   \n    two'", #"{"a": "one two"}"#),
        ("a: \"one \\\n   two\"", #"{"a": "one two"}"#),
        ("a: \"one\\\n  \\ two\"", #"{"a": "one two"}"#),
        ("a: \"tab\\t\n  next\"", #"{"a": "tab\t next"}"#),
        ("- \"a\n  b\"\n- c", #"["a b", "c"]"#),
        ("\"top\nlevel\"", #""top level""#),
    ])
    func foldsQuotedScalarsOverLines(yaml: String, expected: String) throws {
        #expect(dump(try parse(yaml)) == expected)
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "--- # c\n# d\n", "...\n", "  \n\t\n"])
    func emptyDocumentIsNil(yaml: String) throws {
        #expect(try parse(yaml) == nil)
    }

    @Test func crlfLineEndsParseLikeLF() throws {
        let lf = "a: b\nc:\n  - d\n  - \"e\n    f\"\ng: |\n  x\n  y\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let fromCRLF = try #require(try parse(crlf))
        let fromLF = try #require(try parse(lf))
        #expect(fromCRLF == fromLF)
        #expect(dump(fromCRLF) == #"{"a": "b", "c": ["d", "e f"], "g": "x\ny\n"}"#)
    }

    @Test func byteOrderMarkIsSkippedAndDoesNotCountAsAColumn() throws {
        let node = try #require(try parse("\u{FEFF}a: b\n"))
        #expect(dump(node) == #"{"a": "b"}"#)
        #expect(node.entries?.first?.keyMark == Mark(line: 1, column: 1))
        #expect(node["a"]?.mark == Mark(line: 1, column: 4))
    }

    @Test func everyScalarIsAStringAndOnlyAnEmptyValueIsNull() throws {
        let node = try #require(try parse("a: null\nb: ~\nc:\nd: \"\"\ne: [null, ~, ]\n"))
        #expect(node["a"]?.content == .scalar("null"))
        #expect(node["b"]?.content == .scalar("~"))
        #expect(node["c"]?.isNull == true)
        #expect(node["d"]?.content == .scalar(""))
        #expect(dump(node["e"]) == #"["null", "~"]"#)
    }

    @Test func stylesAreRecorded() throws {
        let node = try #require(try parse("a: p\nb: 's'\nc: \"d\"\nd: |\n  l\ne: >\n  f\nf: [x]\ng: {}\nh:\n  - i\nj:\n"))
        let styles = try #require(node.entries).map(\.value.style)
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded, .flow, .flow, .block, .plain])
        #expect(node.style == .block)
    }

    @Test func nodesCarryTheirMarks() throws {
        let yaml = """
            suite: s
            cases:
              - id: one
                expect:
                  - regex: "^a$"
                tags: [x, 'y']
              - prompt: |
                  hi
                empty:
            compact:
            - a
            -
            """
        let root = try #require(try parse(yaml))
        #expect(root.mark == Mark(line: 1, column: 1))
        #expect(root.entries?.map(\.keyMark) == [Mark(line: 1, column: 1), Mark(line: 2, column: 1), Mark(line: 10, column: 1)])
        #expect(root["suite"]?.mark == Mark(line: 1, column: 8))
        let cases = try #require(root["cases"])
        #expect(cases.mark == Mark(line: 3, column: 3))
        let first = try #require(cases.items?.first)
        #expect(first.mark == Mark(line: 3, column: 5))
        #expect(first.entry("expect")?.keyMark == Mark(line: 4, column: 5))
        let expect = try #require(first["expect"])
        #expect(expect.mark == Mark(line: 5, column: 7))
        #expect(expect.items?.first?.mark == Mark(line: 5, column: 9))
        #expect(expect.items?.first?["regex"]?.mark == Mark(line: 5, column: 16))
        let tags = try #require(first["tags"])
        #expect(tags.mark == Mark(line: 6, column: 11))
        #expect(tags.items?.map(\.mark) == [Mark(line: 6, column: 12), Mark(line: 6, column: 15)])
        let second = try #require(cases.items?.last)
        #expect(second["prompt"]?.mark == Mark(line: 7, column: 13))
        #expect(second["empty"]?.mark == Mark(line: 9, column: 11))
        #expect(second["empty"]?.isNull == true)
        let compact = try #require(root["compact"])
        #expect(compact.mark == Mark(line: 11, column: 1))
        #expect(compact.items?.last?.mark == Mark(line: 12, column: 2))
        #expect(compact.items?.last?.isNull == true)
    }

    @Test func marksCountUnicodeScalarsNotBytesOrGraphemes() throws {
        let node = try #require(try parse("é👍🏽: [ü, \"e\u{301}\", x]"))
        let value = try #require(node["é👍🏽"])
        #expect(value.mark == Mark(line: 1, column: 6))
        #expect(value.items?.map(\.mark.column) == [7, 10, 16])
    }

    @Test func parsesTheSuiteExampleOfTheSpec() throws {
        let yaml = """
            suite: next-number                 # required; [A-Za-z0-9._-]+; names the golden folder
            description: The tuned model answers the next number in the sequence.
            default_target: reference
            targets:                           # names: [A-Za-z0-9_-]+
              reference:                       # the built-in reference model: runs offline, no key
                provider: reference
                model: next-number
              base:
                provider: gemini
                model: models/gemini-2.0-flash
                system: Answer with the next number in the sequence and nothing else.   # per-target prompt
              tuned:
                provider: gemini
                model: ${TUNED_MODEL}          # ${VAR}: only in target fields; unset + target used = exit 2
              local:
                provider: openai
                base_url: http://127.0.0.1:8000/v1
                model: next-number-lora
                max_concurrency: 4
            defaults:                          # apply to every case; a case or target says otherwise
              temperature: 0
              max_tokens: 16
              template: "{{prompt}}"           # {{prompt}} and {{name}} for each of the case's vars
            gate:
              min_pass_rate: 1.0               # per judged target, over answered cases
              max_regressions: 0               # against the baseline
              significant_regression: 0.05     # fail when worse than the baseline with McNemar p below this
            cases:
              - id: digits-1
                prompt: "1"
                expect: "2"                    # a bare string means exact match
              - prompt: one hundred            # derived id: "one-hundred" (§4.1)
                expect: one hundred one
                tags: [words, heldout]
              - id: comma
                prompt: "10,100,000"
                expect: {numeric: 10100001}
              - id: roman
                prompt: III
                expect:                        # a list: every matcher must pass
                  - regex: "^IV$"
                  - not_contains: sorry
            cases_from:                        # optional, one or a list (§4.3)
              path: data/next-number.jsonl     # relative to the suite file
              format: gemini-tuning
            """
        let root = try #require(try parse(yaml))
        #expect(root.entries?.map(\.key) == ["suite", "description", "default_target", "targets", "defaults", "gate", "cases", "cases_from"])
        #expect(root["targets"]?["base"]?["system"]?.scalar == "Answer with the next number in the sequence and nothing else.")
        #expect(root["targets"]?["tuned"]?["model"]?.scalar == "${TUNED_MODEL}")
        #expect(root["targets"]?["local"]?["base_url"]?.scalar == "http://127.0.0.1:8000/v1")
        #expect(root["defaults"]?["template"]?.scalar == "{{prompt}}")
        #expect(root["gate"]?["min_pass_rate"]?.scalar == "1.0")
        let cases = try #require(root["cases"]?.items)
        #expect(cases.count == 4)
        #expect(dump(cases[0]) == #"{"id": "digits-1", "prompt": "1", "expect": "2"}"#)
        #expect(dump(cases[1]) == #"{"prompt": "one hundred", "expect": "one hundred one", "tags": ["words", "heldout"]}"#)
        #expect(dump(cases[2]["expect"]) == #"{"numeric": "10100001"}"#)
        #expect(dump(cases[3]["expect"]) == #"[{"regex": "^IV$"}, {"not_contains": "sorry"}]"#)
        #expect(cases[3].entry("expect")?.keyMark == Mark(line: 40, column: 5))
        #expect(dump(root["cases_from"]) == #"{"path": "data/next-number.jsonl", "format": "gemini-tuning"}"#)
    }

    @Test func parsesValidUTF8Data() throws {
        let node = try YAMLLite.parse(data: Data("\u{FEFF}a: é\r\n".utf8), path: "f.yaml-lite")
        #expect(dump(node) == #"{"a": "é"}"#)
    }
}

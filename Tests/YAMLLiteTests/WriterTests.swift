import Testing
import YAMLLite

/// Strings that break naive YAML writers.
let hostileStrings: [String] = [
    "", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "a\r\nb\r\n", " leading", "trailing ", " both ", "a  b",
    "#", "# comment", "a #b", "a#b", "a # b", ":", "a:", "a: b", "a:b", ": a", "key: value # c",
    "-", "- ", "- a", "-a", "--", "---", "--- a", "...", "... a", "?", "? a", "?a", "[", "[a]", "]", "{", "{a: b}", "}", ",", ", a",
    "&a", "*a", "!a", "!!str", "%YAML", "@a", "`a`", "|", "|-", ">", "> a", "'", "''", "'a'", "\"", "\"a\"", "a'b", "a\"b",
    "\\", "\\n", "a\\", "true", "false", "null", "Null", "~", "yes", "no", "on", "off", "1", "-3", "1,000", "0x1F", "1e3", ".inf", ".nan", "III",
    "line\nnext", "line\nnext\n", "line\nnext\n\n", "line\nnext\n\n\n", "\nleading newline", "a\n\nb", "a\n \nb", "a \nb", "a\n b", " a\nb",
    "  indented\nlines\n", "a\n\tb", "a\r\nb", "x\n#not comment\n---\n...\n", "- a\n- b\n", "key: v\nother: w\n",
    "\u{0}", "a\u{0}b", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}[31mred\u{1B}[0m", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{A0}a\u{A0}",
    "é", "naïve café", "日本語", "😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "e\u{301}", "\u{301}", "\u{200B}", "\u{200D}", "\u{2028}", "\u{2029}", "a\u{2028}b", "\u{FEFF}", "\u{FEFF}a",
    String(Unicode.Scalar(0xFFFE)!), "\u{FFFF}", String(Unicode.Scalar(0xFDD0)!), "\u{E000}", "\u{10FFFF}", "\u{1F600}\n\u{1F600}", "\u{202E}evil", "{{prompt}}", "${VAR}", "<b>&amp;</b>",
    String(repeating: "long ", count: 200), String(repeating: "x\n", count: 50),
]

@Suite struct WriterTests {
    /// The documents a string is written in: a top-level scalar, a value, a key, and nested in sequences and mappings.
    static func documents(embedding text: String) -> [Node] {
        var entries: [Node.Entry] = [
            Node.Entry(key: "value", value: .scalar(text)),
            Node.Entry(key: "nested", value: .sequence([
                .scalar(text),
                .sequence([.scalar(text), .sequence([.scalar(text)])]),
                .mapping([Node.Entry(key: "k", value: .scalar(text)), Node.Entry(key: "n", value: .null)]),
                .null,
                .mapping([]),
                .sequence([]),
            ])),
        ]
        if text != "value" && text != "nested" {
            entries.append(Node.Entry(key: text, value: .mapping([Node.Entry(key: text, value: .sequence([.scalar(text)]))])))
        }
        return [.scalar(text), .mapping(entries), .sequence([.mapping([Node.Entry(key: text, value: .scalar(text))])])]
    }

    static func expectRoundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for document in documents(embedding: text) {
            let written = YAMLLite.write(document)
            do {
                let parsed = try parse(written)
                #expect(parsed.map(normalized) == document, "string \(dump(.scalar(text))) written as:\n\(written)", sourceLocation: sourceLocation)
                #expect(written.hasSuffix("\n"), sourceLocation: sourceLocation)
            } catch {
                Issue.record("string \(dump(.scalar(text))) written as:\n\(written)\ndoes not parse: \(error)", sourceLocation: sourceLocation)
            }
        }
        let inline = YAMLLite.inlineScalar(text)
        #expect(!inline.unicodeScalars.contains("\n"), sourceLocation: sourceLocation)
        #expect((try? YAMLLite.parseValue(inline, path: "v").content) == .scalar(text), "inline: \(inline)", sourceLocation: sourceLocation)
    }

    @Test(arguments: hostileStrings)
    func hostileStringRoundTrips(text: String) {
        Self.expectRoundTrip(text)
    }

    @Test func everyASCIIScalarRoundTripsAloneAndWithSpacesAndNewlines() {
        for value in 0..<0x80 {
            let c = String(Unicode.Scalar(UInt8(value)))
            for text in [c, " " + c, c + " ", "a" + c, c + "a", c + "\n", "\n" + c, "x\n" + c + "\ny", c + c, c + " " + c, "- " + c, c + ": x", "a " + c + " b"] {
                Self.expectRoundTrip(text)
            }
        }
    }

    @Test func seededRandomStringsRoundTrip() {
        let alphabet: [String] = [
            " ", " ", "\t", "\n", "\n", "\r", "#", ":", ": ", " #", "-", "- ", "?", "'", "\"", "\\", "[", "]", "{", "}", ",",
            "&", "*", "!", "|", ">", "%", "@", "`", "~", ".", "---", "...", "a", "b", "z", "0", "1", "é", "😀", "\u{0}",
            "\u{1B}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}", "\u{200D}", "\u{301}", "\u{FFFF}", "\\n", "\\u",
        ]
        var generator = SplitMix64(state: 20_240_601)
        for _ in 0..<2000 {
            let length = Int.random(in: 0...12, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            Self.expectRoundTrip(text)
        }
    }

    @Test func writingIsStableAcrossARoundTrip() throws {
        for text in hostileStrings {
            for document in Self.documents(embedding: text) {
                let written = YAMLLite.write(document)
                let again = try #require(try parse(written))
                #expect(YAMLLite.write(again) == written)
            }
        }
    }

    @Test(arguments: [
        ("2", "2"), ("true", "true"), ("null", "null"), ("~", "~"), ("-3", "-3"), ("1,000", "1,000"), ("a#b", "a#b"), ("a:b", "a:b"),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"), ("it's", "it's"), ("say \"hi\"", "say \"hi\""),
        ("é 😀 👨‍👩‍👧", "é 😀 👨‍👩‍👧"), ("back\\slash", "back\\slash"),
        ("", #""""#), (" a", #"" a""#), ("a ", #""a ""#), ("a: b", #""a: b""#), ("a:", #""a:""#), ("a #b", #""a #b""#),
        ("-", #""-""#), ("- a", #""- a""#), ("---", #""---""#), ("...", #""...""#), ("'q'", #""'q'""#), ("\"q\"", #""\"q\"""#),
        ("[x]", #""[x]""#), ("{{prompt}}", #""{{prompt}}""#), ("&a", #""&a""#), ("?", #""?""#), (":x", #"":x""#),
        ("tab\there", #""tab\there""#), ("line\nnext", #""line\nnext""#), ("2\n", #""2\n""#), ("\r\n", #""\r\n""#),
        ("\u{0}", #""\0""#), ("\u{1B}[31m", #""\u001B[31m""#), ("\u{85}", #""\u0085""#), ("\u{2028}", #""\u2028""#),
        ("\u{FEFF}", #""\uFEFF""#), ("\u{202E}", #""\u202E""#), ("\u{FFFF}", #""\uFFFF""#), ("\u{E0001}", #""\U000E0001""#),
    ])
    func inlineScalarIsPlainWhenSafeAndDoubleQuotedOtherwise(text: String, expected: String) {
        #expect(YAMLLite.inlineScalar(text) == expected)
    }

    @Test func writesAGoldenLikeDocumentReadably() throws {
        let document = Node.mapping([
            "model": .scalar("tunedModels/next-number-abc"),
            "cases": .mapping([
                "digits-1": .mapping(["prompt": .scalar("1"), "output": .scalar("2")]),
                "comma": .mapping(["prompt": .scalar("10,100,000"), "output": .scalar("10,100,001")]),
                "multi-line": .mapping(["prompt": .scalar("line one\nline two"), "output": .scalar("a\n\nb\n")]),
                "kept": .mapping(["prompt": .scalar("  indented\nnext"), "output": .scalar("x\ny\n\n")]),
                "tricky": .mapping(["prompt": .scalar("a: b"), "output": .scalar(" spaced ")]),
                "control": .mapping(["prompt": .scalar("bell\u{7}"), "output": .scalar("2\n")]),
                "empty": .mapping(["prompt": .scalar(""), "output": .null]),
            ]),
            "tags": .sequence([.scalar("words"), .sequence([.scalar("x")]), .mapping(["k": .scalar("v"), "l": .sequence([])])]),
            "none": .mapping([]),
        ])
        let written = YAMLLite.write(document, headerComment: "Golden outputs of suite next-number, target tuned. Written by evals; review changes like code.")
        #expect(written == """
            # Golden outputs of suite next-number, target tuned. Written by evals; review changes like code.
            model: tunedModels/next-number-abc
            cases:
              digits-1:
                prompt: 1
                output: 2
              comma:
                prompt: 10,100,000
                output: 10,100,001
              multi-line:
                prompt: |-
                  line one
                  line two
                output: |
                  a

                  b
              kept:
                prompt: |2-
                    indented
                  next
                output: |+
                  x
                  y

              tricky:
                prompt: "a: b"
                output: " spaced "
              control:
                prompt: "bell\\u0007"
                output: "2\\n"
              empty:
                prompt: ""
                output:
            tags:
              - words
              - - x
              - k: v
                l: []
            none: {}

            """)
        #expect(try parse(written).map(normalized) == document)
    }

    @Test func writesTopLevelValues() throws {
        #expect(YAMLLite.write(.scalar("x")) == "x\n")
        #expect(YAMLLite.write(.scalar("a\nb\n")) == "|\n  a\n  b\n")
        #expect(YAMLLite.write(.scalar(" a\nb")) == "\" a\\nb\"\n")
        #expect(YAMLLite.write(.sequence([])) == "[]\n")
        #expect(YAMLLite.write(.mapping([])) == "{}\n")
        #expect(YAMLLite.write(.null) == "")
        #expect(YAMLLite.write(.null, headerComment: "a\n\nb\u{7}") == "# a\n#\n# b\\u0007\n")
        #expect(try parse(YAMLLite.write(.null, headerComment: "only a comment")) == nil)
    }
}
